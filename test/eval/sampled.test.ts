import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { SampledEvaluator, evaluateSampled } from '../../src/eval/index.js';
import { TableScorer } from './table-scorer.js';

const i32 = (...v: number[]): Int32Array => Int32Array.from(v);

describe('sampled ranking, hand-computed', () => {
  const scorer = TableScorer.fromRows([
    [0.9, 0.1, 0.5, 0.9, 0.2, 0.0],
    [0.3, -0.1, 0, 0, 0, 0.2],
  ]);
  // User 0: item 3 ties the positive (0.9) and counts against it: rank 1.
  // User 1: its positive 5 is also listed as a negative and is removed; item 0 beats it: rank 1.
  const test = { users: i32(0, 1), positives: i32(0, 5), negatives: [i32(1, 2, 3, 4), i32(5, 0, 1)] };

  it('ties count against the positive', () => {
    const r1 = evaluateSampled(scorer, test, { k: 1 });
    expect(r1.hr).toBe(0);
    expect(r1.ndcg).toBe(0);
    const r2 = evaluateSampled(scorer, test, { k: 2 });
    expect(Array.from(r2.perUser.rank)).toEqual([1, 1]);
    expect(r2.hr).toBe(1);
    expect(r2.ndcg).toBeCloseTo(1 / Math.log2(3), 12);
    expect(r2.mrr).toBeCloseTo(0.5, 12);
    expect(Array.from(r2.perUser.auc)).toEqual([3 / 4, 1 / 2]);
    expect(r2.auc).toBeCloseTo(5 / 8, 12);
    expect(r2.removedPositives).toBe(1);
    expect(r2.removedDuplicates).toBe(0);
  });

  it('a constant model gets HR@10 = 0 against 99 negatives', () => {
    const flat = new TableScorer(3, 100, new Float32Array(300).fill(0.5));
    const negs = Int32Array.from({ length: 99 }, (_, j) => j + 1);
    const r = evaluateSampled(flat, { users: i32(0, 1, 2), positives: i32(0, 0, 0), negatives: [negs, negs, negs] });
    expect([r.hr, r.ndcg, r.auc]).toEqual([0, 0, 0]);
    expect(Array.from(r.perUser.rank)).toEqual([99, 99, 99]);
    expect(r.mrr).toBeCloseTo(1 / 100, 12);
  });

  it('NaN scores count against the positive; repeated negatives are removed and counted', () => {
    const s = TableScorer.fromRows([
      [Number.NaN, 0, 1],
      [1, Number.NaN, 0],
    ]);
    const r = evaluateSampled(s, { users: i32(0, 1), positives: i32(0, 0), negatives: [i32(1, 2), i32(1, 2, 2)] }, { k: 2 });
    expect(Array.from(r.perUser.rank)).toEqual([2, 1]);
    expect(r.nanRows).toBe(2);
    expect(r.removedDuplicates).toBe(1);
  });

  it('rejects bad input with the row named', () => {
    expect(() => evaluateSampled(scorer, { users: i32(0), positives: i32(2), negatives: [i32(2)] })).toThrow(
      /negatives: row 0 \(user 0\) has no negatives besides its positive 2/,
    );
    expect(() => evaluateSampled(scorer, { users: i32(0, 1), positives: i32(0), negatives: [] })).toThrow(ArgumentError);
    expect(() => evaluateSampled(scorer, { users: i32(0, 2), positives: i32(0, 0), negatives: [i32(1), i32(1)] })).toThrow(
      /users: row 1: user 2 is outside \[0, 2\)/,
    );
    expect(() => evaluateSampled(scorer, { users: i32(0), positives: i32(0), negatives: [i32(6)] })).toThrow(/items: row 0: item 6/);
    expect(() => evaluateSampled(scorer, test, { k: 0 })).toThrow(/k: must be a positive integer/);
  });
});

describe('sampled ranking against a naive per-row reference', () => {
  it('matches for any chunking, one score() call per chunk, buffers reused across epochs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 2, max: 9 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 5 }),
        fc.nat(),
        (numUsers, numItems, chunkPairs, k, seed) => {
          let x = seed;
          const next = (n: number): number => ((x = (x * 1103515245 + 12345) >>> 0) % n);
          // Integer scores in a small range: plenty of ties.
          const table = Float32Array.from({ length: numUsers * numItems }, () => next(4));
          const users: number[] = [], pos: number[] = [];
          const negs: Int32Array[] = [];
          for (let u = 0; u < numUsers; u++) {
            const p = next(numItems);
            users.push(u);
            pos.push(p);
            negs.push(Int32Array.from({ length: 1 + next(numItems) }, () => (p + 1 + next(numItems - 1)) % numItems));
          }
          const scorer = new TableScorer(numUsers, numItems, table);
          const ev = new SampledEvaluator({ users: Int32Array.from(users), positives: Int32Array.from(pos), negatives: negs }, { k, chunkPairs });
          const r = ev.evaluate(scorer);
          let hr = 0, ndcg = 0;
          users.forEach((u, row) => {
            const sp = table[u * numItems + pos[row]!]!;
            const distinct = [...new Set(negs[row]!)];
            const rank = distinct.filter((n) => table[u * numItems + n]! >= sp).length;
            expect(r.perUser.rank[row]).toBe(rank);
            if (rank < k) {
              hr++;
              ndcg += Math.log(2) / Math.log(rank + 2);
            }
          });
          expect(r.hr).toBeCloseTo(hr / numUsers, 12);
          expect(r.ndcg).toBeCloseTo(ndcg / numUsers, 12);
          // Rows are never split, so each chunk holds whole rows; count the expected calls.
          let calls = 0, fill = 0;
          negs.forEach((n) => {
            const len = 1 + new Set(n).size;
            if (fill > 0 && fill + len > chunkPairs) {
              calls++;
              fill = 0;
            }
            fill += len;
          });
          expect(scorer.scoreCalls).toBe(calls + 1);
          expect(ev.evaluate(scorer).perUser.rank).toEqual(r.perUser.rank);
        },
      ),
    );
  });

  it('sees new scores on the next evaluation (no stale caching)', () => {
    const s = TableScorer.fromRows([[1, 0, 0]]);
    const ev = new SampledEvaluator({ users: i32(0), positives: i32(0), negatives: [i32(1, 2)] }, { k: 1 });
    expect(ev.evaluate(s).hr).toBe(1);
    s.table[1] = 2;
    expect(ev.evaluate(s).hr).toBe(0);
  });
});
