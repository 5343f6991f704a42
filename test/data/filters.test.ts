import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { binarize, kCore } from '../../src/data/filters.js';
import { IdMap } from '../../src/data/id-map.js';
import { Interactions } from '../../src/data/interactions.js';
import { ArgumentError, EmptyDataError } from '../../src/errors.js';
import { fromTriples } from './fixtures.js';

describe('binarize', () => {
  it('keeps ratings >= threshold and drops the rating column', () => {
    const x = new Interactions({ users: Int32Array.of(0, 0, 1), items: Int32Array.of(0, 1, 1), ratings: Float32Array.of(5, 3, 4) });
    const b = binarize(x, 4);
    expect(Array.from(b.items)).toEqual([0, 1]);
    expect(b.ratings).toBeNull();
    expect(() => binarize(x, 6)).toThrow(EmptyDataError);
    expect(() => binarize(fromTriples([[0, 0]]), 4)).toThrow(ArgumentError);
  });
});

/** Naive k-core: remove one offending row at a time until none remains. */
function naiveCore(rows: Array<[number, number]>, mu: number, mi: number): string[] {
  let cur = rows.slice();
  for (;;) {
    const cu = new Map<number, number>();
    const ci = new Map<number, number>();
    for (const [u, i] of cur) {
      cu.set(u, (cu.get(u) ?? 0) + 1);
      ci.set(i, (ci.get(i) ?? 0) + 1);
    }
    const next = cur.filter(([u, i]) => cu.get(u)! >= mu && ci.get(i)! >= mi);
    if (next.length === cur.length) return next.map(([u, i]) => `${u},${i}`).sort();
    cur = next;
  }
}

describe('kCore', () => {
  test.prop([fc.array(fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 8 })), { minLength: 1, maxLength: 80 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })])(
    'matches the naive fixed point, and every survivor meets both minimums',
    (rows, mu, mi) => {
      const x = fromTriples(rows, 9, 9);
      const want = naiveCore(rows, mu, mi);
      if (want.length === 0) {
        expect(() => kCore(x, { minUser: mu, minItem: mi })).toThrow(EmptyDataError);
        return;
      }
      const { interactions: k } = kCore(x, { minUser: mu, minItem: mi });
      const got = Array.from(k.users, (u, r) => `${k.userIds!.toExternal(u)},${k.itemIds!.toExternal(k.items[r]!)}`).sort();
      expect(got).toEqual(want);
      for (const c of k.countsPerUser()) expect(c).toBeGreaterThanOrEqual(mu);
      for (const c of k.countsPerItem()) expect(c).toBeGreaterThanOrEqual(mi);
    },
  );

  it('iterates: dropping an item pushes a user below the limit (hand-computed)', () => {
    // item 2 has one row -> dropped; then user 1 has one row left -> dropped.
    const x = new Interactions({
      users: Int32Array.of(0, 0, 1, 1, 2, 2),
      items: Int32Array.of(0, 1, 1, 2, 0, 1),
      userIds: IdMap.from(['a', 'b', 'c'], 'user'),
      itemIds: IdMap.from(['x', 'y', 'z'], 'item'),
    });
    const r = kCore(x, { minUser: 2, minItem: 2 });
    expect(r.iterations).toBeGreaterThanOrEqual(2);
    expect(r).toMatchObject({ removedRows: 2, removedUsers: 1, removedItems: 1 });
    expect(r.interactions.userIds!.ids()).toEqual(['a', 'c']);
    expect(r.interactions.itemIds!.ids()).toEqual(['x', 'y']);
    expect(kCore(x, { minUser: 2, minItem: 2, compact: false }).interactions.numUsers).toBe(3);
  });

  it.each([[{ minUser: Number.NaN }, 'minUser'], [{ minUser: -3 }, 'minUser'], [{ minItem: 2.5 }, 'minItem']])('%j is an ArgumentError', (opts, name) => {
    const x = fromTriples([[0, 0], [1, 0]]);
    expect(() => kCore(x, opts)).toThrow(ArgumentError);
    expect(() => kCore(x, opts)).toThrow(new RegExp(`^${name}: must be an integer >= 0`));
  });
});
