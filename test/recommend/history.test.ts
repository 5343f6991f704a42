import { describe, expect, it } from 'vitest';
import { UnknownIdError, UnsupportedOperationError } from '../../src/errors.js';
import { ANCF } from '../../src/models/ancf.js';
import { Ease } from '../../src/models/baselines/ease.js';
import { ItemKNN, UserKNN } from '../../src/models/baselines/knn.js';
import { Popularity } from '../../src/models/baselines/popularity.js';
import { MF } from '../../src/models/mf.js';
import { NeuMF } from '../../src/models/ncf.js';
import { Recommender } from '../../src/recommend/index.js';
import { naiveTop, pairs, quickTrain, smallData } from './fixtures.js';

const data = smallData(3);
const idx = (ids: ReadonlyArray<string | number>): number[] => ids.map((x) => Number(String(x).slice(1)));

/** Cosine in float64, a zero vector scoring 0. */
function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0, aa = 0, bb = 0;
  for (let t = 0; t < a.length; t++) {
    ab += a[t]! * b[t]!;
    aa += a[t]! ** 2;
    bb += b[t]! ** 2;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

describe('recommendFromHistory', () => {
  it('ANCF: ranks exactly by scoreFromHistory (the unknown-user fold-in), history excluded', async () => {
    const model = new ANCF({ numUsers: data.numUsers, numItems: data.numItems, factors: 4, layers: [8, 4], historyLength: 5, seed: 2 });
    await quickTrain(model, data, 1, 5);
    const rec = new Recommender({ model, train: data });
    expect(rec.foldIn).toBe('ancf');
    const history = [7, 3, 11, 3];
    const r = rec.recommendFromHistory(history.map((i) => `i${i}`), 6);
    const all = Int32Array.from({ length: data.numItems }, (_, i) => i);
    const ref = new Float32Array(data.numItems);
    model.scoreFromHistory(Int32Array.from(history), all, ref);
    expect(idx(r.items.map((x) => x.itemId))).toEqual(naiveTop(ref, 6, new Set(history)));
    expect(r).toMatchObject({ userId: null, coldStart: false });
    expect(r.confidence).toBeCloseTo(3 / (3 + rec.confidenceHalfPoint), 12);
  });

  it('other embedding models: mean cosine similarity to the history items', () => {
    const model = new MF({ numUsers: data.numUsers, numItems: data.numItems, factors: 3, initStd: 1, seed: 4 });
    const rec = new Recommender({ model, train: data });
    expect(rec.foldIn).toBe('embedding-cosine');
    const e = model.itemFactors.weight.value;
    const row = (i: number) => e.data.subarray(i * 3, i * 3 + 3);
    const ref = Array.from({ length: data.numItems }, (_, i) => (cosine(row(i), row(2)) + cosine(row(i), row(9))) / 2);
    const r = rec.recommendFromHistory(['i2', 'i9'], 5, { excludeSeen: false, exclude: ['i0'] });
    expect(idx(r.items.map((x) => x.itemId))).toEqual(naiveTop(ref, 5, new Set([0])));
    r.items.forEach((x) => expect(x.score).toBeCloseTo(ref[idx([x.itemId])[0]!]!, 5));
    expect(rec.recommendFromHistory(['i2', 'i9'], 40).items.map((x) => x.itemId)).not.toContain('i2');
  });

  it('ItemKNN and EASE apply their item-item weights to the history as a user row', () => {
    for (const model of [new ItemKNN(data, { neighbours: 5 }), new Ease(data, { lambda: 10 })]) {
      const rec = new Recommender({ model, train: data });
      // A real user's history through fold-in equals that user's own scores.
      const u = 4;
      const items = Array.from(data.itemsOf(u), (i) => `i${i}`);
      const own = rec.recommend(`u${u}`, 8);
      const folded = rec.recommendFromHistory(items, 8);
      expect(folded.items.map((x) => x.itemId)).toEqual(own.items.map((x) => x.itemId));
      folded.items.forEach((x, j) => expect(x.score).toBeCloseTo(own.items[j]!.score, 4));
      // x = 1_H is a 0/1 row: repeating an item (here the first, three times over,
      // in the middle and at the end) must not weigh its row more.
      const repeated = [items[0]!, items[0]!, ...items, items[0]!, items[1]!];
      const again = rec.recommendFromHistory(repeated, 8);
      expect(again.items).toEqual(folded.items);
    }
  });

  it('ItemKNN and EASE: a repeated history item counts once (hand-built case where counting it thrice flips the ranking)', () => {
    // Users a,b,c / a,b / b,c,d / c,d over items a..e; with EASE λ = 1, the history
    // [a,b,c] ranks d (0.375) above e (0), but adding B[a] three times ranks e first.
    const x = pairs([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [2, 1], [2, 2], [2, 3], [3, 2], [3, 3]], 4, 5);
    for (const model of [new Ease(x, { lambda: 1 }), new ItemKNN(x, { neighbours: 1 })]) {
      const rec = new Recommender({ model, train: x });
      const once = rec.recommendFromHistory([500, 501, 502], 2);
      expect(rec.recommendFromHistory([500, 500, 500, 501, 502], 2)).toEqual(once);
      expect(rec.recommendFromHistory([502, 500, 501, 500], 2)).toEqual(once);
      expect(once.items).toEqual(rec.recommend(100, 2).items);
      expect(once.items[0]!.itemId).toBe(503);
    }
  });

  it('models with no way to use a history, and an empty history, get the popularity fallback', () => {
    for (const model of [new Popularity(data), new UserKNN(data)]) {
      const rec = new Recommender({ model, train: data });
      expect(rec.foldIn).toBe('none');
      const r = rec.recommendFromHistory(['i1'], 3);
      expect(r.coldStart).toBe(true);
      expect(r.confidence).toBe(0);
      expect(r.items.map((x) => x.itemId)).not.toContain('i1');
      expect(r.items).toEqual(rec.recommend('nobody', 3, { exclude: ['i1'] }).items);
      expect(r.userId).toBeNull();
    }
    const rec = new Recommender({ model: new NeuMF({ numUsers: data.numUsers, numItems: data.numItems }), train: data });
    expect(rec.recommendFromHistory([], 3)).toEqual({ ...rec.recommend('nobody', 3), userId: null });
  });

  it('an unknown item in the history is an UnknownIdError naming it', () => {
    const rec = new Recommender({ model: new Popularity(data), train: data });
    expect(() => rec.recommendFromHistory(['i1', 'i999'], 3)).toThrow(UnknownIdError);
    expect(() => rec.recommendFromHistory(['i1', 'i999'], 3)).toThrow('unknown item id "i999"');
  });
});

describe('similarItems', () => {
  it('ranks by cosine over itemEmbeddings(), the item itself left out', () => {
    const model = new NeuMF({ numUsers: data.numUsers, numItems: data.numItems, factors: 3, seed: 8 });
    const rec = new Recommender({ model, train: data });
    const e = model.itemEmbeddings();
    const row = (i: number) => e.data.subarray(i * 3, i * 3 + 3);
    const ref = Array.from({ length: data.numItems }, (_, i) => cosine(row(i), row(6)));
    const r = rec.similarItems('i6', 7);
    expect(r.itemId).toBe('i6');
    expect(idx(r.items.map((x) => x.itemId))).toEqual(naiveTop(ref, 7, new Set([6])));
    r.items.forEach((x) => expect(x.score).toBeCloseTo(ref[idx([x.itemId])[0]!]!, 5));
    expect(rec.similarItems('i6', 1000).items).toHaveLength(data.numItems - 1);
  });

  it('scores a zero embedding 0 and breaks ties by item index', () => {
    const model = new MF({ numUsers: data.numUsers, numItems: data.numItems, factors: 2 });
    model.itemFactors.weight.value.data.fill(0);
    model.itemFactors.weight.value.data.set([1, 0], 0);
    const r = new Recommender({ model, train: data }).similarItems('i0', 3);
    expect(r.items).toEqual([
      { itemId: 'i1', score: 0 },
      { itemId: 'i2', score: 0 },
      { itemId: 'i3', score: 0 },
    ]);
  });

  it('unknown ids are UnknownIdError; models without embeddings an UnsupportedOperationError', () => {
    const rec = new Recommender({ model: new NeuMF({ numUsers: data.numUsers, numItems: data.numItems }), train: data });
    expect(() => rec.similarItems('nope', 3)).toThrow(UnknownIdError);
    const pop = new Recommender({ model: new Popularity(data), train: data });
    expect(() => pop.similarItems('i1', 3)).toThrow(UnsupportedOperationError);
    expect(() => pop.similarItems('i1', 3)).toThrow('similarItems is not supported by model popularity: it has no item embeddings');
  });
});
