import ndarray from 'ndarray';
import ops from 'ndarray-ops';
import { ShapeError } from '../errors.js';

export type DType = 'float32' | 'float64';
export type Data = Float32Array | Float64Array;

/** Nested number arrays of any depth, as accepted by `Tensor.from`. */
export type NestedArray = number | readonly NestedArray[];

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new ShapeError(`invalid dimension ${d} in shape [${shape.join(', ')}]`);
    n *= d;
  }
  return n;
}

export function allocate(dtype: DType, size: number): Data {
  try {
    return dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
  } catch (e) {
    // The engine's limit (about 2^32 elements in Node 20), or memory it could not get.
    if (e instanceof RangeError) throw new ShapeError(`cannot allocate ${size} ${dtype} elements: ${e.message}`);
    throw e;
  }
}

/**
 * A dense, row-major, contiguous array of float32 (default) or float64 numbers.
 *
 * `data` always starts at element 0 of the tensor: views (`row`, `rows`, `reshape`)
 * are `subarray`s of the parent's buffer, so they cost nothing and kernels never
 * have to reason about offsets or strides. `nd` exposes the same memory as a scijs
 * ndarray for interop with ndarray-ops and friends.
 */
export class Tensor {
  readonly shape: readonly number[];
  readonly data: Data;
  private ndCache: ndarray.NdArray<Data> | undefined;

  constructor(data: Data, shape: readonly number[]) {
    const size = sizeOf(shape);
    if (data.length !== size) {
      throw new ShapeError(`data has ${data.length} elements but shape [${shape.join(', ')}] needs ${size}`);
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
  }

  static zeros(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return new Tensor(allocate(dtype, sizeOf(shape)), shape);
  }

  static full(shape: readonly number[], value: number, dtype: DType = 'float32'): Tensor {
    const t = Tensor.zeros(shape, dtype);
    t.data.fill(value);
    return t;
  }

  static ones(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return Tensor.full(shape, 1, dtype);
  }

  /** From a flat array (copied) and a shape. */
  static fromFlat(values: ArrayLike<number>, shape: readonly number[], dtype: DType = 'float32'): Tensor {
    const data = allocate(dtype, values.length);
    for (let i = 0; i < values.length; i++) data[i] = values[i]!;
    return new Tensor(data, shape);
  }

  /** From nested arrays, which must be rectangular: `Tensor.from([[1, 2], [3, 4]])`. */
  static from(values: NestedArray, dtype: DType = 'float32'): Tensor {
    const shape: number[] = [];
    let probe: NestedArray = values;
    while (Array.isArray(probe)) {
      shape.push(probe.length);
      if (probe.length === 0) break;
      probe = probe[0] as NestedArray;
    }
    const flat: number[] = [];
    const walk = (v: NestedArray, depth: number, path: string): void => {
      if (depth === shape.length) {
        if (typeof v !== 'number') throw new ShapeError(`ragged array at ${path}: expected a number`);
        flat.push(v);
        return;
      }
      if (!Array.isArray(v) || v.length !== shape[depth]) {
        throw new ShapeError(`ragged array at ${path}: expected length ${shape[depth]}`);
      }
      v.forEach((x: NestedArray, i: number) => walk(x, depth + 1, `${path}[${i}]`));
    };
    walk(values, 0, 'root');
    return Tensor.fromFlat(flat, shape, dtype);
  }

  get dtype(): DType {
    return this.data instanceof Float64Array ? 'float64' : 'float32';
  }

  get size(): number {
    return this.data.length;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** Size of the leading dimension (1 for a scalar). */
  get rows(): number {
    return this.shape.length === 0 ? 1 : this.shape[0]!;
  }

  /** Product of all dimensions but the first: the length of one row. */
  get cols(): number {
    const shape = this.shape;
    let n = 1;
    for (let i = 1; i < shape.length; i++) n *= shape[i]!;
    return n;
  }

  /** The same memory as a scijs ndarray (created once, shared). */
  get nd(): ndarray.NdArray<Data> {
    this.ndCache ??= ndarray(this.data, [...this.shape]);
    return this.ndCache;
  }

  /** Row `i` as a view of shape `shape.slice(1)`. */
  row(i: number): Tensor {
    const n = this.rows;
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new ShapeError(`row ${i} out of range [0, ${n})`);
    const c = this.cols;
    return new Tensor(this.data.subarray(i * c, (i + 1) * c), this.shape.slice(1));
  }

  /** Rows `[start, end)` as a view. */
  sliceRows(start: number, end: number): Tensor {
    const n = this.rows;
    if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= n)) {
      throw new ShapeError(`rows [${start}, ${end}) out of range [0, ${n}]`);
    }
    const c = this.cols;
    return new Tensor(this.data.subarray(start * c, end * c), [end - start, ...this.shape.slice(1)]);
  }

