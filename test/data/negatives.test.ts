import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { AliasTable } from '../../src/data/alias-table.js';
import { concatInteractions } from '../../src/data/concat.js';
import { PopularityNegativeSampler, UniformNegativeSampler, sampleTestNegatives } from '../../src/data/negative-samplers.js';
import { PositiveSet } from '../../src/data/positive-set.js';
import { splitLeaveOneOut } from '../../src/data/split-leave-one-out.js';
import { syntheticInteractions } from '../../src/data/synthetic.js';
import { ArgumentError } from '../../src/errors.js';
import { Rng } from '../../src/tensor/rng.js';
import { fromTriples } from './fixtures.js';

const rowsArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 11 })), { minLength: 1, maxLength: 50 });

describe('PositiveSet', () => {
  test.prop([rowsArb])('bitset and binary-search modes agree with the data', (rows) => {
    const x = fromTriples(rows, 5, 12);
    const bits = new PositiveSet(x);
    const search = new PositiveSet(x, { maxBitsetBytes: 0 });
    expect([bits.usesBitset, search.usesBitset]).toEqual([true, false]);
    for (let u = 0; u < 5; u++) for (let i = 0; i < 12; i++) {
      const want = rows.some((r) => r[0] === u && r[1] === i);
      expect(bits.has(u, i)).toBe(want);
      expect(search.has(u, i)).toBe(want);
    }
  });

  it('never builds a bitset past 2^32 bits, where 32-bit bit addresses would wrap, whatever the cap', () => {
    // 70,000 x 70,000 = 4.9e9 cells; user 69,999's items would alias lower users' bits.
    const x = fromTriples([[69_999, 69_999], [0, 5]], 70_000, 70_000);
    const s = new PositiveSet(x, { maxBitsetBytes: Infinity });
    expect(s.usesBitset).toBe(false);
    expect([s.has(69_999, 69_999), s.has(0, 5), s.has(69_999, 5), s.has(0, 69_999)]).toEqual([true, true, false, false]);
  });

  it('itemsOf refuses a fractional or out-of-range user instead of returning every positive', () => {
    const s = new PositiveSet(fromTriples([[0, 1], [1, 2], [1, 0]], 2, 3));
    expect(Array.from(s.itemsOf(1))).toEqual([0, 2]);
    for (const u of [0.5, -1, 2]) expect(() => s.itemsOf(u)).toThrow(`u: ${u} is not an index in [0, numUsers = 2)`);
  });
});

describe('UniformNegativeSampler', () => {
  test.prop([rowsArb, fc.integer()])('never returns a positive, including for users with most of the catalogue', (rows, seed) => {
    const dense = rows.concat(Array.from({ length: 10 }, (_, i) => [4, i] as [number, number])); // user 4 has >= 10 of 12
    const x = fromTriples(dense, 5, 12);
    const s = new UniformNegativeSampler(x, new Rng(seed));
    for (let u = 0; u < 5; u++) {
      if (new Set(x.itemsOf(u)).size === 12) continue;
      for (let k = 0; k < 30; k++) expect(x.hasInteraction(u, s.sample(u))).toBe(false);
    }
  });

  it('is uniform over the non-positives (chi-square, both code paths)', () => {
    const x = fromTriples([[0, 0], [0, 3], [1, 0], [1, 1], [1, 2], [1, 3], [1, 4], [1, 5]], 2, 8);
    const s = new UniformNegativeSampler(x, new Rng(1));
    for (const [u, free] of [[0, [1, 2, 4, 5, 6, 7]], [1, [6, 7]]] as const) {
      const counts = new Map<number, number>();
      const n = 6000;
      for (let k = 0; k < n; k++) {
        const i = s.sample(u);
        counts.set(i, (counts.get(i) ?? 0) + 1);
      }
      expect([...counts.keys()].sort()).toEqual([...free]);
    }
    const c = new Int32Array(8);
    for (let k = 0; k < 12000; k++) c[s.sample(0)]!++;
    const e = 12000 / 6;
    let chi = 0;
    for (const i of [1, 2, 4, 5, 6, 7]) chi += (c[i]! - e) ** 2 / e;
    expect(chi).toBeLessThan(20.5); // chi-square, 5 dof, p = 0.001
  });

  it('throws for a user who has every item', () => {
    const x = fromTriples([[0, 0], [0, 1]], 1, 2);
    expect(() => new UniformNegativeSampler(x, new Rng(1)).sample(0)).toThrow(ArgumentError);
  });
});

describe('AliasTable and PopularityNegativeSampler', () => {
  it('alias draws match the weights', () => {
    const w = [1, 0, 3, 6];
    const t = new AliasTable(w);
    const rng = new Rng(2);
    const c = [0, 0, 0, 0];
    const n = 40000;
    for (let k = 0; k < n; k++) c[t.sample(rng)]!++;
    expect(c[1]).toBe(0);
    for (const i of [0, 2, 3]) expect(c[i]! / n).toBeCloseTo(w[i]! / 10, 1);
    expect(() => new AliasTable([0, 0])).toThrow('all weights are zero');
    expect(() => new AliasTable([1, -1])).toThrow(ArgumentError);
  });

  test.prop([rowsArb, fc.integer(), fc.constantFrom(0, 0.75, 1)])('popularity negatives are never positives', (rows, seed, exponent) => {
    const x = fromTriples(rows, 5, 12);
    const s = new PopularityNegativeSampler(x, new Rng(seed), { exponent });
    for (let u = 0; u < 5; u++) {
      const pos = new Set(x.itemsOf(u));
      const reachable = Array.from({ length: 12 }, (_, i) => i).filter((i) => !pos.has(i) && s.weights[i]! > 0);
      if (reachable.length === 0) continue;
      for (let k = 0; k < 20; k++) expect(pos.has(s.sample(u))).toBe(false);
    }
  });

  it('exponent 1 samples in proportion to popularity', () => {
    const x = fromTriples([[0, 0], [1, 1], [2, 1], [3, 2], [4, 2], [5, 2], [6, 3]], 8, 4);
    const s = new PopularityNegativeSampler(x, new Rng(3), { exponent: 1 });
    const c = [0, 0, 0, 0];
    for (let k = 0; k < 30000; k++) c[s.sample(7)]!++;
    expect(c.map((v) => Math.round((v / 30000) * 7 * 10) / 10)).toEqual([1, 2, 3, 1]);
  });
});

describe('sampleTestNegatives', () => {
  it('draws distinct items the user never touched in train or test, reproducibly', () => {
    const x = syntheticInteractions({ users: 20, items: 150, perUser: 10, seed: 4 }).interactions;
    const s = splitLeaveOneOut(x);
    const all = concatInteractions([s.train, s.test]);
    const a = sampleTestNegatives(all, s.test, 99, new Rng(5));
    const b = sampleTestNegatives(all, s.test, 99, new Rng(5));
    expect(a).toEqual(b);
    a.forEach((neg, r) => {
      expect(new Set(neg).size).toBe(99);
      for (const i of neg) expect(x.hasInteraction(s.test.users[r]!, i)).toBe(false);
    });
    expect(() => sampleTestNegatives(s.train, s.test, 5, new Rng(1))).toThrow('pass train and test together');
    expect(() => sampleTestNegatives(all, s.test, 149, new Rng(1))).toThrow('fewer than 149');
  });
});
