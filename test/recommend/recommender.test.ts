import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError, UnknownIdError } from '../../src/errors.js';
import { lastItems } from '../../src/data/batch-history.js';
import { ANCF } from '../../src/models/ancf.js';
import { Popularity } from '../../src/models/baselines/popularity.js';
import { NeuMF } from '../../src/models/ncf.js';
import { MF } from '../../src/models/mf.js';
import { Recommender } from '../../src/recommend/index.js';
import { naiveTop, pairs, smallData, Table } from './fixtures.js';

describe('Recommender.recommend against a naive reference', () => {
  it('matches sort-by-(score desc, item asc) with seen, exclude and candidates applied (property)', () => {
    const setup = fc
      .record({ nu: fc.integer({ min: 1, max: 4 }), ni: fc.integer({ min: 1, max: 12 }) })
      .chain(({ nu, ni }) =>
        fc.record({
          nu: fc.constant(nu),
          ni: fc.constant(ni),
          // Small integers: many ties.
          table: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: nu * ni, maxLength: nu * ni }),
          train: fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: nu - 1 }), fc.integer({ min: 0, max: ni - 1 })), { selector: (p) => `${p[0]},${p[1]}`, maxLength: nu * ni }),
          user: fc.integer({ min: 0, max: nu - 1 }),
          k: fc.integer({ min: 1, max: 15 }),
          excludeSeen: fc.boolean(),
          exclude: fc.uniqueArray(fc.integer({ min: 0, max: ni - 1 }), { maxLength: ni }),
          candidates: fc.option(fc.array(fc.integer({ min: 0, max: ni - 1 }), { maxLength: 2 * ni }), { nil: undefined }),
        }),
      );
    fc.assert(
      fc.property(setup, (s) => {
        const train = pairs(s.train, s.nu, s.ni);
        const rec = new Recommender({ model: new Table(s.nu, s.ni, Float32Array.from(s.table)), train });
        const got = rec.recommend(100 + s.user, s.k, {
          excludeSeen: s.excludeSeen,
          exclude: s.exclude.map((i) => 500 + i),
          ...(s.candidates ? { candidates: s.candidates.map((i) => 500 + i) } : {}),
        });
        const seen = s.train.filter((p) => p[0] === s.user).map((p) => p[1]);
        const cold = seen.length === 0;
        const skip = new Set([...s.exclude, ...(s.excludeSeen ? seen : [])]);
        const only = s.candidates ? new Set(s.candidates) : null;
        const counts = new Float32Array(s.ni);
        for (const p of s.train) counts[p[1]]!++;
        const scores = cold ? counts : Float32Array.from(s.table.slice(s.user * s.ni, (s.user + 1) * s.ni));
        const want = naiveTop(scores, s.k, skip, only);
        expect(got.coldStart).toBe(cold);
        expect(got.userId).toBe(100 + s.user);
        expect(got.items.map((x) => x.itemId)).toEqual(want.map((i) => 500 + i));
        expect(got.items.map((x) => x.score)).toEqual(want.map((i) => scores[i]));
      }),
    );
  });

  it('breaks ties by the lower internal item index, deterministically', () => {
    const train = pairs([[0, 1]], 1, 6);
    const rec = new Recommender({ model: new Table(1, 6, new Float32Array(6).fill(2)), train });
    const a = rec.recommend(100, 3).items.map((x) => x.itemId);
    expect(a).toEqual([500, 502, 503]);
    expect(rec.recommend(100, 3).items.map((x) => x.itemId)).toEqual(a);
  });

  it('returns every eligible item when k exceeds them, and an empty list when none is eligible', () => {
    const train = pairs([[0, 0], [0, 1]], 1, 4);
    const rec = new Recommender({ model: new Table(1, 4, Float32Array.of(4, 3, 2, 1)), train });
    expect(rec.recommend(100, 1000).items.map((x) => x.itemId)).toEqual([502, 503]);
    expect(rec.recommend(100, 5, { candidates: [500, 501] }).items).toEqual([]);
    expect(rec.recommend(100, 5, { excludeSeen: false, candidates: [501, 500, 501] }).items).toEqual([
      { itemId: 500, score: 4 },
      { itemId: 501, score: 3 },
    ]);
  });
});

