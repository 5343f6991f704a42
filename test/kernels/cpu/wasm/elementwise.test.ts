import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpuKernels } from '../../../../kernels/cpu/index.js';
import { Tensor } from '../../../../src/tensor/tensor.js';
import { maxRelError } from '../../../helpers/arbitraries.js';
import { simdElementwise, simdFor, SIMD_MAX_ELEMENTS, SIMD_MIN_ELEMENTS } from '../../../../kernels/cpu/wasm/elementwise.js';

// The SIMD drivers against plain float32 loops, bit for bit: every lane does one
// IEEE float32 operation, as the JavaScript loop does after rounding to float32.
const f32 = (n: number, special = false): fc.Arbitrary<Float32Array> =>
  fc
    .array(special ? fc.oneof(fc.float({ noNaN: false }), fc.constantFrom(0, -0, NaN, Infinity, -Infinity)) : fc.float({ min: -100, max: 100, noNaN: true }), {
      minLength: n,
      maxLength: n,
    })
    .map((v) => Float32Array.from(v));

const same = (a: Float32Array, b: Float32Array): void => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Object.is(a[i], b[i]) || (Number.isNaN(a[i]) && Number.isNaN(b[i])), `element ${i}: ${a[i]} vs ${b[i]}`).toBe(true);
};

const K = simdElementwise()!;
const size = fc.integer({ min: 1, max: 70 });

describe('WebAssembly SIMD elementwise kernels', () => {
  it('are available on Node 20', () => {
    expect(K).not.toBeNull();
  });

  it('add, mul, relu and reluBackward match float32 loops, NaN, ±0 and ±Infinity included', () => {
    fc.assert(
      fc.property(size.chain((n) => fc.tuple(f32(n, true), f32(n, true))), ([a, b]) => {
        const n = a.length;
        const out = new Float32Array(n);
        const ref = new Float32Array(n);
        K.add(out, a, b);
        for (let i = 0; i < n; i++) ref[i] = a[i]! + b[i]!;
        same(out, ref);
        K.mul(out, a, b);
        for (let i = 0; i < n; i++) ref[i] = a[i]! * b[i]!;
        same(out, ref);
        K.relu(out, a);
        for (let i = 0; i < n; i++) ref[i] = a[i]! > 0 ? a[i]! : 0;
        same(out, ref);
        K.reluBackward(out, a, b);
        for (let i = 0; i < n; i++) ref[i] = a[i]! > 0 ? b[i]! : 0;
        same(out, ref);
      }),
    );
  });

  it('addRowVector and sumCols (plain and accumulating) match row loops; the output may alias the input', () => {
    const shape = fc.record({ rows: fc.integer({ min: 1, max: 20 }), c4: fc.integer({ min: 1, max: 6 }) });
    fc.assert(
      fc.property(shape.chain(({ rows, c4 }) => fc.tuple(f32(rows * 4 * c4), f32(4 * c4), f32(4 * c4), fc.constant(rows))), ([x, v, o0, rows]) => {
        const cols = v.length;
        const ref = new Float32Array(x.length);
        for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) ref[r * cols + j] = x[r * cols + j]! + v[j]!;
        const aliased = x.slice();
        K.addRowVector(aliased, aliased, v, rows, cols);
        same(aliased, ref);

        for (const accumulate of [false, true]) {
          const sums = accumulate ? o0.slice() : new Float32Array(cols);
          for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) sums[j] = sums[j]! + x[r * cols + j]!;
          const out = o0.slice();
          K.sumCols(out, x, rows, cols, accumulate);
          same(out, sums);
        }
      }),
    );
  });

  it('concatCols and splitCols move column blocks and invert each other', () => {
    const shape = fc.record({ rows: fc.integer({ min: 1, max: 12 }), widths: fc.array(fc.integer({ min: 1, max: 5 }).map((c) => 4 * c), { minLength: 1, maxLength: 4 }) });
    fc.assert(
      fc.property(shape.chain(({ rows, widths }) => fc.tuple(fc.constant(rows), fc.constant(widths), fc.tuple(...widths.map((w) => f32(rows * w))))), ([rows, widths, parts]) => {
        const width = widths.reduce((s, w) => s + w, 0);
        const out = new Float32Array(rows * width);
        K.concatCols(new Tensor(out, [rows, width]), parts.map((p, k) => new Tensor(p, [rows, widths[k]!])));
        let col = 0;
        parts.forEach((p, k) => {
          const w = widths[k]!;
          for (let r = 0; r < rows; r++) for (let j = 0; j < w; j++) expect(out[r * width + col + j]).toBe(p[r * w + j]);
          col += w;
        });
        const back = widths.map((w) => new Float32Array(rows * w).fill(-1));
        K.splitCols(back.map((b, k) => new Tensor(b, [rows, widths[k]!])), new Tensor(out, [rows, width]));
        back.forEach((b, k) => same(b, parts[k]!));
      }),
    );
  });

  it('grow their memory for large operands', () => {
    const n = 300_000; // 1.2 MB per operand: several pages beyond the first
    const a = Float32Array.from({ length: n }, (_, i) => (i % 7) - 3);
    const out = new Float32Array(n);
    K.relu(out, a);
    expect(out[n - 1]).toBe(Math.max(0, ((n - 1) % 7) - 3));
    expect(out[3]).toBe(0);
    expect(out[6]).toBe(3);
  });

  it('simdFor picks the SIMD path only for float32 operands of at least SIMD_MIN_ELEMENTS', () => {
    const big = new Float32Array(SIMD_MIN_ELEMENTS);
    expect(simdFor(SIMD_MIN_ELEMENTS, big, big)).toBe(K);
    expect(simdFor(SIMD_MIN_ELEMENTS - 1, big, big)).toBeNull();
    expect(simdFor(SIMD_MIN_ELEMENTS, big, new Float64Array(SIMD_MIN_ELEMENTS))).toBeNull();
    expect(simdFor(SIMD_MIN_ELEMENTS, big, big, big, new Float64Array(1))).toBeNull();
  });
});

