import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateFullRanking, type Csr } from '../../src/eval/index.js';
import { rankingMetrics } from '../../src/metrics/index.js';
import { TableScorer, TableScorerAll } from './table-scorer.js';

const csr = (rows: number[][]): Csr => {
  const offsets = new Int32Array(rows.length + 1);
  rows.forEach((r, i) => (offsets[i + 1] = offsets[i]! + r.length));
  return { offsets, indices: Int32Array.from(rows.flat()) };
};

describe('full ranking, hand-computed', () => {
  const rows = [[0.1, 0.9, 0.8, 0.7, 0.6, 0.5]];
  it('excludes training items and scores the top K', () => {
    for (const scorer of [TableScorer.fromRows(rows), TableScorerAll.fromRows(rows)]) {
      // Item 1 is a training item; top 3 of the rest: 2, 3, 4; held-out 3 hits at position 1.
      const r = evaluateFullRanking(scorer, { users: Int32Array.from([0]), heldOut: csr([[3, 5, 3]]), train: csr([[1]]) }, { k: 3 });
      expect(Array.from(r.recommended)).toEqual([2, 3, 4]);
      expect(r.hr).toBe(1);
      expect(r.precision).toBeCloseTo(1 / 3, 12);
      expect(r.recall).toBeCloseTo(1 / 2, 12); // the repeated held-out 3 counts once
      expect(r.ndcg).toBeCloseTo(1 / Math.log2(3) / (1 + 1 / Math.log2(3)), 12);
      expect(r.map).toBeCloseTo(0.25, 12);
      expect(r.mrr).toBeCloseTo(0.5, 12);
      expect(r.heldOutInTrain).toBe(0);
    }
  });

  it('uses scoreAll when present, and counts held-out items hidden by training', () => {
    const s = TableScorerAll.fromRows(rows);
    const r = evaluateFullRanking(s, { users: Int32Array.from([0]), heldOut: csr([[1]]), train: csr([[1]]) }, { k: 2 });
    expect(s.scoreAllCalls).toBe(1);
    expect(s.scoreCalls).toBe(0);
    expect(r.hr).toBe(0);
    expect(r.heldOutInTrain).toBe(1);
  });

  it('counts ties against the held-out items: a constant model hits nothing', () => {
    const flat = [Array.from({ length: 20 }, () => 0.5), Array.from({ length: 20 }, (_, j) => (j < 3 ? 1 : 0.5))];
    for (const scorer of [TableScorer.fromRows(flat), TableScorerAll.fromRows(flat)]) {
      // Row 0: all equal, held-out items 0 and 1 (the lowest ids) rank after the other 18.
      // Row 1: item 4 ties with 16 others at 0.5 below items 0-2, so it ranks after 5-19 too.
      const r = evaluateFullRanking(scorer, { users: Int32Array.from([0, 1]), heldOut: csr([[1, 0], [4]]), train: csr([[], [2]]) }, { k: 5 });
      expect(Array.from(r.recommended)).toEqual([2, 3, 4, 5, 6, 0, 1, 3, 5, 6]);
      expect(r.hr).toBe(0);
      const all = evaluateFullRanking(scorer, { users: Int32Array.from([0]), heldOut: csr([[1, 0]]) }, { k: 20 });
      expect(Array.from(all.recommended.subarray(18))).toEqual([0, 1]);
    }
  });

  it('skips rows without held-out items and rejects malformed CSR', () => {
    const s = TableScorer.fromRows([[1, 2], [3, 4]]);
    const r = evaluateFullRanking(s, { users: Int32Array.from([0, 1]), heldOut: csr([[1], []]) }, { k: 1 });
    expect(r.users).toBe(1);
    expect(r.perUser.hr[1]).toBeNaN();
    expect(() => evaluateFullRanking(s, { users: Int32Array.from([0]), heldOut: csr([[2]]) })).toThrow(/heldOut: entry 0: item 2 is outside/);
    expect(() => evaluateFullRanking(s, { users: Int32Array.from([0]), heldOut: csr([[1]]), train: csr([[0]]) })).toThrow(
      /train: offsets has 2 entries, expected 3/,
    );
    expect(() => evaluateFullRanking(s, { users: Int32Array.from([5]), heldOut: csr([[1]]) })).toThrow(/users: row 0: user 5/);
  });
});

describe('full ranking against sorting and rankingMetrics', () => {
  it('matches for random tables with ties, any chunking', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 30 }),
        fc.nat(),
        (nu, ni, k, chunkScores, seed) => {
          let x = seed;
          const next = (n: number): number => ((x = (x * 1103515245 + 12345) >>> 0) % n);
          const table = Float32Array.from({ length: nu * ni }, () => next(3));
          const train = Array.from({ length: nu }, () => [...new Set(Array.from({ length: next(3) }, () => next(ni)))]);
          const users = Array.from({ length: nu }, (_, i) => nu - 1 - i); // reversed: rows != user ids
          const held = users.map(() => Array.from({ length: next(3) }, () => next(ni)));
          const r = evaluateFullRanking(
            new TableScorer(nu, ni, table),
            { users: Int32Array.from(users), heldOut: csr(held), train: csr(train) },
            { k, chunkScores },
          );
          // Score descending; among equal scores held-out items last (ties count against them), then item id.
          const lists = users.map((u, row) =>
            Array.from({ length: ni }, (_, j) => j)
              .filter((j) => !train[u]!.includes(j))
              .sort((a, b) => table[u * ni + b]! - table[u * ni + a]! || +held[row]!.includes(a) - +held[row]!.includes(b) || a - b)
              .slice(0, k),
          );
          users.forEach((_, row) => expect(Array.from(r.recommended.subarray(row * k, row * k + lists[row]!.length))).toEqual(lists[row]));
          const ref = rankingMetrics(lists, held.map((h) => new Set(h)), k);
          for (const key of ['hr', 'precision', 'recall', 'ndcg', 'map', 'mrr'] as const) {
            if (Number.isNaN(ref[key])) expect(r[key]).toBeNaN();
            else expect(r[key]).toBeCloseTo(ref[key], 12);
          }
        },
      ),
    );
  });
});