describe('Recommender cold start and confidence', () => {
  const train = pairs([[0, 0], [0, 1], [0, 2], [1, 2], [1, 3], [2, 2]], 4, 5);
  const rec = new Recommender({ model: new Table(4, 5, Float32Array.from({ length: 20 }, (_, i) => i % 7)), train });

  it('serves an unknown user the most popular items with coldStart and confidence 0, not an error', () => {
    const r = rec.recommend('nobody', 3);
    expect(r).toEqual({ userId: 'nobody', coldStart: true, confidence: 0, items: [
      { itemId: 502, score: 3 },
      { itemId: 500, score: 1 },
      { itemId: 501, score: 1 },
    ] });
    expect(rec.recommend('nobody', 2, { exclude: [502] }).items.map((x) => x.itemId)).toEqual([500, 501]);
    expect(rec.recommend('nobody', 2, { candidates: [504, 503] }).items.map((x) => x.itemId)).toEqual([503, 504]);
  });

  it('treats a known user without training interactions as cold (user index 3 here)', () => {
    const r = rec.recommend(103, 2);
    expect(r.coldStart).toBe(true);
    expect(r.userId).toBe(103);
    expect(r.confidence).toBe(0);
  });

  it('gives confidence n / (n + c), c the median count of active users (here 1, 2, 3 -> 2)', () => {
    expect(rec.confidenceHalfPoint).toBe(2);
    expect(rec.recommend(100, 1).confidence).toBeCloseTo(3 / 5, 12);
    expect(rec.recommend(101, 1).confidence).toBeCloseTo(1 / 2, 12);
    expect(rec.recommend(102, 1).confidence).toBeCloseTo(1 / 3, 12);
    const custom = new Recommender({ model: new Table(4, 5, new Float32Array(20)), train, confidenceHalfPoint: 6 });
    expect(custom.recommend(100, 1).confidence).toBeCloseTo(3 / 9, 12);
    expect(() => new Recommender({ model: new Table(4, 5, new Float32Array(20)), train, confidenceHalfPoint: 0 })).toThrow(ArgumentError);
  });

  it('finds numeric ids from their string form and vice versa; results carry the map\'s own ids', () => {
    expect(rec.recommend('100', 1).userId).toBe(100);
    expect(rec.recommend('100', 1).coldStart).toBe(false);
    expect(rec.recommend(100, 5, { exclude: ['504'] }).items.map((x) => x.itemId)).not.toContain(504);
  });
});

describe('Recommender argument errors', () => {
  const train = pairs([[0, 0], [1, 1]], 2, 3);
  const rec = new Recommender({ model: new Table(2, 3, new Float32Array(6)), train });

  it('rejects k that is not a positive integer with an ArgumentError naming k', () => {
    for (const k of [0, -1, 1.5, Number.NaN, Infinity]) {
      expect(() => rec.recommend(100, k)).toThrow(ArgumentError);
      expect(() => rec.recommend(100, k)).toThrow(/^k: must be a positive integer/);
      expect(() => rec.recommendBatch([100], k)).toThrow(ArgumentError);
      expect(() => rec.exportAll(k)).toThrow(ArgumentError);
      expect(() => rec.recommendFromHistory([500], k)).toThrow(ArgumentError);
    }
  });

  it('rejects unknown excluded or candidate items with an UnknownIdError naming the id', () => {
    const err = (() => {
      try {
        rec.recommend(100, 2, { exclude: [500, 'i-404'] });
      } catch (e) {
        return e;
      }
      return null;
    })() as UnknownIdError;
    expect(err).toBeInstanceOf(UnknownIdError);
    expect(err.kind).toBe('item');
    expect(err.id).toBe('i-404');
    expect(err.message).toBe('unknown item id "i-404"');
    expect(() => rec.recommend(100, 2, { candidates: [999] })).toThrow('unknown item id 999');
    expect(() => rec.recommend('nobody', 2, { candidates: [999] })).toThrow(UnknownIdError);
  });

  it('rejects user ids that are neither strings nor numbers, and models that do not fit the data', () => {
    expect(() => rec.recommendBatch([100, null as unknown as number], 2)).toThrow(/userIds: entry 1/);
    expect(() => new Recommender({ model: new Table(2, 4, new Float32Array(8)), train })).toThrow(/has 4 items, the training interactions 3/);
    expect(() => new Recommender({ model: new Table(3, 3, new Float32Array(9)), train })).toThrow(/has 3 users/);
  });
});

