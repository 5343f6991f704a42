import type { Tensor } from '../../../src/tensor/tensor.js';
import { I32, bump, forLoop, op, type FunctionDef } from './encode.js';
import { Scratch, compile } from './runtime.js';

/**
 * Float32 elementwise kernels in WebAssembly SIMD, assembled at load time.
 *
 * Scalar JavaScript loops over typed arrays cost a few nanoseconds an element here
 * (a load, a float32 -> float64 widening, a bounds check and a store each), while a
 * native block copy moves an element in about 0.1 ns. So each driver below copies its
 * operands into the module memory, runs a four-lane loop, and copies the result back:
 * on a NeuMF batch that is 4-6x faster than the JavaScript loops it replaces. Every
 * operation is one IEEE float32 operation per element, as in JavaScript (a float64
 * result rounded to float32 equals the float32 result for +, ·, max), so the two
 * paths agree bit for bit.
 *
 * Functions take byte addresses and counts of 4-float vectors; operands are padded to
 * whole vectors, and lanes past the end compute on slack and are not copied back.
 */
const load = (local: number): number[] => [...op.localGet(local), ...op.v128Load(0)];

/** q = base + idx[0] · 16·d4: the byte address of the table row the index at pidx names (rows of 4·d4 floats). */
function rowAddress(q: number, base: number, pidx: number, d4: number): number[] {
  return [
    ...op.localGet(base), ...op.localGet(pidx), ...op.i32Load(0), ...op.localGet(d4), ...op.i32Const(16), ...op.i32Mul, ...op.i32Mul, ...op.i32Add,
    ...op.localSet(q),
  ];
}

/** o[i] = f(a[i], b[i]) for 4·n4 floats: params (pa, pb, po, n4), counter local 4. */
function binary(name: string, f: number[]): FunctionDef {
  const [pa, pb, po, n4, i] = [0, 1, 2, 3, 4];
  const body = forLoop(i, n4, [
    ...op.localGet(po), ...load(pa), ...load(pb), ...f, ...op.v128Store(0),
    ...bump(pa, 16), ...bump(pb, 16), ...bump(po, 16),
  ]);
  return { name, params: 4, locals: [[1, I32]], body };
}

// ReLU as a select, x > 0 ? x : 0, the semantics of the JavaScript loops and of the
// gpu.js bodies: the comparison gives an all-ones lane where it holds, and AND keeps
// exactly those lanes' bits (NaN, -0 and -Infinity give +0).
// relu(px, po, n4): o = x AND (x > 0).
const relu: FunctionDef = (() => {
  const [px, po, n4, i] = [0, 1, 2, 3];
  const body = forLoop(i, n4, [
    ...op.localGet(po), ...load(px), ...load(px), ...op.v128Zero, ...op.f32x4Gt, ...op.v128And, ...op.v128Store(0),
    ...bump(px, 16), ...bump(po, 16),
  ]);
  return { name: 'relu', params: 3, locals: [[1, I32]], body };
})();

// reluBackward(py, pg, po, n4): o = g AND (y > 0), that is y > 0 ? g : 0.
const reluBackward: FunctionDef = (() => {
  const [py, pg, po, n4, i] = [0, 1, 2, 3, 4];
  const body = forLoop(i, n4, [
    ...op.localGet(po), ...load(pg), ...load(py), ...op.v128Zero, ...op.f32x4Gt, ...op.v128And, ...op.v128Store(0),
    ...bump(py, 16), ...bump(pg, 16), ...bump(po, 16),
  ]);
  return { name: 'reluBackward', params: 4, locals: [[1, I32]], body };
})();

// addRowVector(pa, pv, po, rows, c4): o[r, :] = a[r, :] + v for rows of 4·c4 floats.
const addRowVector: FunctionDef = (() => {
  const [pa, pv, po, rows, c4, r, j, q] = [0, 1, 2, 3, 4, 5, 6, 7];
  const body = forLoop(r, rows, [
    ...op.localGet(pv), ...op.localSet(q),
    ...forLoop(j, c4, [
      ...op.localGet(po), ...load(pa), ...load(q), ...op.f32x4Add, ...op.v128Store(0),
      ...bump(pa, 16), ...bump(q, 16), ...bump(po, 16),
    ]),
  ]);
  return { name: 'addRowVector', params: 5, locals: [[3, I32]], body };
})();

// sumCols(px, po, rows, c4): o[:] += x[r, :] for every row r, in row order.
const sumCols: FunctionDef = (() => {
  const [px, po, rows, c4, r, j, q] = [0, 1, 2, 3, 4, 5, 6];
  const body = forLoop(r, rows, [
    ...op.localGet(po), ...op.localSet(q),
    ...forLoop(j, c4, [
      ...op.localGet(q), ...load(q), ...load(px), ...op.f32x4Add, ...op.v128Store(0),
      ...bump(px, 16), ...bump(q, 16),
    ]),
  ]);
  return { name: 'sumCols', params: 4, locals: [[3, I32]], body };
})();