describe('cpu kernels on large float32 operands (the SIMD route)', () => {
  // Float32 results of one IEEE operation per element equal the float64 loop's
  // results rounded to float32; sumCols accumulates in float32, so it gets a tolerance.
  const rows = 37;
  const big = fc.tuple(f32(rows * 12), f32(rows * 12), f32(12));
  const t = (d: Float32Array, cols = 12): Tensor => new Tensor(d, [d.length / cols, cols]);
  const run = (f: (out: Tensor, ...xs: Tensor[]) => void, xs: Tensor[], shape: readonly number[]): [Float32Array, Float32Array] => {
    const o32 = Tensor.zeros(shape);
    f(o32, ...xs);
    const o64 = Tensor.zeros(shape, 'float64');
    f(o64, ...xs.map((x) => x.cast('float64')));
    return [o32.data as Float32Array, Float32Array.from(o64.data)];
  };

  it('relu, reluBackward, add, mul, addRowVector, concatCols and splitCols agree exactly with float64', () => {
    fc.assert(
      fc.property(big, ([a, b, v]) => {
        const A = t(a), B = t(b), V = new Tensor(v, [12]);
        // these operands really take the SIMD route (a size constant compared with itself proved nothing)
        expect(simdFor(A.size, A.data, B.data)).not.toBeNull();
        expect(simdFor(rows * 24, A.data, B.data)).not.toBeNull();
        same(...run(cpuKernels.relu, [A], A.shape));
        same(...run(cpuKernels.reluBackward, [A, B], A.shape));
        same(...run(cpuKernels.add, [A, B], A.shape));
        same(...run(cpuKernels.mul, [A, B], A.shape));
        same(...run((o, x, y) => cpuKernels.addRowVector(o, x!, y!), [A, V], A.shape));
        same(...run((o, x, y) => cpuKernels.concatCols(o, [x!, y!]), [A, B], [rows, 24]));
        const parts32 = [Tensor.zeros([rows, 8]), Tensor.zeros([rows, 4])];
        const parts64 = parts32.map((p) => p.cast('float64'));
        cpuKernels.splitCols(parts32, A);
        cpuKernels.splitCols(parts64, A.cast('float64'));
        parts32.forEach((p, k) => same(p.data as Float32Array, Float32Array.from(parts64[k]!.data)));
      }),
    );
  });

  it('sumCols agrees with float64 to float32 round-off', () => {
    fc.assert(
      fc.property(big, ([a]) => {
        const [o32, o64] = run((o, x) => cpuKernels.sumCols(o, x!), [t(a)], [12]);
        expect(maxRelError(o32, o64)).toBeLessThan(1e-4);
      }),
    );
  });
});