describe('Recommender batches, titles and export', () => {
  const data = smallData();
  const model = new NeuMF({ numUsers: data.numUsers, numItems: data.numItems, factors: 4, layers: [16, 8, 4], seed: 3 });
  const rec = new Recommender({ model, train: data, itemTitles: new Map([['i0', 'Toy Story'], ['i1', 'GoldenEye']]) });

  it('recommendBatch equals recommend per user, in order, unknown users included', () => {
    const ids = ['u3', 'ghost', 'u0', 'u3', 'u29'];
    const batch = rec.recommendBatch(ids, 5, { exclude: ['i2'] });
    expect(batch.map((r) => r.userId)).toEqual(ids);
    batch.forEach((r, j) => expect(r).toEqual(rec.recommend(ids[j]!, 5, { exclude: ['i2'] })));
    expect(batch[1]!.coldStart).toBe(true);
  });

  it('never recommends a seen item by default, and can when excludeSeen is false', () => {
    for (let u = 0; u < data.numUsers; u++) {
      const seen = new Set(Array.from(data.itemsOf(u), (i) => `i${i}`));
      const r = rec.recommend(`u${u}`, data.numItems);
      expect(r.items.length).toBe(data.numItems - seen.size);
      for (const it of r.items) expect(seen.has(it.itemId as string)).toBe(false);
      expect(rec.recommend(`u${u}`, data.numItems, { excludeSeen: false }).items.length).toBe(data.numItems);
    }
  });

  it('scores are the model\'s own scores for those pairs', () => {
    const r = rec.recommend('u5', 4);
    const items = Int32Array.from(r.items, (x) => Number(String(x.itemId).slice(1)));
    const out = new Float32Array(items.length);
    model.score(new Int32Array(items.length).fill(5), items, out);
    r.items.forEach((x, j) => expect(x.score).toBeCloseTo(out[j]!, 5));
  });

  it('attaches titles from a map or a function when known', () => {
    const all = rec.recommend('ghost', data.numItems).items;
    expect(all.find((x) => x.itemId === 'i0')!.title).toBe('Toy Story');
    expect(all.find((x) => x.itemId === 'i3')).not.toHaveProperty('title');
    const byFn = new Recommender({ model, train: data, itemTitles: (id) => `title of ${id}` });
    expect(byFn.recommend('u1', 1).items[0]!.title).toBe(`title of ${byFn.recommend('u1', 1).items[0]!.itemId}`);
  });

  it('exportAll holds every user once, keyed by id, each list equal to recommend', () => {
    const table = rec.exportAll(3);
    expect(Object.keys(table)).toEqual(Array.from({ length: data.numUsers }, (_, u) => `u${u}`));
    for (const u of ['u0', 'u17']) expect(table[u]).toEqual(rec.recommend(u, 3).items);
  });

  it('serves MF through its scoreAll and Popularity alike', () => {
    const mf = new Recommender({ model: new MF({ numUsers: data.numUsers, numItems: data.numItems, factors: 4 }), train: data });
    expect(mf.recommend('u2', 3).items).toHaveLength(3);
    const pop = new Recommender({ model: new Popularity(data), train: data });
    const counts = data.countsPerItem();
    const r = pop.recommend('u2', 3, { excludeSeen: false });
    expect(r.items.map((x) => x.score)).toEqual(naiveTop(counts, 3, new Set()).map((i) => counts[i]));
  });
});

describe('ANCF histories on a model shared by several Recommenders', () => {
  const data = smallData(5);
  const L = 3;
  const make = () => new ANCF({ numUsers: data.numUsers, numItems: data.numItems, factors: 4, layers: [8, 4], historyLength: L, seed: 3 });
  // Every user's history is item 0 alone: far from what lastItems(data) gives.
  const custom = () => ({ history: new Int32Array(data.numUsers * L), lengths: new Int32Array(data.numUsers).fill(1), historyLength: L });

  it('a model without histories gets lastItems(train)', () => {
    const model = make();
    expect(model.userHistories).toBeNull();
    const rec = new Recommender({ model, train: data });
    expect(Array.from(rec.histories!.history)).toEqual(Array.from(lastItems(data, { historyLength: L }).history));
  });

  it('a second Recommender without `histories` keeps the first one\'s custom histories', () => {
    const model = make();
    const h = custom();
    const first = new Recommender({ model, train: data, histories: h });
    const before = first.recommend('u4', 5);
    const second = new Recommender({ model, train: data });
    expect(model.userHistories).toBe(h);
    expect(second.histories).toBe(h);
    expect(first.recommend('u4', 5)).toEqual(before);
    expect(second.recommend('u4', 5)).toEqual(before);
  });

  it('an explicit `histories` replaces them', () => {
    const model = make();
    new Recommender({ model, train: data, histories: custom() });
    const fresh = lastItems(data, { historyLength: L });
    expect(new Recommender({ model, train: data, histories: fresh }).histories).toBe(fresh);
  });

  it('withItemTitles keeps the model, training data, confidenceHalfPoint and histories', () => {
    const model = make();
    const h = custom();
    const rec = new Recommender({ model, train: data, histories: h, confidenceHalfPoint: 2.5 });
    const titled = rec.withItemTitles(new Map([['i1', 'One']]));
    expect(titled).not.toBe(rec);
    expect(titled.model).toBe(model);
    expect(titled.train).toBe(data);
    expect(titled.confidenceHalfPoint).toBe(2.5);
    expect(titled.histories).toBe(h);
    expect(titled.titleOf('i1')).toBe('One');
    expect(rec.titleOf('i1')).toBeUndefined();
    expect(titled.withItemTitles(null).titleOf('i1')).toBeUndefined();
    expect(titled.recommend('u4', 5).items.map((x) => x.itemId)).toEqual(rec.recommend('u4', 5).items.map((x) => x.itemId));
  });
});