// copyBlock(ps, ss, pd, sd, rows, c4): rows of 4·c4 floats from stride ss to stride sd
// (bytes): the column-block moves of concatCols and splitCols.
const copyBlock: FunctionDef = (() => {
  const [ps, ss, pd, sd, rows, c4, r, j, s, d] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const body = forLoop(r, rows, [
    ...op.localGet(ps), ...op.localSet(s),
    ...op.localGet(pd), ...op.localSet(d),
    ...forLoop(j, c4, [...op.localGet(d), ...load(s), ...op.v128Store(0), ...bump(s, 16), ...bump(d, 16)]),
    ...op.localGet(ps), ...op.localGet(ss), ...op.i32Add, ...op.localSet(ps),
    ...op.localGet(pd), ...op.localGet(sd), ...op.i32Add, ...op.localSet(pd),
  ]);
  return { name: 'copyBlock', params: 6, locals: [[4, I32]], body };
})();

// scatterAdd(pd, pidx, ps, count, d4): dst row idx[r] += src row r, rows of 4·d4 floats,
// in row order (repeated ids accumulate as in the JavaScript loop).
const scatterAdd: FunctionDef = (() => {
  const [pd, pidx, ps, count, d4, r, j, q] = [0, 1, 2, 3, 4, 5, 6, 7];
  const body = forLoop(r, count, [
    ...rowAddress(q, pd, pidx, d4),
    ...forLoop(j, d4, [...op.localGet(q), ...load(q), ...load(ps), ...op.f32x4Add, ...op.v128Store(0), ...bump(q, 16), ...bump(ps, 16)]),
    ...bump(pidx, 4),
  ]);
  return { name: 'scatterAdd', params: 5, locals: [[3, I32]], body };
})();

// gather(pt, pidx, po, count, d4): out row r = table row idx[r], rows of 4·d4 floats.
const gather: FunctionDef = (() => {
  const [pt, pidx, po, count, d4, r, j, q] = [0, 1, 2, 3, 4, 5, 6, 7];
  const body = forLoop(r, count, [
    ...rowAddress(q, pt, pidx, d4),
    ...forLoop(j, d4, [...op.localGet(po), ...load(q), ...op.v128Store(0), ...bump(q, 16), ...bump(po, 16)]),
    ...bump(pidx, 4),
  ]);
  return { name: 'gather', params: 5, locals: [[3, I32]], body };
})();

const functions = [binary('add', op.f32x4Add), binary('mul', op.f32x4Mul), relu, reluBackward, addRowVector, sumCols, copyBlock, scatterAdd, gather];

interface Exports {
  mem: WebAssembly.Memory;
  add(pa: number, pb: number, po: number, n4: number): void;
  mul(pa: number, pb: number, po: number, n4: number): void;
  relu(px: number, po: number, n4: number): void;
  reluBackward(py: number, pg: number, po: number, n4: number): void;
  addRowVector(pa: number, pv: number, po: number, rows: number, c4: number): void;
  sumCols(px: number, po: number, rows: number, c4: number): void;
  copyBlock(ps: number, ss: number, pd: number, sd: number, rows: number, c4: number): void;
  scatterAdd(pd: number, pidx: number, ps: number, count: number, d4: number): void;
  gather(pt: number, pidx: number, po: number, count: number, d4: number): void;
}

/** Operands below this many elements stay in JavaScript (the copies would dominate). */
export const SIMD_MIN_ELEMENTS = 256;
/**
 * Nor above this many (256 MiB of float32 an operand): the scratch memory holds two
 * or three operands and a 32-bit WebAssembly memory tops out at 4 GiB.
 */
export const SIMD_MAX_ELEMENTS = 2 ** 26;

const pad = (n: number): number => (n + 3) & ~3;

/** The drivers: Float32Array operands, shapes already checked by the calling kernel. */
export class SimdElementwise {
  private readonly scratch: Scratch;

  constructor(private readonly w: Exports) {
    this.scratch = new Scratch(w.mem);
  }

  add(o: Float32Array, a: Float32Array, b: Float32Array): void {
    this.binary(this.w.add, o, a, b);
  }

  mul(o: Float32Array, a: Float32Array, b: Float32Array): void {
    this.binary(this.w.mul, o, a, b);
  }

  /** o = y > 0 ? g : 0: the operand order of the kernel, (dx, y, dy). */
  reluBackward(o: Float32Array, y: Float32Array, g: Float32Array): void {
    this.binary(this.w.reluBackward, o, y, g);
  }

  relu(o: Float32Array, x: Float32Array): void {
    const n = pad(o.length);
    const mem = this.memory(2 * n);
    mem.set(x);
    this.w.relu(0, 4 * n, n >> 2);
    o.set(mem.subarray(n, n + o.length));
  }

