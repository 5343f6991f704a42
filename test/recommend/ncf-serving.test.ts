import { describe, expect, it } from 'vitest';
import { GMF, MLP, NeuMF, type NcfConfig } from '../../src/models/ncf.js';
import { MF } from '../../src/models/mf.js';
import { ANCF } from '../../src/models/ancf.js';
import { NcfServingScorer } from '../../src/recommend/index.js';
import { Rng } from '../../src/tensor/rng.js';
import type { RecModel } from '../../src/models/model.js';

const base = { numUsers: 7, numItems: 23, factors: 4, layers: [12, 8, 6, 3], seed: 5 } as const;

/** Weights well away from the N(0, 0.01) start so every unit's activation matters. */
function randomize(model: RecModel, seed: number): void {
  const rng = new Rng(seed);
  for (const p of model.parameters()) for (let i = 0; i < p.value.size; i++) p.value.data[i] = rng.normal(0, 0.5);
}

/** The plain forward: model.score on every (user, item) pair. */
function plain(model: RecModel, users: number[]): Float32Array {
  const m = model.numItems;
  const u = new Int32Array(users.length * m);
  const items = new Int32Array(users.length * m);
  users.forEach((x, r) => {
    u.fill(x, r * m, (r + 1) * m);
    for (let i = 0; i < m; i++) items[r * m + i] = i;
  });
  const out = new Float32Array(u.length);
  model.score(u, items, out);
  return out;
}

function expectClose(a: Float32Array, b: Float32Array): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(b[i]!)));
}

describe('NcfServingScorer (precomputed item part of the first MLP layer)', () => {
  const cases: Array<[string, (c: NcfConfig) => RecModel]> = [
    ['NeuMF relu', (c) => new NeuMF(c)],
    ['NeuMF tanh + dropout', (c) => new NeuMF({ ...c, activation: 'tanh', dropout: 0.3 })],
    ['NeuMF leakyRelu', (c) => new NeuMF({ ...c, activation: 'leakyRelu' })],
    ['MLP sigmoid', (c) => new MLP({ ...c, activation: 'sigmoid' })],
    ['GMF', (c) => new GMF(c)],
  ];
  for (const [name, make] of cases) {
    it(`equals the plain forward for ${name}`, () => {
      const model = make(base);
      randomize(model, 9);
      const fast = NcfServingScorer.for(model)!;
      expect(fast).not.toBeNull();
      const users = [0, 6, 3, 3];
      const out = new Float32Array(users.length * base.numItems);
      fast.scoreAll(Int32Array.from(users), out);
      expectClose(out, plain(model, users));
      // A user's scores do not depend on the batch they are scored in.
      const one = new Float32Array(base.numItems);
      fast.scoreAll(Int32Array.of(3), one);
      expect(Array.from(one)).toEqual(Array.from(out.subarray(2 * base.numItems, 3 * base.numItems)));
    });
  }

  it('rebuilds the cached item part when the weights it came from change', () => {
    const model = new NeuMF(base);
    randomize(model, 1);
    const fast = NcfServingScorer.for(model)!;
    const out = new Float32Array(base.numItems);
    fast.scoreAll(Int32Array.of(2), out);
    // Change only the MLP item table and the item half of W1: both feed the cache.
    randomize(model, 2);
    fast.scoreAll(Int32Array.of(2), out);
    expectClose(out, plain(model, [2]));
    model.mlp!.item.weight.value.data[5] = 3;
    fast.scoreAll(Int32Array.of(2), out);
    expectClose(out, plain(model, [2]));
    const w1 = model.mlp!.net.layers[0]! as unknown as { weight: { value: { data: Float32Array } } };
    w1.weight.value.data[w1.weight.value.data.length - 1] = -2;
    fast.scoreAll(Int32Array.of(2), out);
    expectClose(out, plain(model, [2]));
  });

  it('declines models it cannot serve (MF, ANCF, float64)', () => {
    expect(NcfServingScorer.for(new MF({ numUsers: 3, numItems: 4 }))).toBeNull();
    expect(NcfServingScorer.for(new ANCF({ numUsers: 3, numItems: 4, historyLength: 2 }))).toBeNull();
    expect(NcfServingScorer.for(new NeuMF({ ...base, dtype: 'float64' }))).toBeNull();
  });
});
