import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { splitHeldOutItems, splitHeldOutUsers } from '../../src/data/split-cold-start.js';
import { splitLeaveOneOut } from '../../src/data/split-leave-one-out.js';
import { kFold, splitPerUser, splitRandom } from '../../src/data/split-random.js';
import { splitTemporal } from '../../src/data/split-temporal.js';
import type { Split } from '../../src/data/split-types.js';
import { syntheticInteractions } from '../../src/data/synthetic.js';
import type { Interactions } from '../../src/data/interactions.js';
import { Rng } from '../../src/tensor/rng.js';
import { fromTriples, rowKeys } from './fixtures.js';

const data = (seed: number) => syntheticInteractions({ users: 30, items: 40, perUser: 8, seed }).interactions;

/** Parts are disjoint, cover the input exactly, and share its index spaces and id maps. */
function expectPartition(x: Interactions, s: Split): void {
  const parts = [s.train, s.test, ...(s.validation ? [s.validation] : [])];
  const all = parts.flatMap(rowKeys).sort();
  expect(all).toEqual(rowKeys(x).sort());
  expect(new Set(all).size).toBe(all.length); // synthetic rows are unique, so any overlap shows
  for (const p of parts) {
    expect([p.numUsers, p.numItems]).toEqual([x.numUsers, x.numItems]);
    expect(p.itemIds).toBe(x.itemIds);
  }
}

describe('splits', () => {
  test.prop([fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0, max: 0.9, noNaN: true }), fc.double({ min: 0, max: 0.9, noNaN: true })])(
    'random, per-user, held-out users and items partition the rows without leaks',
    (seed, testRatio, validationRatio) => {
      const x = data(seed);
      const rng = new Rng(seed);
      const r = splitRandom(x, { rng, testRatio, validationRatio });
      expectPartition(x, r);
      expect(r.test.length).toBe(Math.round(testRatio * x.length));
      const pu = splitPerUser(x, { rng, testRatio, validationRatio });
      expectPartition(x, pu);
      for (const c of pu.train.countsPerUser()) expect(c).toBeGreaterThanOrEqual(1);
      const hu = splitHeldOutUsers(x, { rng, testRatio, validationRatio });
      expectPartition(x, hu);
      const trainUsers = new Set(hu.train.users);
      for (const u of hu.test.users) expect(trainUsers.has(u)).toBe(false);
      for (const u of hu.validation?.users ?? []) expect(trainUsers.has(u)).toBe(false);
      const hi = splitHeldOutItems(x, { rng, testRatio });
      expectPartition(x, hi);
      const trainItems = new Set(hi.train.items);
      for (const i of hi.test.items) expect(trainItems.has(i)).toBe(false);
    },
  );

  it('the same seed gives the same split', () => {
    const x = data(3);
    const a = splitRandom(x, { rng: new Rng(9), testRatio: 0.2 });
    const b = splitRandom(x, { rng: new Rng(9), testRatio: 0.2 });
    expect(rowKeys(a.test)).toEqual(rowKeys(b.test));
  });

  it('temporal: no training row is at or after the cutoff; validation is the latest training slice', () => {
    const x = data(5);
    const s = splitTemporal(x, { testRatio: 0.2, validationRatio: 0.1 });
    expectPartition(x, s);
    const maxTrain = Math.max(...s.train.timestamps!);
    const minVal = Math.min(...s.validation!.timestamps!);
    const minTest = Math.min(...s.test.timestamps!);
    expect(maxTrain).toBeLessThan(minVal);
    expect(Math.max(...s.validation!.timestamps!)).toBeLessThan(minTest);
    const c = splitTemporal(x, { cutoff: minTest });
    expect(c.test.length).toBe(s.test.length);
    expect(() => splitTemporal(fromTriples([[0, 0]]), { cutoff: 1 })).toThrow('needs timestamps');
  });

  it('temporal: a validation ratio that rounds to no rows gives no validation set; bad cutoffs and ratios are refused', () => {
    const x = fromTriples(Array.from({ length: 20 }, (_, t) => [t % 3, t, t] as [number, number, number]), 3, 20);
    for (const opts of [{ testRatio: 0.2, validationRatio: 0.02 }, { cutoff: 16, validationRatio: 0.02 }]) {
      const s = splitTemporal(x, opts);
      expect(s.validation).toBeUndefined();
      expect(s.test.length).toBe(4);
      expect(s.train.length).toBe(16);
    }
    expect(splitTemporal(x, { cutoff: 16, validationRatio: 0.25 }).validation!.length).toBe(4);
    expect(() => splitTemporal(x, { cutoff: 16, validationCutoff: 17 })).toThrow('validationCutoff: 17 is after the test cutoff 16');
    expect(() => splitTemporal(x, { cutoff: 16, validationRatio: -0.1 })).toThrow('validationRatio: must be in [0, 1), got -0.1');
  });

  it('leave-one-out holds out each user\'s latest row, ties by the larger item (hand-computed)', () => {
    const x = fromTriples([
      [0, 5, 10], [0, 2, 30], [0, 7, 30], [0, 1, 20], // latest ts 30 shared by items 2 and 7 -> item 7
      [1, 3, 5], // a single row stays in training
      [2, 4, 1], [2, 6, 2], [2, 0, 3],
    ], 3, 8);
    const s = splitLeaveOneOut(x, { validation: true });
    expectPartition(x, s);
    expect(rowKeys(s.test).sort()).toEqual(['0,7,30', '2,0,3']);
    expect(rowKeys(s.validation!).sort()).toEqual(['0,2,30', '2,6,2']);
    expect(rowKeys(s.train).sort()).toEqual(['0,1,20', '0,5,10', '1,3,5', '2,4,1']);
  });

  test.prop([fc.integer({ min: 1, max: 1000 })])('leave-one-out: every test row is later than all of that user\'s training rows', (seed) => {
    const x = data(seed);
    const s = splitLeaveOneOut(x);
    expectPartition(x, s);
    for (let r = 0; r < s.test.length; r++) {
      const u = s.test.users[r]!;
      for (let q = 0; q < s.train.length; q++) {
        if (s.train.users[q] === u) expect(s.train.timestamps![q]!).toBeLessThanOrEqual(s.test.timestamps![r]!);
      }
    }
  });

  it('k-fold: every row is test exactly once, folds differ in size by at most one', () => {
    const x = data(7);
    const folds = kFold(x, { k: 4, rng: new Rng(1), validationRatio: 0.1 });
    const seen = folds.flatMap((f) => rowKeys(f.test));
    expect(seen.sort()).toEqual(rowKeys(x).sort());
    const sizes = folds.map((f) => f.test.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    folds.forEach((f) => expectPartition(x, f));
    expect(() => kFold(x, { k: 1, rng: new Rng(1) })).toThrow(`k: must be an integer in [2, ${x.length}] (the number of rows), got 1`);
  });

  it('k-fold with more than 256 folds: each row is its own fold (leave-one-out cross-validation)', () => {
    const x = syntheticInteractions({ users: 40, items: 40, perUser: 8, seed: 3 }).interactions;
    const folds = kFold(x, { k: x.length, rng: new Rng(2) });
    expect(x.length).toBeGreaterThan(256);
    expect(folds).toHaveLength(x.length);
    expect(folds.every((f) => f.test.length === 1)).toBe(true);
    expect(folds.flatMap((f) => rowKeys(f.test)).sort()).toEqual(rowKeys(x).sort());
  });

  it('rejects ratios outside [0, 1)', () => {
    expect(() => splitRandom(data(1), { rng: new Rng(1), testRatio: 1 })).toThrow('testRatio: must be in [0, 1), got 1');
  });
});
