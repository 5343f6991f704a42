import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError, LayerStateError, ShapeError } from '../../src/errors.js';
import { gradcheck } from '../../src/gradcheck/gradcheck.js';
import { AttentionPooling } from '../../src/layers/attention-pooling.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { maxRelError } from '../helpers/arbitraries.js';
import { expectCaught, expectPass, randn, randomizeParams, seed } from '../gradcheck/fixtures.js';

const cases = fc
  .record({
    n: fc.integer({ min: 1, max: 3 }),
    L: fc.integer({ min: 1, max: 4 }),
    d: fc.integer({ min: 1, max: 4 }),
    A: fc.integer({ min: 1, max: 4 }),
    scoring: fc.constantFrom('mlp' as const, 'dot' as const),
    beta: fc.constantFrom(1, 0.5, 0.8),
    seed,
  })
  .chain((s) => fc.record({ s: fc.constant(s), lengths: fc.array(fc.integer({ min: 0, max: s.L }), { minLength: s.n, maxLength: s.n }).map((l) => Int32Array.from(l)) }));

function build(s: { d: number; A: number; scoring: 'mlp' | 'dot'; beta: number; seed: number }) {
  const rng = new Rng(s.seed);
  const att = new AttentionPooling(s.d, { rng, scoring: s.scoring, attentionDim: s.A, beta: s.beta, dtype: 'float64' });
  randomizeParams(att, rng);
  return { att, rng };
}

function check(att: AttentionPooling, q: Tensor, k: Tensor, lengths: Int32Array) {
  return gradcheck({
    inputs: { query: q, keys: k },
    params: att,
    forward: () => att.forward(q, k, lengths),
    backward: (dy) => {
      const { dQuery, dKeys } = att.backward(dy!);
      return { query: dQuery, keys: dKeys };
    },
  });
}

/** The obvious loops: scores, masked softmax with the beta-smoothed denominator, weighted sum. */
function reference(att: AttentionPooling, q: Tensor, k: Tensor, lengths: Int32Array): number[] {
  const [n, L, d] = k.shape as [number, number, number];
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const a: number[] = [];
    for (let j = 0; j < lengths[i]!; j++) {
      if (att.scoring === 'dot') {
        let s = 0;
        for (let c = 0; c < d; c++) s += q.get(i, c) * k.get(i, j, c);
        a.push(s / Math.sqrt(d));
      } else {
        let s = 0;
        for (let u = 0; u < att.attentionDim; u++) {
          let z = att.bias!.value.data[u]!;
          for (let c = 0; c < d; c++) z += q.get(i, c) * k.get(i, j, c) * att.weight!.value.get(c, u);
          s += att.projection!.value.data[u]! * Math.max(z, 0);
        }
        a.push(s);
      }
    }
    const denom = a.reduce((t, v) => t + Math.exp(v), 0) ** att.beta;
    for (let c = 0; c < d; c++) {
      let o = 0;
      for (let j = 0; j < a.length; j++) o += (Math.exp(a[j]!) / denom) * k.get(i, j, c);
      out.push(o);
    }
    void L;
  }
  return out;
}

