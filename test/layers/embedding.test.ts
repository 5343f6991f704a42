import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError, LayerStateError, ShapeError } from '../../src/errors.js';
import { gradcheck } from '../../src/gradcheck/gradcheck.js';
import { Embedding } from '../../src/layers/embedding.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { idsWithDuplicates } from '../helpers/arbitraries.js';
import { expectCaught, expectPass, randomizeParams, seed } from '../gradcheck/fixtures.js';

const cases = fc
  .record({ vocab: fc.integer({ min: 1, max: 8 }), dim: fc.integer({ min: 1, max: 4 }), n: fc.integer({ min: 0, max: 10 }), seed })
  .chain((s) => fc.record({ s: fc.constant(s), ids: idsWithDuplicates(s.vocab, s.n) }));

/** A classic bug: the gradient of a repeated id assigned instead of added. */
class LastWriteWins extends Embedding {
  private last = new Int32Array(0);
  override forward(ids: Int32Array): Tensor {
    this.last = ids.slice();
    return super.forward(ids);
  }
  override backward(dy: Tensor): void {
    const ids = this.last;
    const seen = new Set<number>();
    for (let r = ids.length - 1; r >= 0; r--) {
      if (seen.has(ids[r]!)) continue;
      seen.add(ids[r]!);
      this.weight.sparseGrad.accumulate(ids.subarray(r, r + 1), dy.sliceRows(r, r + 1), this.kernels);
    }
  }
}

describe('Embedding', () => {
  it('looks rows up and is N(0, 0.01) by default', () => {
    const e = new Embedding(2000, 8, { rng: new Rng(3) });
    const w = Array.from(e.weight.value.data);
    const mean = w.reduce((a, b) => a + b, 0) / w.length;
    const std = Math.sqrt(w.reduce((a, b) => a + (b - mean) ** 2, 0) / w.length);
    expect(Math.abs(mean)).toBeLessThan(1e-3);
    expect(std).toBeGreaterThan(0.0095);
    expect(std).toBeLessThan(0.0105);
    const y = e.forward(Int32Array.from([5, 1999, 5]));
    expect(Array.from(y.row(0).data)).toEqual(Array.from(e.weight.value.row(5).data));
    expect(Array.from(y.row(1).data)).toEqual(Array.from(e.weight.value.row(1999).data));
    const c = new Embedding(3, 2, { rng: new Rng(3), init: { kind: 'constant', value: 0.5 }, dtype: 'float64' });
    expect(c.forward(Int32Array.of(2)).toArray()).toEqual([[0.5, 0.5]]);
  });

  it('gradcheck property: the sparse gradient matches differences on every row, untouched rows zero', () => {
    fc.assert(
      fc.property(cases, ({ s, ids }) => {
        const rng = new Rng(s.seed);
        const e = new Embedding(s.vocab, s.dim, { rng, dtype: 'float64' });
        randomizeParams(e, rng);
        const r = gradcheck({ params: e, forward: () => e.forward(ids), backward: (dy) => e.backward(dy!) });
        expectPass(r);
        expect(r.entries[0]!.touchedRows).toBe(new Set(ids).size);
        expect(e.weight.sparseGrad.count).toBe(0); // gradcheck leaves gradients cleared
      }),
    );
  });

  it('accumulates repeated ids and never holds untouched rows', () => {
    const e = new Embedding(1_000_000, 2, { rng: new Rng(1) });
    e.forward(Int32Array.from([7, 999_999, 7]));
    e.backward(Tensor.from([[1, 2], [3, 4], [10, 20]]));
    const g = e.weight.sparseGrad;
    expect(g.count).toBe(2);
    expect(Array.from(g.rows.subarray(0, 2))).toEqual([7, 999_999]);
    expect(g.values.toArray()).toEqual([[11, 22], [3, 4]]);
    expect(g.values.size).toBe(4); // no [vocab, dim] anywhere
  });

  it('copies the ids: the caller may reuse its array before backward', () => {
    const e = new Embedding(4, 1, { rng: new Rng(1) });
    const ids = Int32Array.from([1, 2]);
    e.forward(ids);
    ids.fill(3);
    e.backward(Tensor.from([[1], [1]]));
    expect(Array.from(e.weight.sparseGrad.rows.subarray(0, 2))).toEqual([1, 2]);
  });

  it('negative control: dropping repeated ids is caught', () => {
    const rng = new Rng(5);
    const e = new LastWriteWins(4, 2, { rng, dtype: 'float64' });
    const ids = Int32Array.from([1, 3, 1]);
    expectCaught(gradcheck({ params: e, forward: () => e.forward(ids), backward: (dy) => e.backward(dy!) }), 'weight');
  });

  it('rejects bad ids, shapes, sizes and order', () => {
    const e = new Embedding(4, 2, { rng: new Rng(1) });
    expect(() => e.backward(Tensor.zeros([1, 2]))).toThrow(LayerStateError);
    expect(() => e.forward(Int32Array.from([0, 4]))).toThrow(/idx\[1\].*4/);
    e.forward(Int32Array.from([0, 1]));
    expect(() => e.backward(Tensor.zeros([2, 3]))).toThrow(ShapeError);
    expect(() => new Embedding(0, 2, { rng: new Rng(1) })).toThrow(ArgumentError);
    expect(() => new Embedding(3, 1.5, { rng: new Rng(1) })).toThrow(/dim.*positive integer/);
  });
});
