import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Interactions } from '../../../src/data/interactions.js';
import { ArgumentError } from '../../../src/errors.js';
import { ItemKNN, UserKNN, type KnnOptions } from '../../../src/models/baselines/knn.js';
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

describe('Pearson neighbourhoods need ratings', () => {
  // Columns (5, 4, 1), (3, -, 5), (-, 2, 4): hand-computed Pearson similarities
  // s01 = -4/√(52/3), s02 = -3/√(52/3), s12 = 1/2 (see similarity.test.ts). Top-k
  // drops the negative ones, leaving only items 1 and 2 as each other's neighbour.
  const rated = new Interactions({
    users: Int32Array.of(0, 0, 1, 1, 2, 2, 2),
    items: Int32Array.of(0, 1, 0, 2, 0, 1, 2),
    ratings: Float32Array.of(5, 3, 4, 2, 1, 5, 4),
    numUsers: 3,
    numItems: 3,
  });

  it('ItemKNN pearson with ratings: the hand-computed neighbourhoods and scores', () => {
    const knn = new ItemKNN(rated, { similarity: 'pearson', useRatings: true });
    expect(Array.from(knn.sim.data)).toEqual([0, 0, 0, 0, 0, 0.5, 0, 0.5, 0]);
    // s(u, i) = Σ_j S(i, j) r_uj: user 0 rated item 1 with 3, so item 2 scores 1.5.
    const out = new Float32Array(3);
    knn.scoreAll(Int32Array.of(0), out);
    expect(Array.from(out)).toEqual([0, 0, 1.5]);
  });

  it('pearson without ratings is an ArgumentError naming the option (it would be an all-zero model)', () => {
    const implicit = new Interactions({ users: rated.users, items: rated.items, numUsers: 3, numItems: 3 });
    for (const make of [(x: Interactions, o: KnnOptions) => new ItemKNN(x, o), (x: Interactions, o: KnnOptions) => new UserKNN(x, o)]) {
      expect(() => make(rated, { similarity: 'pearson' })).toThrow(ArgumentError);
      expect(() => make(rated, { similarity: 'pearson' })).toThrow(/^similarity: 'pearson' needs ratings \(useRatings: true on interactions with ratings\), but useRatings is false/);
      expect(() => make(implicit, { similarity: 'pearson', useRatings: true })).toThrow(/similarity: 'pearson' needs ratings .*these interactions have no ratings/);
      expect(() => make(implicit, { similarity: 'cosine' })).not.toThrow();
    }
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
