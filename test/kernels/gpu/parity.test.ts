import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpuKernels as C } from '../../../kernels/cpu/index.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { dim, maxRelError, tensorOf } from '../../helpers/arbitraries.js';
import { GPU_TOL, gpuTargets } from './targets.js';

/**
 * Values stay in [-1, 1] for the products: the CPU accumulates in float64 and
 * the device in float32, so long sums of large terms that cancel to about 1
 * would differ by float32 rounding of the terms (~1e-4), not by a kernel bug.
 *
 * Direct GPU-vs-CPU parity at shapes larger than the shared suites use (every
 * call forced onto the device), including batches where one id repeats many
 * times, so the segment-sum scatter needs several loop-bound variants.
 */
const targets = (await gpuTargets()).filter((t) => t.name !== 'gpu gpujs-cpu');
for (const t of targets) if (!t.available) console.log(`skipping parity for ${t.name}: ${t.reason}`);

const matmulCase = fc
  .record({ m: dim(1, 40), k: dim(1, 40), n: dim(1, 40), ta: fc.boolean(), tb: fc.boolean(), acc: fc.boolean() })
  .chain((d) =>
    fc.record({
      d: fc.constant(d),
      a: tensorOf(d.ta ? [d.k, d.m] : [d.m, d.k], 'float32', 1),
      b: tensorOf(d.tb ? [d.n, d.k] : [d.k, d.n], 'float32', 1),
      c0: tensorOf([d.m, d.n], 'float32', 1),
    }),
  );

// A hot id takes a random share of the batch: segment lengths from 1 to the whole batch.
const scatterCase = fc.record({ n: dim(1, 50), d: dim(1, 16), b: dim(1, 300), hot: fc.double({ min: 0, max: 1, noNaN: true }) }).chain((s) =>
  fc.record({
    s: fc.constant(s),
    table: tensorOf([s.n, s.d]),
    rows: tensorOf([s.b, s.d]),
    ids: fc.array(fc.integer({ min: 0, max: s.n - 1 }), { minLength: s.b, maxLength: s.b }),
  }),
);

const softmaxCase = fc.record({ n: dim(1, 20), m: dim(1, 64), beta: fc.constantFrom(1, 0.7) }).chain((s) =>
  fc.record({
    s: fc.constant(s),
    x: tensorOf([s.n, s.m], 'float32', 8),
    dy: tensorOf([s.n, s.m]),
    lengths: fc.array(fc.integer({ min: 0, max: s.m }), { minLength: s.n, maxLength: s.n }).map((l) => Int32Array.from(l)),
  }),
);

for (const t of targets) {
  const K = t.kernels;
  const runs = Math.max(2, Math.ceil(t.runs / 2));
  describe.skipIf(!t.available)(`${t.name}: parity with the CPU kernels at larger shapes`, () => {
    it('matmul, every transpose and accumulate case', () => {
      fc.assert(
        fc.property(matmulCase, ({ d, a, b, c0 }) => {
          const [gpu, cpu] = [c0.clone(), c0.clone()];
          K.matmul(gpu, a, b, d.ta, d.tb, d.acc);
          C.matmul(cpu, a, b, d.ta, d.tb, d.acc);
          expect(maxRelError(gpu.data, cpu.data)).toBeLessThan(GPU_TOL);
        }),
        { numRuns: runs },
      );
    });

    it('scatterAddRows accumulates hot ids exactly like the CPU', () => {
      fc.assert(
        fc.property(scatterCase, ({ s, table, rows, ids }) => {
          const idx = Int32Array.from(ids, (id, r) => (r < s.hot * s.b ? ids[0]! : id));
          const [gpu, cpu] = [table.clone(), table.clone()];
          K.scatterAddRows(gpu, idx, rows);
          C.scatterAddRows(cpu, idx, rows);
          expect(maxRelError(gpu.data, cpu.data)).toBeLessThan(GPU_TOL);
          const [g2, c2] = [Tensor.zeros([s.b, s.d]), Tensor.zeros([s.b, s.d])];
          K.gatherRows(g2, table, idx);
          C.gatherRows(c2, table, idx);
          expect(maxRelError(g2.data, c2.data)).toBe(0);
        }),
        { numRuns: runs },
      );
    });

    it('masked softmax forward and backward', () => {
      fc.assert(
        fc.property(softmaxCase, ({ s, x, dy, lengths }) => {
          const [yg, yc, dg, dc] = [x, x, x, x].map(() => Tensor.zeros(x.shape)) as [Tensor, Tensor, Tensor, Tensor];
          K.softmaxRows(yg, x, lengths, s.beta);
          C.softmaxRows(yc, x, lengths, s.beta);
          expect(maxRelError(yg.data, yc.data)).toBeLessThan(GPU_TOL);
          K.softmaxRowsBackward(dg, yc, dy, lengths, s.beta);
          C.softmaxRowsBackward(dc, yc, dy, lengths, s.beta);
          expect(maxRelError(dg.data, dc.data)).toBeLessThan(GPU_TOL);
        }),
        { numRuns: runs },
      );
    });

    it('catalogue scoring equals matmul with transB', () => {
      const users = tensorOf([7, 16], 'float32', 1);
      const items = tensorOf([300, 16], 'float32', 1);
      fc.assert(
        fc.property(users, items, (u, v) => {
          const [gpu, cpu] = [Tensor.zeros([7, 300]), Tensor.zeros([7, 300])];
          t.set!.scoreUsers(gpu, u, v);
          C.matmul(cpu, u, v, false, true);
          expect(maxRelError(gpu.data, cpu.data)).toBeLessThan(GPU_TOL);
        }),
        { numRuns: 2 },
      );
    });
  });
}
