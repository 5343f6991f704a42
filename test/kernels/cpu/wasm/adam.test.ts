import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimdAdam, type AdamConstants } from '../../../../kernels/cpu/wasm/adam.js';
import { Parameter } from '../../../../src/layers/parameter.js';
import { Adam, AdamW } from '../../../../src/optim/adam.js';
import { Tensor } from '../../../../src/tensor/tensor.js';
import { cpuKernels } from '../../../../kernels/cpu/index.js';

/** The JavaScript expression of src/optim/adam.ts, float64 state, float32 table. */
function reference(w: Float32Array, g: Float32Array, m: Float64Array, v: Float64Array, rows: Int32Array, dim: number, k: AdamConstants): void {
  for (let s = 0; s < rows.length; s++) {
    for (let j = 0; j < dim; j++) {
      const i = rows[s]! * dim + j;
      const wi = w[i]!;
      const gi = g[s * dim + j]! + k.l2 * wi;
      const mi = k.b1 * m[i]! + (1 - k.b1) * gi;
      const vi = k.b2 * v[i]! + (1 - k.b2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      w[i] = wi * k.shrink - (k.a * mi) / (Math.sqrt(vi) * k.rc2 + k.eps);
    }
  }
}

const constants = fc.record({
  a: fc.double({ min: 1e-5, max: 0.1, noNaN: true }),
  rc2: fc.double({ min: 1, max: 30, noNaN: true }),
  b1: fc.double({ min: 0, max: 0.99, noNaN: true }),
  b2: fc.double({ min: 0.9, max: 0.9999, noNaN: true }),
  eps: fc.constantFrom(1e-8, 1e-6),
  l2: fc.constantFrom(0, 0.01),
  shrink: fc.constantFrom(1, 0.999),
}).map((k) => ({ ...k, c1: 1 - k.b1, c2: 1 - k.b2 }));

describe('WebAssembly SIMD Adam rows', () => {
  // Small vocabularies take the whole-table copy, large ones (over 16x the rows
  // touched) the row gather: both routes are drawn.
  it('matches the JavaScript update bit for bit over several steps; rows outside the batch stay untouched', () => {
    const vocabulary = fc.oneof(fc.integer({ min: 2, max: 30 }), fc.integer({ min: 200, max: 300 }));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }).map((h) => 2 * h), vocabulary, fc.integer({ min: 0, max: 1e6 }), constants, (dim, vocab, seed, k) => {
        const simd = SimdAdam.create([{ rows: vocab, dim }])!;
        const [m, v] = simd.momentsOf(0);
        const w = Float32Array.from({ length: vocab * dim }, (_, i) => Math.fround(Math.sin(seed + i)));
        const wRef = w.slice(), mRef = new Float64Array(m.length), vRef = new Float64Array(v.length);
        for (let step = 0; step < 3; step++) {
          const count = 1 + ((seed + step) % Math.min(vocab, 12));
          const rows = Int32Array.from({ length: count }, (_, s) => (seed + 7 * s + step) % vocab);
          const unique = Int32Array.from(new Set(rows));
          const g = Float32Array.from({ length: unique.length * dim }, (_, i) => Math.fround(Math.cos(seed + step + i) * 3));
          simd.update(w, g, m, v, unique, unique.length, dim, k);
          reference(wRef, g, mRef, vRef, unique, dim, k);
          expect(Buffer.from(w.buffer).equals(Buffer.from(wRef.buffer))).toBe(true);
          expect(Array.from(m)).toEqual(Array.from(mRef));
          expect(Array.from(v)).toEqual(Array.from(vRef));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('negative control: a wrong constant changes the result', () => {
    const simd = SimdAdam.create([{ rows: 4, dim: 2 }])!;
    const [m, v] = simd.momentsOf(0);
    const k: AdamConstants = { a: 1e-3, rc2: 1, b1: 0.9, c1: 0.1, b2: 0.999, c2: 0.001, eps: 1e-8, l2: 0, shrink: 1 };
    const w = Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8), wRef = w.slice();
    const rows = Int32Array.of(1, 3), g = Float32Array.of(0.5, -0.5, 1, 2);
    simd.update(w, g, m, v, rows, 2, 2, { ...k, b1: 0.8, c1: 0.2 });
    reference(wRef, g, new Float64Array(8), new Float64Array(8), rows, 2, k);
    expect(Array.from(w)).not.toEqual(Array.from(wRef));
  });

  it('a dense float32 parameter updates as one row through the SIMD route, matching the formula', () => {
    const p = new Parameter(Tensor.fromFlat(Array.from({ length: 12 }, (_, i) => Math.sin(i)), [3, 4]));
    const opt = new Adam([p], { lr: 0.01, weightDecay: 0.1 });
    const internals = opt as unknown as { simd: SimdAdam | null; state: unknown[][] };
    expect(internals.simd?.owns(internals.state[0]![0])).toBe(true);
    const w = Float32Array.from(p.value.data), m = new Float64Array(12), v = new Float64Array(12);
    for (let step = 1; step <= 3; step++) {
      const g = Float32Array.from({ length: 12 }, (_, i) => Math.cos(step * i));
      p.denseGrad.data.set(g);
      opt.step();
      const c1 = 1 - 0.9 ** step, c2 = 1 - 0.999 ** step;
      reference(w, g, m, v, Int32Array.of(0), 12, { a: 0.01 / c1, rc2: 1 / Math.sqrt(c2), b1: 0.9, c1: 0.1, b2: 0.999, c2: 0.001, eps: 1e-8, l2: 0.1, shrink: 1 });
      expect(Array.from(p.value.data)).toEqual(Array.from(w));
    }
  });

  it('refuses odd widths and tables too large for one memory (Adam keeps those on the JavaScript loop)', () => {
    expect(SimdAdam.create([{ rows: 3, dim: 3 }])).toBeNull();
    expect(SimdAdam.create([{ rows: 100_000_000, dim: 2 }])).toBeNull(); // 3.2 GB of moments
  });

  it('Adam and AdamW take the SIMD route for float32 tables and agree with float64-state JavaScript on odd-width twins', () => {
    // The same table twice: width 4 (SIMD) and the identical data padded to width 5
    // (odd: the JavaScript loop). Column 4 is never read back.
    for (const Opt of [Adam, AdamW]) {
      const vocab = 6;
      const even = new Parameter(Tensor.fromFlat(Array.from({ length: vocab * 4 }, (_, i) => Math.sin(i)), [vocab, 4]), true);
      const odd = new Parameter(Tensor.fromFlat(Array.from({ length: vocab * 5 }, (_, i) => (i % 5 === 4 ? 0 : Math.sin(Math.floor(i / 5) * 4 + (i % 5)))), [vocab, 5]), true);
      const a = new Opt([even], { lr: 0.01, weightDecay: 0.05 });
      const b = new Opt([odd], { lr: 0.01, weightDecay: 0.05 });
      // The routes really differ: the even table's moments live in the SIMD memory.
      const internals = (o: Adam): { simd: SimdAdam | null; state: unknown[][] } => o as unknown as { simd: SimdAdam | null; state: unknown[][] };
      expect(internals(a).simd?.owns(internals(a).state[0]![0])).toBe(true);
      expect(internals(b).simd).toBeNull();
      for (let step = 0; step < 4; step++) {
        const ids = Int32Array.of(step % vocab, (step + 3) % vocab, step % vocab);
        const dy = Tensor.fromFlat(Array.from({ length: 12 }, (_, i) => Math.cos(step + i)), [3, 4]);
        const dyOdd = Tensor.fromFlat(Array.from({ length: 15 }, (_, i) => (i % 5 === 4 ? 0 : dy.data[Math.floor(i / 5) * 4 + (i % 5)]!)), [3, 5]);
        even.sparseGrad.accumulate(ids, dy, cpuKernels);
        odd.sparseGrad.accumulate(ids, dyOdd, cpuKernels);
        a.step();
        b.step();
        a.zeroGrad();
        b.zeroGrad();
      }
      for (let r = 0; r < vocab; r++) for (let j = 0; j < 4; j++) expect(even.value.data[r * 4 + j]).toBe(odd.value.data[r * 5 + j]);
    }
  });
});
