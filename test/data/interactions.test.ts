import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { Interactions } from '../../src/data/interactions.js';
import { ArgumentError } from '../../src/errors.js';
import { fromTriples } from './fixtures.js';

const pairs = fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 9 })), { minLength: 1, maxLength: 60 });

describe('Interactions', () => {
  test.prop([pairs])('CSR and CSC match a naive grouping, sorted, with row back-pointers', (rows) => {
    const x = fromTriples(rows, 7, 10);
    for (let u = 0; u < 7; u++) {
      const naive = rows.filter((r) => r[0] === u).map((r) => r[1]).sort((a, b) => a - b);
      expect(Array.from(x.itemsOf(u))).toEqual(naive);
    }
    for (let i = 0; i < 10; i++) {
      const naive = rows.filter((r) => r[1] === i).map((r) => r[0]).sort((a, b) => a - b);
      expect(Array.from(x.usersOf(i))).toEqual(naive);
    }
    const { offsets, indices, rows: back } = x.byUser();
    expect(offsets[7]).toBe(rows.length);
    for (let p = 0; p < indices.length; p++) expect(x.items[back[p]!]).toBe(indices[p]);
    for (let u = 0; u < 7; u++) for (let i = 0; i < 10; i++) {
      expect(x.hasInteraction(u, i)).toBe(rows.some((r) => r[0] === u && r[1] === i));
    }
  });

  it('userOffsets / userItems expose the CSR arrays', () => {
    const x = fromTriples([[1, 3], [0, 2], [1, 0]], 3, 4);
    expect(Array.from(x.userOffsets())).toEqual([0, 1, 3, 3]);
    expect(Array.from(x.userItems())).toEqual([2, 0, 3]);
    expect(Array.from(x.countsPerItem())).toEqual([1, 0, 1, 1]);
  });

  it('stats counts users, items, density, duplicates and distributions', () => {
    const x = fromTriples([[0, 0, 5], [0, 1, 6], [0, 1, 7], [2, 1, 1]], 4, 3);
    const s = x.stats();
    expect(s).toMatchObject({ numUsers: 4, numItems: 3, interactions: 4, activeUsers: 2, activeItems: 2, duplicateRows: 1 });
    expect(s.density).toBeCloseTo(4 / 12);
    expect(s.perUser).toMatchObject({ min: 0, max: 3, zeros: 2, mean: 1 });
    expect(s.timestamps).toEqual({ min: 1, max: 7 });
    expect(s.ratings).toBeNull();
  });

  it('select keeps index spaces and rejects bad rows', () => {
    const x = fromTriples([[0, 0, 1], [1, 2, 2], [2, 1, 3]], 5, 6);
    const s = x.select([2, 0]);
    expect([s.numUsers, s.numItems, s.length]).toEqual([5, 6, 2]);
    expect(Array.from(s.users)).toEqual([2, 0]);
    expect(Array.from(s.timestamps!)).toEqual([3, 1]);
    expect(() => x.select([3])).toThrow(ArgumentError);
  });

  it('validates lengths and index ranges', () => {
    expect(() => new Interactions({ users: Int32Array.of(0), items: Int32Array.of(0, 1) })).toThrow('items: length 2 != users length 1');
    expect(() => new Interactions({ users: Int32Array.of(0, 3), items: Int32Array.of(0, 1), numUsers: 3 })).toThrow('row 1 has index 3 outside [0, 3)');
    expect(() => new Interactions({ users: Int32Array.of(-1), items: Int32Array.of(0) , numUsers: 2})).toThrow(ArgumentError);
  });

  it('itemsOf, usersOf and hasInteraction refuse fractional and out-of-range indices instead of returning every row', () => {
    const x = fromTriples([[0, 3], [0, 1], [1, 2], [2, 0]], 3, 4);
    for (const u of [1.5, -1, 3, 99, Number.NaN]) {
      expect(() => x.itemsOf(u)).toThrow(ArgumentError);
      expect(() => x.itemsOf(u)).toThrow(`u: ${u} is not an index in [0, numUsers = 3)`);
      expect(() => x.hasInteraction(u, 0)).toThrow(ArgumentError);
    }
    for (const i of [0.5, -1, 4]) expect(() => x.usersOf(i)).toThrow(`i: ${i} is not an index in [0, numItems = 4)`);
    expect(Array.from(x.itemsOf(2))).toEqual([0]);
    expect(Array.from(x.usersOf(3))).toEqual([0]);
  });

  it('select refuses fractional rows; numUsers and numItems must be integer counts', () => {
    const x = fromTriples([[0, 3], [0, 1], [1, 2], [2, 0]]);
    expect(() => x.select([1.5, 2.5])).toThrow('rows: rows[0] = 1.5 is not a row index in [0, 4)');
    expect(() => x.select([0, 4])).toThrow('rows[1] = 4');
    for (const numUsers of [2.5, -0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new Interactions({ users: Int32Array.of(0), items: Int32Array.of(0), numUsers, numItems: 1 })).toThrow(`numUsers: must be an integer in [0, 2^31), got ${numUsers}`);
    }
    expect(() => new Interactions({ users: Int32Array.of(0), items: Int32Array.of(0), numUsers: 1, numItems: 1.5 })).toThrow('numItems: must be an integer');
  });
});
