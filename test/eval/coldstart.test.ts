import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { evaluateColdStart } from '../../src/eval/index.js';

describe('evaluateColdStart', () => {
  // Fold-in: an item scores 1 when it is in the history's "neighbourhood" (id within 1 of a history item).
  const foldIn = (history: Int32Array, items: Int32Array, out: Float32Array): boolean => {
    if (history.length === 0) return false;
    items.forEach((it, i) => (out[i] = history.some((h) => Math.abs(h - it) <= 1) ? 1 : 0));
    return true;
  };
  const popularity = [5, 4, 3, 2, 1, 0, 0, 0, 0, 0];
  const fallback = (_h: Int32Array, items: Int32Array, out: Float32Array): void => items.forEach((it, i) => (out[i] = popularity[it]!));
  const users = [
    { history: Int32Array.from([3]), positive: 4, negatives: Int32Array.from([8, 9, 4]) }, // fold-in: rank 0
    { history: Int32Array.from([3]), positive: 9, negatives: Int32Array.from([2, 8]) }, // fold-in: 2 scores 1 > 0, 8 ties 0: rank 2
    { history: new Int32Array(0), positive: 0, negatives: Int32Array.from([1, 2, 1, 0, 0]) }, // fallback: most popular, rank 0
  ];

  it('routes each user and reports the groups separately', () => {
    const r = evaluateColdStart(users, { foldIn, fallback, k: 2, numItems: 10 });
    expect(Array.from(r.foldedIn)).toEqual([1, 1, 0]);
    expect(Array.from(r.perUser.rank)).toEqual([0, 2, 0]);
    expect(r.foldIn.rows).toBe(2);
    expect(r.foldIn.hr).toBe(0.5);
    expect(r.fallback.rows).toBe(1);
    expect(r.fallback.hr).toBe(1);
    expect(r.overall.hr).toBeCloseTo(2 / 3, 12);
    expect(r.removedPositives).toBe(3);
    expect(r.removedDuplicates).toBe(1);
    expect(Array.from(r.perUser.auc)).toEqual([1, 0, 1]);
  });

  it('uses the fallback for everyone without a fold-in function', () => {
    const r = evaluateColdStart(users, { fallback, k: 2, numItems: 10 });
    expect(r.foldIn.rows).toBe(0);
    expect(r.foldIn.hr).toBeNaN();
    expect(r.fallback.rows).toBe(3);
  });

  it('rejects unknown items', () => {
    expect(() => evaluateColdStart([{ history: Int32Array.from([12]), positive: 0, negatives: Int32Array.from([1]) }], { fallback, numItems: 10 })).toThrow(
      /cold user 0: item 12 is outside \[0, 10\)/,
    );
  });

  it('rejects a positive that is not an integer item id before coercing it (NaN, 2.7 and 2^32 + 1 would become 0, 2 and 1)', () => {
    const count = (_h: Int32Array, _i: Int32Array, out: Float32Array): void => void out.fill(0);
    for (const positive of [Number.NaN, 2.7, 2 ** 32 + 1, -1, 10, Infinity]) {
      const ok = { history: Int32Array.of(5), positive: 1, negatives: Int32Array.of(3, 4, 6) };
      const run = () => evaluateColdStart([ok, { ...ok, positive }], { fallback: count, numItems: 10, k: 1 });
      expect(run).toThrow(ArgumentError);
      expect(run).toThrow(`positive: cold user 1: positive ${positive} is not an item id in [0, 10)`);
    }
    expect(evaluateColdStart([{ history: Int32Array.of(5), positive: 9, negatives: Int32Array.of(3) }], { fallback: count, numItems: 10, k: 1 }).overall.rows).toBe(1);
  });
});