describe('AttentionPooling', () => {
  it('forward matches the naive formula for both scorers, with masks and beta', () => {
    fc.assert(
      fc.property(cases, ({ s, lengths }) => {
        const { att, rng } = build(s);
        const q = randn(rng, [s.n, s.d]);
        const k = randn(rng, [s.n, s.L, s.d]);
        expect(maxRelError(att.forward(q, k, lengths).data, reference(att, q, k, lengths))).toBeLessThan(1e-12);
      }),
    );
  });

  it('gradcheck property: query, keys, W, b, h; random masks, beta, both scorers', () => {
    fc.assert(fc.property(cases, ({ s, lengths }) => {
      const { att, rng } = build(s);
      expectPass(check(att, randn(rng, [s.n, s.d]), randn(rng, [s.n, s.L, s.d]), lengths));
    }));
  });

  it('padded slots: no effect on the output and exactly zero gradient; an empty history gives zeros', () => {
    for (const scoring of ['mlp', 'dot'] as const) {
      const { att, rng } = build({ d: 3, A: 2, scoring, beta: 0.7, seed: 11 });
      const q = randn(rng, [3, 3]);
      const k = randn(rng, [3, 4, 3]);
      const lengths = Int32Array.from([2, 0, 4]);
      const y = Array.from(att.forward(q, k, lengths).data);
      expect(y.slice(3, 6)).toEqual([0, 0, 0]);
      const k2 = k.clone();
      for (let j = 2; j < 4; j++) for (let c = 0; c < 3; c++) k2.set(1e6, 0, j, c); // garbage in padding
      for (let j = 0; j < 4; j++) for (let c = 0; c < 3; c++) k2.set(-1e6, 1, j, c);
      expect(Array.from(att.forward(q, k2, lengths).data)).toEqual(y);
      att.forward(q, k, lengths);
      const { dQuery, dKeys } = att.backward(Tensor.ones([3, 3], 'float64'));
      const all = [...dQuery.data, ...dKeys.data];
      expect(all.every(Number.isFinite)).toBe(true);
      for (let c = 0; c < 3; c++) expect(dQuery.get(1, c)).toBe(0);
      for (const [i, from] of [[0, 2], [1, 0]] as const) {
        for (let j = from; j < 4; j++) for (let c = 0; c < 3; c++) expect(dKeys.get(i, j, c) === 0).toBe(true);
      }
    }
  });

  it('stays finite when the history keys are large (the softmax runs in log space)', () => {
    const { att } = build({ d: 2, A: 2, scoring: 'dot', beta: 1, seed: 1 });
    const q = Tensor.from([[30, 30]], 'float64');
    const k = Tensor.from([[[30, 30], [-30, -30], [29, 30]]], 'float64');
    const y = att.forward(q, k, Int32Array.of(3));
    expect(Array.from(y.data).every(Number.isFinite)).toBe(true);
    const { dKeys } = att.backward(Tensor.ones([1, 2], 'float64'));
    expect(Array.from(dKeys.data).every(Number.isFinite)).toBe(true);
  });

  it('negative controls: dropping the pooling term of dKeys, or the scorer bias gradient, is caught', () => {
    class NoPoolingTerm extends AttentionPooling {
      override backward(dy: Tensor) {
        const g = super.backward(dy);
        // Remove p_ij · dy_i, keeping only the gradient that flows through the scores.
        const [n, L, d] = g.dKeys.shape as [number, number, number];
        const p = (this as unknown as { p: Tensor }).p;
        for (let i = 0; i < n; i++) for (let j = 0; j < L; j++) for (let c = 0; c < d; c++) g.dKeys.data[(i * L + j) * d + c]! -= p.get(i, j) * dy.get(i, c);
        return g;
      }
    }
    class NoBias extends AttentionPooling {
      override backward(dy: Tensor) {
        const keep = Float64Array.from(this.bias!.denseGrad.data);
        const g = super.backward(dy);
        this.bias!.denseGrad.data.set(keep);
        return g;
      }
    }
    const rng = new Rng(3);
    const q = randn(rng, [2, 3]);
    const k = randn(rng, [2, 3, 3]);
    const lengths = Int32Array.from([3, 2]);
    const a = new NoPoolingTerm(3, { rng, dtype: 'float64', scoring: 'dot' });
    expectCaught(check(a, q, k, lengths), 'keys');
    const b = new NoBias(3, { rng, dtype: 'float64' });
    randomizeParams(b, rng);
    expectCaught(check(b, q, k, lengths), 'bias');
  });

  it('has parameters only with the mlp scorer, and validates its options and inputs', () => {
    expect(new AttentionPooling(4, { rng: new Rng(1) }).namedParameters().map(([n, p]) => [n, p.value.shape])).toEqual([
      ['weight', [4, 4]],
      ['bias', [4]],
      ['projection', [4]],
    ]);
    expect(new AttentionPooling(4, { rng: new Rng(1), attentionDim: 16 }).weight!.value.shape).toEqual([4, 16]);
    expect(new AttentionPooling(4, { rng: new Rng(1), scoring: 'dot' }).parameters()).toHaveLength(0);
    expect(() => new AttentionPooling(4, { rng: new Rng(1), beta: 0 })).toThrow(ArgumentError);
    expect(() => new AttentionPooling(4, { rng: new Rng(1), scoring: 'cosine' as 'dot' })).toThrow(/scoring/);
    const att = new AttentionPooling(2, { rng: new Rng(1) });
    expect(() => att.backward(Tensor.zeros([1, 2]))).toThrow(LayerStateError);
    expect(() => att.forward(Tensor.zeros([1, 2]), Tensor.zeros([1, 3, 3]), Int32Array.of(1))).toThrow(/keys is \[1, 3, 3\], expected \[n, L, 2\]/);
    expect(() => att.forward(Tensor.zeros([2, 2]), Tensor.zeros([1, 3, 2]), Int32Array.of(1))).toThrow(/query is \[2, 2\], expected \[1, 2\]/);
    expect(() => att.forward(Tensor.zeros([1, 2]), Tensor.zeros([1, 3, 2]), Int32Array.of(4))).toThrow(ShapeError);
    expect(() => att.forward(Tensor.zeros([1, 2]), Tensor.zeros([1, 3, 2]), Int32Array.of(1, 1))).toThrow(/lengths has 2 entries for 1 rows/);
  });
});
