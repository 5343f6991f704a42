import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpuKernels as K } from '../../kernels/cpu/index.js';
import { ShapeError } from '../../src/errors.js';
import { Parameter, SparseRowGrad } from '../../src/layers/parameter.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { idsWithDuplicates, maxRelError, tensorOf } from '../helpers/arbitraries.js';

/** The dense [vocab, dim] gradient a SparseRowGrad stands for. */
function densify(g: SparseRowGrad, vocab: number): number[] {
  const out = new Array<number>(vocab * g.dim).fill(0);
  const seen = new Set<number>();
  for (let s = 0; s < g.count; s++) {
    const row = g.rows[s]!;
    expect(seen.has(row)).toBe(false);
    seen.add(row);
    for (let j = 0; j < g.dim; j++) out[row * g.dim + j] = g.values.data[s * g.dim + j]!;
  }
  return out;
}

const batches = fc.record({ vocab: fc.integer({ min: 1, max: 150 }), dim: fc.integer({ min: 1, max: 4 }), calls: fc.integer({ min: 1, max: 3 }) }).chain((s) =>
  fc.record({
    s: fc.constant(s),
    batches: fc.array(
      fc.integer({ min: 0, max: 80 }).chain((b) => fc.record({ ids: idsWithDuplicates(s.vocab, b), dy: tensorOf([b, s.dim], 'float64') })),
      { minLength: s.calls, maxLength: s.calls },
    ),
  }),
);

describe('SparseRowGrad', () => {
  it('equals the dense scatter-add of every batch, duplicates and repeated calls included', () => {
    fc.assert(
      fc.property(batches, ({ s, batches }) => {
        const g = new SparseRowGrad(s.vocab, s.dim, 'float64');
        const dense = Tensor.zeros([s.vocab, s.dim], 'float64');
        for (const { ids, dy } of batches) {
          g.accumulate(ids, dy, K);
          K.scatterAddRows(dense, ids, dy);
        }
        expect(maxRelError(densify(g, s.vocab), dense.data)).toBeLessThan(1e-12);
        const touched = new Set(batches.flatMap(({ ids }) => Array.from(ids)));
        expect(g.count).toBe(touched.size);
      }),
    );
  });

  it('a row hit in two calls holds the sum of both', () => {
    const g = new SparseRowGrad(10, 2, 'float32');
    g.accumulate(Int32Array.from([3, 7, 3]), Tensor.from([[1, 2], [5, 5], [10, 20]]), K);
    g.accumulate(Int32Array.from([3]), Tensor.from([[100, 200]]), K);
    expect(Array.from(g.rows.subarray(0, g.count))).toEqual([3, 7]);
    expect(g.values.toArray()).toEqual([[111, 222], [5, 5]]);
  });

  it('clear forgets every row and its values, so the next batch starts from zero', () => {
    const g = new SparseRowGrad(100, 3, 'float64');
    const ids = Int32Array.from({ length: 90 }, (_, i) => (i * 7) % 100);
    g.accumulate(ids, Tensor.ones([90, 3], 'float64'), K);
    g.clear();
    expect(g.count).toBe(0);
    expect(g.values.shape).toEqual([0, 3]);
    g.accumulate(Int32Array.from([ids[5]!, 1]), Tensor.from([[1, 2, 3], [4, 5, 6]], 'float64'), K);
    expect(Array.from(g.rows.subarray(0, 2))).toEqual([ids[5], 1]);
    expect(g.values.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  it('grows past its initial 64 slots without losing values', () => {
    const g = new SparseRowGrad(1000, 2, 'float64');
    for (let k = 0; k < 5; k++) {
      const ids = Int32Array.from({ length: 50 }, (_, i) => k * 50 + i);
      const dy = Tensor.zeros([50, 2], 'float64');
      for (let i = 0; i < 50; i++) dy.data.set([k * 50 + i, 1], 2 * i);
      g.accumulate(ids, dy, K);
    }
    expect(g.count).toBe(250);
    for (let s = 0; s < 250; s++) expect([g.rows[s], g.values.data[2 * s], g.values.data[2 * s + 1]]).toEqual([s, s, 1]);
  });

  it('rejects an out-of-range id without registering any row of the batch', () => {
    const g = new SparseRowGrad(4, 2, 'float32');
    expect(() => g.accumulate(Int32Array.from([1, 2, 9]), Tensor.ones([3, 2]), K)).toThrow(ShapeError);
    expect(() => g.accumulate(Int32Array.from([1, 2, 9]), Tensor.ones([3, 2]), K)).toThrow(/id 9 at position 2 is outside \[0, 4\)/);
    expect(g.count).toBe(0);
    expect(() => g.accumulate(Int32Array.from([1]), Tensor.ones([1, 3]), K)).toThrow(/rows of width 2/);
  });
});

describe('Parameter', () => {
  it('carries a dense gradient of its own shape, or a sparse one for a table', () => {
    const dense = new Parameter(Tensor.zeros([2, 3]));
    expect(dense.denseGrad.shape).toEqual([2, 3]);
    expect(() => dense.sparseGrad).toThrow(ShapeError);
    const sparse = new Parameter(Tensor.zeros([5, 3]), true);
    expect(sparse.sparseGrad.dim).toBe(3);
    expect(() => sparse.denseGrad).toThrow(ShapeError);
    expect(() => new Parameter(Tensor.zeros([5]), true)).toThrow(/sparse parameter must be a \[rows, dim\] table/);
  });

  it('zeroGrad clears both kinds', () => {
    const dense = new Parameter(Tensor.zeros([2]));
    dense.denseGrad.data.fill(3);
    dense.zeroGrad();
    expect(Array.from(dense.denseGrad.data)).toEqual([0, 0]);
    const sparse = new Parameter(Tensor.zeros([5, 1]), true);
    sparse.sparseGrad.accumulate(Int32Array.from([4]), Tensor.ones([1, 1]), K);
    sparse.zeroGrad();
    expect(sparse.sparseGrad.count).toBe(0);
  });
});
