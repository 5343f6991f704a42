import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ItemKNN, UserKNN } from '../../../src/models/baselines/knn.js';
import { syntheticTask } from '../fixtures.js';
import { denseRef, expectFoldInMatchesUsers, expectScores, interactions, refSimilarity, refTopK, transpose } from './fixtures.js';

describe('ItemKNN and UserKNN against the definitions', () => {
  it('ItemKNN: s(u, i) = Σ_j S_k(i, j) x_uj with S_k the top-k cosine neighbours; score = scoreAll', () => {
    fc.assert(
      fc.property(interactions, fc.integer({ min: 1, max: 4 }), fc.constantFrom(0, 2), (x, k, shrink) => {
        const knn = new ItemKNN(x, { neighbours: k, shrink });
        const X = denseRef(x);
        const S = refTopK(refSimilarity(X, 'cosine', shrink).map((r) => r.map(Math.fround)), k);
        expect(Array.from(knn.sim.data)).toEqual(S.flat());
        const ref = X.flatMap((row) => S.map((si) => si.reduce((t, s, j) => t + s * row[j]!, 0)));
        expectScores(knn, x, ref);
      }),
    );
  });

  it('UserKNN: s(u, i) = Σ_v S_k(u, v) x_vi with S_k the top-k cosine neighbour users; score = scoreAll', () => {
    fc.assert(
      fc.property(interactions, fc.integer({ min: 1, max: 4 }), (x, k) => {
        const knn = new UserKNN(x, { neighbours: k });
        const X = denseRef(x);
        const S = refTopK(refSimilarity(transpose(X, x.numItems), 'cosine', 0).map((r) => r.map(Math.fround)), k);
        expect(Array.from(knn.sim.data)).toEqual(S.flat());
        const ref = S.flatMap((su) => X[0]!.map((_, i) => su.reduce((t, s, v) => t + s * X[v]![i]!, 0)));
        expectScores(knn, x, ref);
      }),
    );
  });

  it('ItemKNN fold-in: scoreFromHistory(H) = Σ_{h ∈ H} S_k(·, h) over distinct h, equal to the user\'s own scores', () => {
    fc.assert(
      fc.property(interactions, fc.integer({ min: 1, max: 4 }), fc.array(fc.nat(5), { minLength: 1, maxLength: 7 }), (x, k, reps) => {
        expectFoldInMatchesUsers(new ItemKNN(x, { neighbours: k }), x, reps);
      }),
    );
  });

  it('useRatings puts the ratings (last one per pair) in the vectors', () => {
    fc.assert(
      fc.property(interactions, fc.integer({ min: 1, max: 4 }), (x, k) => {
        const knn = new ItemKNN(x, { neighbours: k, useRatings: true });
        const S = refTopK(refSimilarity(denseRef(x, true), 'cosine', 0).map((r) => r.map(Math.fround)), k);
        expect(Array.from(knn.sim.data)).toEqual(S.flat());
      }),
    );
  });
});

describe('neighbourhood baselines on synthetic data', () => {
  const task = syntheticTask();
  // measured HR@10 (popularity 0.245): ItemKNN 0.61, UserKNN 0.565
  it('ItemKNN beats popularity by a wide margin', () => {
    expect(task.hr(new ItemKNN(task.split.train))).toBeGreaterThan(task.popularityHr + 0.2);
  });
  it('UserKNN beats popularity by a wide margin', () => {
    expect(task.hr(new UserKNN(task.split.train))).toBeGreaterThan(task.popularityHr + 0.2);
  });
});