describe('scatterAddRows on the SIMD route', () => {
  it('accumulates repeated ids exactly like the float64 loop rounded per add, and checks ids first', () => {
    const d = 8;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 40, max: 90 }), fc.integer({ min: 0, max: 1e6 }), (rows, count, seed) => {
        const idx = Int32Array.from({ length: count }, (_, r) => (seed + r * 7919) % rows);
        idx[count - 1] = idx[0]!; // a repeat, always
        const src = Float32Array.from({ length: count * d }, (_, i) => Math.fround(Math.sin(seed + i) * 10));
        const dst = Float32Array.from({ length: rows * d }, (_, i) => Math.fround(Math.cos(i)));
        const ref = dst.slice();
        for (let r = 0; r < count; r++) for (let j = 0; j < d; j++) ref[idx[r]! * d + j] = ref[idx[r]! * d + j]! + src[r * d + j]!;
        const out = new Tensor(dst.slice(), [rows, d]);
        cpuKernels.scatterAddRows(out, idx, new Tensor(src, [count, d]));
        same(out.data as Float32Array, ref);
      }),
    );
    const dst = Tensor.zeros([4, 8]);
    const before = dst.data.slice();
    const bad = Int32Array.from({ length: 40 }, (_, i) => (i === 39 ? 4 : i % 4));
    expect(() => cpuKernels.scatterAddRows(dst, bad, Tensor.ones([40, 8]))).toThrow(/idx\[39\].*row id 4 is out of range \[0, 4\)/);
    expect(dst.data).toEqual(before);
  });
});

describe('gatherRows on the SIMD route', () => {
  it('copies the rows named by the ids, repeats included, and checks ids first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 64, max: 120 }), fc.integer({ min: 0, max: 1e6 }), (rows, count, seed) => {
        const d = 4;
        const idx = Int32Array.from({ length: count }, (_, r) => (seed + r * 7919) % rows);
        const table = Float32Array.from({ length: rows * d }, (_, i) => Math.fround(Math.sin(seed + i)));
        const out = Tensor.zeros([count, d]);
        cpuKernels.gatherRows(out, new Tensor(table, [rows, d]), idx);
        for (let r = 0; r < count; r++) for (let j = 0; j < d; j++) expect(out.data[r * d + j]).toBe(table[idx[r]! * d + j]);
      }),
    );
    const out = Tensor.zeros([70, 4]);
    const bad = Int32Array.from({ length: 70 }, (_, i) => (i === 69 ? -1 : i % 3));
    expect(() => cpuKernels.gatherRows(out, Tensor.ones([3, 4]), bad)).toThrow(/idx\[69\].*row id -1 is out of range \[0, 3\)/);
  });
});

describe('simdFor bounds', () => {
  it('leaves operands beyond SIMD_MAX_ELEMENTS to the JavaScript loops (the scratch memory is 32-bit)', () => {
    const x = new Float32Array(SIMD_MIN_ELEMENTS);
    expect(simdFor(SIMD_MAX_ELEMENTS, x, x)).not.toBeNull();
    expect(simdFor(SIMD_MAX_ELEMENTS + 1, x, x)).toBeNull();
  });
});