  /** A view with another shape of the same size; one dimension may be -1. */
  reshape(shape: readonly number[]): Tensor {
    const fail = (why: string): ShapeError => new ShapeError(`cannot reshape [${this.shape.join(', ')}] to [${shape.join(', ')}]: ${why}`);
    const free = shape.indexOf(-1);
    let resolved = shape;
    if (free >= 0) {
      if (shape.indexOf(-1, free + 1) >= 0) throw fail('only one dimension may be -1');
      const known = sizeOf(shape.filter((_, i) => i !== free));
      if (known > 0 && this.size % known !== 0) throw fail(`${this.size} elements do not divide into rows of ${known}`);
      resolved = shape.map((d, i) => (i === free ? (known === 0 ? 0 : this.size / known) : d));
    }
    if (sizeOf(resolved) !== this.size) throw fail(`${this.size} elements, not ${sizeOf(resolved)}`);
    return new Tensor(this.data, resolved);
  }

  clone(): Tensor {
    return new Tensor(this.data.slice(), this.shape);
  }

  /** A copy in another dtype (a plain clone when it is already that dtype). */
  cast(dtype: DType): Tensor {
    if (dtype === this.dtype) return this.clone();
    const out = Tensor.zeros(this.shape, dtype);
    out.data.set(this.data);
    return out;
  }

  /** Copies `src` (same shape, any dtype) into this tensor. */
  assign(src: Tensor): this {
    assertSameShape('assign', this, src);
    ops.assign(this.nd, src.nd);
    return this;
  }

  /** Element at a multi-index. */
  get(...index: number[]): number {
    return this.data[this.offsetOf(index)]!;
  }

  set(value: number, ...index: number[]): void {
    this.data[this.offsetOf(index)] = value;
  }

  /** Nested plain arrays (a number for a scalar). */
  toArray(): NestedArray {
    const build = (depth: number, offset: number): NestedArray => {
      if (depth === this.shape.length) return this.data[offset]!;
      const stride = sizeOf(this.shape.slice(depth + 1));
      const out: NestedArray[] = [];
      for (let i = 0; i < this.shape[depth]!; i++) out.push(build(depth + 1, offset + i * stride));
      return out;
    };
    return build(0, 0);
  }

  toString(): string {
    return `Tensor(${this.dtype}, [${this.shape.join(', ')}])`;
  }

  private offsetOf(index: readonly number[]): number {
    if (index.length !== this.shape.length) {
      throw new ShapeError(`index of rank ${index.length} for a tensor of rank ${this.shape.length}`);
    }
    let offset = 0;
    for (let d = 0; d < index.length; d++) {
      const i = index[d]!;
      const n = this.shape[d]!;
      if (!Number.isInteger(i) || i < 0 || i >= n) throw new ShapeError(`index ${i} out of range [0, ${n}) in dimension ${d}`);
      offset = offset * n + i;
    }
    return offset;
  }
}

export function assertSameShape(op: string, a: Tensor, b: Tensor): void {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new ShapeError(`${op}: shapes [${a.shape.join(', ')}] and [${b.shape.join(', ')}] differ`);
  }
}