  /** rows x cols, cols a multiple of 4. */
  addRowVector(o: Float32Array, a: Float32Array, v: Float32Array, rows: number, cols: number): void {
    const size = rows * cols;
    const mem = this.memory(2 * size + cols);
    mem.set(a);
    mem.set(v, size);
    this.w.addRowVector(0, 4 * size, 4 * (size + cols), rows, cols >> 2);
    o.set(mem.subarray(size + cols, 2 * size + cols));
  }

  /** o (+)= the column sums of x, rows x cols, cols a multiple of 4. */
  sumCols(o: Float32Array, x: Float32Array, rows: number, cols: number, accumulate: boolean): void {
    const size = rows * cols;
    const mem = this.memory(size + cols);
    mem.set(x);
    if (accumulate) mem.set(o, size);
    else mem.fill(0, size, size + cols);
    this.w.sumCols(0, 4 * size, rows, cols >> 2);
    o.set(mem.subarray(size, size + cols));
  }

  /** out = [parts[0] | parts[1] | …]: float32 tensors whose widths are multiples of 4. */
  concatCols(out: Tensor, parts: readonly Tensor[]): void {
    const rows = out.rows;
    const size = out.size;
    const mem = this.memory(2 * size);
    let at = size;
    let col = 0;
    for (const part of parts) {
      mem.set(part.data, at);
      this.w.copyBlock(4 * at, 4 * part.cols, 4 * col, 4 * out.cols, rows, part.cols >> 2);
      at += part.size;
      col += part.cols;
    }
    (out.data as Float32Array).set(mem.subarray(0, size));
  }

  /** parts[p] = the p-th column block of x (the inverse of concatCols). */
  splitCols(parts: readonly Tensor[], x: Tensor): void {
    const size = x.size;
    const mem = this.memory(2 * size);
    mem.set(x.data);
    let at = size;
    let col = 0;
    for (const part of parts) {
      this.w.copyBlock(4 * col, 4 * x.cols, 4 * at, 4 * part.cols, x.rows, part.cols >> 2);
      (part.data as Float32Array).set(mem.subarray(at, at + part.size));
      at += part.size;
      col += part.cols;
    }
  }

  /**
   * dst[idx[r]] += src[r] for rows of width d (a multiple of 4); the ids must already
   * be checked against dst's row count.
   */
  scatterAddRows(dst: Float32Array, idx: Int32Array, src: Float32Array, d: number): void {
    const mem = this.memory(dst.length + src.length + idx.length);
    mem.set(dst);
    mem.set(src, dst.length);
    const at = dst.length + src.length;
    this.scratch.i32().set(idx, at);
    this.w.scatterAdd(0, 4 * at, 4 * dst.length, idx.length, d >> 2);
    dst.set(mem.subarray(0, dst.length));
  }

  /**
   * out[r] = table[idx[r]] for rows of width d (a multiple of 4); the ids must already
   * be checked. The whole table is copied in, so the caller uses this only for tables
   * not much larger than the output.
   */
  gatherRows(out: Float32Array, table: Float32Array, idx: Int32Array, d: number): void {
    const mem = this.memory(table.length + out.length + idx.length);
    mem.set(table);
    const at = table.length + out.length;
    this.scratch.i32().set(idx, at);
    this.w.gather(0, 4 * at, 4 * table.length, idx.length, d >> 2);
    out.set(mem.subarray(table.length, table.length + out.length));
  }

  private binary(f: (pa: number, pb: number, po: number, n4: number) => void, o: Float32Array, a: Float32Array, b: Float32Array): void {
    const n = pad(o.length);
    const mem = this.memory(3 * n);
    mem.set(a);
    mem.set(b, n);
    f(0, 4 * n, 8 * n, n >> 2);
    o.set(mem.subarray(2 * n, 2 * n + o.length));
  }

  private memory(floats: number): Float32Array {
    return this.scratch.f32(floats);
  }
}

let cached: SimdElementwise | null | undefined;

/** The compiled kernels, or null where WebAssembly SIMD is unavailable (the JavaScript loops run). */
export function simdElementwise(): SimdElementwise | null {
  if (cached === undefined) {
    const module = compile(functions);
    cached = module ? new SimdElementwise(new WebAssembly.Instance(module).exports as unknown as Exports) : null;
  }
  return cached;
}

type F = Float32Array | Float64Array;

/**
 * The SIMD drivers when every operand is float32 and there are at least
 * SIMD_MIN_ELEMENTS elements to process; null sends the caller to its JavaScript loop.
 * (Fixed arity rather than a rest parameter: no array is allocated per kernel call.)
 */
export function simdFor(elements: number, a: F, b: F, c: F = a, d: F = a): SimdElementwise | null {
  if (elements < SIMD_MIN_ELEMENTS || elements > SIMD_MAX_ELEMENTS) return null;
  if (!(a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array && d instanceof Float32Array)) return null;
  return simdElementwise();
}
