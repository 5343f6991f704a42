import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { HistoryEpoch, createHistoryBatch, lastItems } from '../../src/data/batch-history.js';
import { PairwiseEpoch } from '../../src/data/batch-pairwise.js';
import { PointwiseEpoch, createPointwiseBatch } from '../../src/data/batch-pointwise.js';
import { splitLeaveOneOut } from '../../src/data/split-leave-one-out.js';
import { syntheticInteractions } from '../../src/data/synthetic.js';
import { ArgumentError } from '../../src/errors.js';
import { Rng } from '../../src/tensor/rng.js';
import { fromTriples } from './fixtures.js';

const train = syntheticInteractions({ users: 25, items: 60, perUser: 10, seed: 11 }).interactions;

describe('PointwiseEpoch', () => {
  it('holds every positive once plus k negatives per positive, none of them a positive', () => {
    const e = new PointwiseEpoch(train, { negatives: 4, rng: new Rng(1) });
    expect(e.size).toBe(train.length * 5);
    const pos: string[] = [];
    const negPerUser = new Int32Array(train.numUsers);
    for (let k = 0; k < e.size; k++) {
      if (e.labels[k] === 1) pos.push(`${e.users[k]},${e.items[k]}`);
      else {
        expect(e.labels[k]).toBe(0);
        expect(train.hasInteraction(e.users[k]!, e.items[k]!)).toBe(false);
        negPerUser[e.users[k]!]!++;
      }
    }
    expect(pos.sort()).toEqual(Array.from(train.users, (u, r) => `${u},${train.items[r]}`).sort());
    expect(Array.from(negPerUser)).toEqual(Array.from(train.countsPerUser(), (c) => 4 * c));
  });

  it('with oversampleRecent, each user\'s latest rows come twice, each copy with its own k negatives', () => {
    const e = new PointwiseEpoch(train, { negatives: 3, rng: new Rng(1), oversampleRecent: { last: 2 } });
    const extra = 2 * train.numUsers; // every synthetic user has 10 >= 2 rows
    expect(e.size).toBe((train.length + extra) * 4);
    const positives = new Map<string, number>();
    let negatives = 0;
    for (let k = 0; k < e.size; k++) {
      if (e.labels[k] === 1) positives.set(`${e.users[k]},${e.items[k]}`, (positives.get(`${e.users[k]},${e.items[k]}`) ?? 0) + 1);
      else {
        expect(train.hasInteraction(e.users[k]!, e.items[k]!)).toBe(false);
        negatives++;
      }
    }
    expect(negatives).toBe(3 * (train.length + extra));
    const twice = [...positives].filter(([, c]) => c === 2).map(([key]) => key);
    expect(twice).toHaveLength(extra);
    // the twice-seen rows are each user's two latest
    const latest = Array.from({ length: train.numUsers }, (_, u) => {
      const rows = Array.from(train.users.keys()).filter((r) => train.users[r] === u);
      rows.sort((a, b) => train.timestamps![b]! - train.timestamps![a]! || b - a);
      return rows.slice(0, 2).map((r) => `${u},${train.items[r]}`);
    }).flat();
    expect(twice.sort()).toEqual(latest.sort());
  });

  it('reshuffles and resamples each epoch, reproducibly from the seed', () => {
    const a = new PointwiseEpoch(train, { negatives: 2, rng: new Rng(5) });
    const b = new PointwiseEpoch(train, { negatives: 2, rng: new Rng(5) });
    expect(a.items).toEqual(b.items);
    const first = a.items.slice();
    a.resample();
    expect(a.items).not.toEqual(first);
    // the first rows are not simply in input order
    expect(Array.from(a.users.subarray(0, 20))).not.toEqual(Array.from(train.users.subarray(0, 20)));
  });

  it('batches() fills one preallocated buffer in consecutive slices', () => {
    const e = new PointwiseEpoch(train, { negatives: 1, rng: new Rng(2) });
    const buf = createPointwiseBatch(64);
    let seen = 0;
    for (const b of e.batches(64, buf)) {
      expect(b).toBe(buf);
      expect(Array.from(b.items.subarray(0, b.size))).toEqual(Array.from(e.items.subarray(seen, seen + b.size)));
      seen += b.size;
    }
    expect(seen).toBe(e.size);
    expect(() => e.batches(128, buf).next()).toThrow(ArgumentError);
    expect(() => new PointwiseEpoch(train, { negatives: -1, rng: new Rng(1) })).toThrow(ArgumentError);
  });
});

describe('PairwiseEpoch', () => {
  it('pairs each positive with k negatives that are not positives', () => {
    const e = new PairwiseEpoch(train, { negatives: 2, rng: new Rng(3) });
    expect(e.size).toBe(2 * train.length);
    for (let k = 0; k < e.size; k++) {
      expect(train.hasInteraction(e.users[k]!, e.positives[k]!)).toBe(true);
      expect(train.hasInteraction(e.users[k]!, e.negatives[k]!)).toBe(false);
    }
    let n = 0;
    for (const b of e.batches(100)) n += b.size;
    expect(n).toBe(e.size);
  });
});

