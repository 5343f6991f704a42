import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { recentRows } from '../../src/data/recent-rows.js';
import { ArgumentError } from '../../src/errors.js';
import { fromTriples as rowsOf } from './fixtures.js';

describe('recentRows', () => {
  it('lists every row once in order, then each user\'s latest rows by timestamp, user by user', () => {
    // user 0: rows 0 (t=5), 2 (t=1), 3 (t=9); user 1: rows 1 (t=2), 4 (t=1)
    const x = rowsOf([[0, 10, 5], [1, 11, 2], [0, 12, 1], [0, 13, 9], [1, 14, 1]]);
    expect(Array.from(recentRows(x, { last: 2 }))).toEqual([0, 1, 2, 3, 4, /* user 0 */ 0, 3, /* user 1 */ 4, 1]);
    expect(Array.from(recentRows(x, { last: 1, extra: 2 }))).toEqual([0, 1, 2, 3, 4, 3, 3, 1, 1]);
  });

  it('repeats all of a user\'s rows when they have fewer than last, and nothing for extra 0 or last 0', () => {
    const x = rowsOf([[0, 1, 1], [1, 2, 1], [1, 3, 2]]);
    expect(Array.from(recentRows(x, { last: 5 }))).toEqual([0, 1, 2, 0, 1, 2]);
    expect(Array.from(recentRows(x, { last: 5, extra: 0 }))).toEqual([0, 1, 2]);
    expect(Array.from(recentRows(x, { last: 0 }))).toEqual([0, 1, 2]);
  });

  test.prop([
    fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 20 })), { minLength: 1, maxLength: 40 }),
    fc.integer({ min: 0, max: 6 }),
    fc.integer({ min: 0, max: 3 }),
  ])('each user gains min(last, their count) x extra rows, all theirs and none older than a row left out', (triples, last, extra) => {
    const x = rowsOf(triples);
    const out = recentRows(x, { last, extra });
    const added = Array.from(out.subarray(x.length));
    const counts = x.countsPerUser();
    for (let u = 0; u < x.numUsers; u++) {
      const mine = added.filter((r) => x.users[r] === u);
      expect(mine.length).toBe(Math.min(last, counts[u]!) * extra);
      const chosen = new Set(mine);
      const leftOut = triples.map((_, r) => r).filter((r) => x.users[r] === u && !chosen.has(r));
      for (const r of chosen) for (const o of leftOut) expect(x.timestamps![r]!).toBeGreaterThanOrEqual(x.timestamps![o]!);
    }
  });

  it('refuses a negative or fractional last or extra', () => {
    const x = rowsOf([[0, 1, 1]]);
    expect(() => recentRows(x, { last: -1 })).toThrow(ArgumentError);
    expect(() => recentRows(x, { last: 1.5 })).toThrow(/oversampleRecent.last/);
    expect(() => recentRows(x, { last: 1, extra: -1 })).toThrow(/oversampleRecent.extra/);
  });
});