describe('HistoryEpoch', () => {
  test.prop([fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 6 }), fc.constantFrom<'left' | 'right'>('left', 'right'), fc.boolean()])(
    'a history holds exactly the last L items strictly before the target in time, never the target or later',
    (seed, L, padding, strictTime) => {
      // few distinct timestamps, so ties are common
      const rng = new Rng(seed);
      const rows: Array<[number, number, number]> = [];
      for (let u = 0; u < 4; u++) {
        const items = rng.sampleWithoutReplacement(15, 2 + rng.int(8));
        for (const i of items) rows.push([u, i, rng.int(4)]);
      }
      const x = fromTriples(rows, 4, 15);
      const e = new HistoryEpoch(x, { negatives: 1, rng, historyLength: L, padding, padValue: -1, strictTime });
      // "user|history" of every positive and every negative: with one negative per
      // positive, the negatives' histories must be exactly the positives', as a multiset.
      const posHistories: string[] = [];
      const negHistories: string[] = [];
      for (const b of e.batches(7, createHistoryBatch(7, L))) {
        for (let k = 0; k < b.size; k++) {
          const u = b.users[k]!;
          const slots = Array.from(b.history.subarray(k * L, (k + 1) * L));
          const len = b.lengths[k]!;
          const real = padding === 'left' ? slots.slice(L - len) : slots.slice(0, len);
          const pads = padding === 'left' ? slots.slice(0, L - len) : slots.slice(len);
          expect(pads.every((v) => v === -1)).toBe(true);
          (b.labels[k] === 1 ? posHistories : negHistories).push(`${u}|${real.join(',')}`);
          if (b.labels[k] !== 1) continue;
          const target = rows.find((r) => r[0] === u && r[1] === b.items[k])!;
          // naive: the user's rows before the target under (timestamp, item), or strictly earlier times
          const before = rows
            .filter((r) => r[0] === u && (strictTime ? r[2] < target[2] : r[2] < target[2] || (r[2] === target[2] && r[1] < target[1])))
            .sort((a, c) => a[2] - c[2] || a[1] - c[1])
            .map((r) => r[1]);
          expect(real).toEqual(before.slice(Math.max(0, before.length - L)));
          expect(len).toBe(Math.min(L, before.length));
        }
      }
      expect(posHistories.length).toBe(x.length);
      expect(negHistories.sort()).toEqual(posHistories.sort());
    },
  );

  it('negatives carry the history of their positive (hand-computed, right padding)', () => {
    const x = fromTriples([[0, 3, 1], [0, 1, 2], [0, 2, 3]], 1, 6);
    const e = new HistoryEpoch(x, { negatives: 1, rng: new Rng(1), historyLength: 2 });
    const b = e.batches(6).next().value!;
    const byEnd = new Map<number, number[]>();
    for (let k = 0; k < b.size; k++) {
      const h: number[] = Array.from(b.history.subarray(2 * k, 2 * k + b.lengths[k]!));
      if (b.labels[k] === 1) byEnd.set(b.items[k]!, h);
      else expect([3, 1, 2]).not.toContain(b.items[k]);
    }
    expect(byEnd).toEqual(new Map([[3, []], [1, [3]], [2, [3, 1]]]));
  });
});

describe('lastItems', () => {
  it('is the tail of each user\'s training timeline, so at test time the target comes after it', () => {
    const x = syntheticInteractions({ users: 10, items: 30, perUser: 6, seed: 2 }).interactions;
    const s = splitLeaveOneOut(x);
    const { history, lengths } = lastItems(s.train, { historyLength: 3, padding: 'left', padValue: -1 });
    for (let u = 0; u < 10; u++) {
      const mine = Array.from(s.train.users, (v, r) => [v, s.train.items[r]!, s.train.timestamps![r]!] as const)
        .filter((r) => r[0] === u)
        .sort((a, b) => a[2] - b[2])
        .map((r) => r[1]);
      const want = mine.slice(-3);
      expect(lengths[u]).toBe(want.length);
      const slots = Array.from(history.subarray(3 * u, 3 * u + 3));
      expect(slots.slice(3 - want.length)).toEqual(want);
      expect(slots.slice(0, 3 - want.length).every((v) => v === -1)).toBe(true);
      // the held-out row is no earlier than anything in the history lastItems returned
      const testRow = Array.from(s.test.users).indexOf(u);
      if (testRow < 0) continue;
      const timeOf = (i: number): number => s.train.timestamps![Array.from(s.train.users).findIndex((v, r) => v === u && s.train.items[r] === i)]!;
      for (const i of slots.slice(3 - lengths[u]!)) expect(timeOf(i)).toBeLessThanOrEqual(s.test.timestamps![testRow]!);
    }
  });
});
