import { describe, expect, it } from 'vitest';
import { PositiveSet } from '../../src/data/positive-set.js';
import { syntheticInteractions } from '../../src/data/synthetic.js';
import { buildTimeline } from '../../src/data/timeline.js';
import { ArgumentError } from '../../src/errors.js';
import type { Batch } from '../../src/models/batch.js';
import { Rng } from '../../src/tensor/rng.js';
import { MF } from '../../src/models/mf.js';
import { Adam } from '../../src/optim/adam.js';
import { fit } from '../../src/train/fit.js';
import { historySource, pairwiseSource, pointwiseSource, ratingSource } from '../../src/train/sources.js';
import type { EpochSource } from '../../src/train/types.js';
import { fromTriples } from '../data/fixtures.js';
import { TASK } from '../models/fixtures.js';

const train = syntheticInteractions({ ...TASK, users: 25, items: 40, perUser: 8, seed: 3 }).interactions;
const positives = new PositiveSet(train);
const key = (u: number, i: number): string => `${u},${i}`;
const trainPairs = (): string[] => Array.from(train.users, (u, r) => key(u, train.items[r]!)).sort();

/** Copies of every batch of one epoch (sources reuse their buffers between yields). */
function collect(source: EpochSource, epoch: number): Batch[] {
  const out: Batch[] = [];
  for (const b of source.epoch(epoch)) {
    const n = b.size;
    out.push({
      size: n,
      users: b.users.slice(0, n),
      items: b.items.slice(0, n),
      labels: b.labels.slice(0, n),
      ...(b.history ? { history: b.history.slice(0, n * b.historyLength!), lengths: b.lengths!.slice(0, n), historyLength: b.historyLength! } : {}),
    });
  }
  expect(out).toHaveLength(source.batchesPerEpoch);
  return out;
}

const flat = (batches: Batch[], f: (b: Batch, k: number) => string | number): Array<string | number> => batches.flatMap((b) => Array.from({ length: b.size }, (_, k) => f(b, k)));

describe('pointwiseSource', () => {
  it('an epoch holds every training pair once as a positive plus k fresh negatives of the same user', () => {
    const k = 3;
    const source = pointwiseSource(train, { batchSize: 64, negatives: k, rng: new Rng(1) });
    expect(source.batchesPerEpoch).toBe(Math.ceil((train.length * (1 + k)) / 64));
    const batches = collect(source, 0);
    expect(batches.slice(0, -1).every((b) => b.size === 64)).toBe(true);
    const pos = flat(batches, (b, j) => (b.labels[j] === 1 ? key(b.users[j]!, b.items[j]!) : '')).filter((s) => s !== '');
    expect(pos.sort()).toEqual(trainPairs());
    const perUser = new Map<number, number>();
    for (const b of batches) {
      for (let j = 0; j < b.size; j++) {
        const u = b.users[j]!;
        if (b.labels[j] === 1) continue;
        expect(b.labels[j]).toBe(0);
        expect(positives.has(u, b.items[j]!)).toBe(false);
        perUser.set(u, (perUser.get(u) ?? 0) + 1);
      }
    }
    for (const [u, c] of perUser) expect(c).toBe(k * train.byUser().offsets[u + 1]! - k * train.byUser().offsets[u]!);
  });

  it('resamples negatives and order every epoch, and is reproducible from the seed', () => {
    const a = pointwiseSource(train, { batchSize: 100, negatives: 2, rng: new Rng(1) });
    const b = pointwiseSource(train, { batchSize: 100, negatives: 2, rng: new Rng(1) });
    const items = (s: EpochSource, e: number): number[] => collect(s, e).flatMap((x) => Array.from(x.items));
    const a0 = items(a, 0);
    expect(items(b, 0)).toEqual(a0);
    const a1 = items(a, 1);
    expect(a1).not.toEqual(a0);
    expect(items(b, 1)).toEqual(a1);
  });

  it('resamples on every epoch after the first it served, whatever index it is asked for (fit restarts at 0 per call)', () => {
    const makers = {
      pointwise: (rng: Rng) => pointwiseSource(train, { batchSize: 100, negatives: 2, rng }),
      history: (rng: Rng) => historySource(train, { batchSize: 100, negatives: 2, rng, historyLength: 3 }),
      pairwise: (rng: Rng) => pairwiseSource(train, { batchSize: 100, negatives: 2, rng }),
    };
    for (const make of Object.values(makers)) {
      const items = (s: EpochSource, e: number): number[] => collect(s, e).flatMap((x) => Array.from(x.items));
      const once = make(new Rng(1));
      const again = make(new Rng(1));
      const e0 = items(once, 0);
      const e1 = items(once, 1);
      // Asked for epoch 0 twice (two fit calls): the second is fresh data, the same as a run's epoch 1.
      expect(items(again, 0)).toEqual(e0);
      const second = items(again, 0);
      expect(second).not.toEqual(e0);
      expect(second).toEqual(e1);
    }
  });

  it('two fit calls of one epoch on the same source give the weights of one fit of two epochs, bit for bit', async () => {
    const run = async (calls: number[]): Promise<Float32Array[]> => {
      const m = new MF({ numUsers: 25, numItems: 40, factors: 3, seed: 2 });
      const opt = new Adam(m.parameters(), { lr: 0.05 });
      const source = pointwiseSource(train, { batchSize: 64, negatives: 2, rng: new Rng(7) });
      for (const epochs of calls) await fit(m, source, { epochs, optimizer: opt, progress: 'none' });
      return m.parameters().map((p) => Float32Array.from(p.value.data));
    };
    const together = await run([2]);
    expect(await run([1, 1])).toEqual(together);
    // Without a resample on the second call its epoch would repeat the first's data: not what two epochs give.
    expect(await run([1])).not.toEqual(together);
  });

  it('rejects a bad batch size', () => {
    for (const batchSize of [0, -4, 2.5]) {
      expect(() => pointwiseSource(train, { batchSize, negatives: 1, rng: new Rng(1) })).toThrow(ArgumentError);
    }
    expect(() => pointwiseSource(train, { batchSize: 0, negatives: 1, rng: new Rng(1) })).toThrow(/batchSize: must be a positive integer, got 0/);
  });
});

describe('pairwiseSource', () => {
  it('lays each batch out as [positives | negatives] of the same users, labels 1 then 0', () => {
    const k = 2;
    const source = pairwiseSource(train, { batchSize: 50, negatives: k, rng: new Rng(2) });
    expect(source.batchesPerEpoch).toBe(Math.ceil((train.length * k) / 50));
    const batches = collect(source, 0);
    const pos: string[] = [];
    for (const b of batches) {
      expect(b.size % 2).toBe(0);
      const n = b.size / 2;
      for (let j = 0; j < n; j++) {
        expect(b.users[n + j]).toBe(b.users[j]);
        expect([b.labels[j], b.labels[n + j]]).toEqual([1, 0]);
        expect(positives.has(b.users[j]!, b.items[j]!)).toBe(true);
        expect(positives.has(b.users[j]!, b.items[n + j]!)).toBe(false);
        pos.push(key(b.users[j]!, b.items[j]!));
      }
    }
    // Every training pair appears k times as a positive.
    expect(pos.sort()).toEqual(trainPairs().flatMap((p) => Array(k).fill(p)).sort());
  });
});

describe('historySource', () => {
  it('each sample sees the last L items its user had before the positive, oldest first; its negatives share that history', () => {
    const L = 4;
    const source = historySource(train, { batchSize: 64, negatives: 2, rng: new Rng(3), historyLength: L });
    const { offsets, items } = buildTimeline(train);
    /** The history before timeline position p: the window [max(lo, p - L), p). */
    const before = (u: number, p: number): number[] => Array.from(items.subarray(Math.max(offsets[u]!, p - L), p));
    const histories = new Map<number, Set<string>>(); // user -> the histories of their positives
    const negatives: Array<[number, string]> = [];
    for (const b of collect(source, 0)) {
      expect(b.historyLength).toBe(L);
      for (let j = 0; j < b.size; j++) {
        const u = b.users[j]!;
        const len = b.lengths![j]!;
        const slots = Array.from(b.history!.subarray(j * L, (j + 1) * L));
        expect(slots.slice(len).every((x) => x === 0)).toBe(true); // right padding with 0
        const h = JSON.stringify(slots.slice(0, len));
        if (b.labels[j] === 1) {
          // The target's position in the user's timeline (items are distinct per user here).
          const p = offsets[u]! + Array.from(items.subarray(offsets[u]!, offsets[u + 1]!)).indexOf(b.items[j]!);
          expect(h).toBe(JSON.stringify(before(u, p)));
          expect(slots.slice(0, len)).not.toContain(b.items[j]);
          if (!histories.has(u)) histories.set(u, new Set());
          histories.get(u)!.add(h);
        } else negatives.push([u, h]);
      }
    }
    for (const [u, h] of negatives) expect(histories.get(u)!.has(h)).toBe(true);
  });

  it('a user\'s first interaction has an empty history', () => {
    const x = fromTriples([[0, 1, 10], [0, 2, 20], [1, 0, 5]]);
    const [b] = collect(historySource(x, { batchSize: 3, negatives: 0, rng: new Rng(1), historyLength: 2 }), 0);
    const byItem = new Map(Array.from(b!.items, (i, j) => [i, [b!.lengths![j], ...b!.history!.subarray(j * 2, j * 2 + 2)]]));
    expect(byItem.get(1)).toEqual([0, 0, 0]);
    expect(byItem.get(2)).toEqual([1, 1, 0]);
    expect(byItem.get(0)).toEqual([0, 0, 0]);
  });
});

describe('ratingSource', () => {
  it('every rated pair once per epoch with its rating as the label, reshuffled each epoch', () => {
    const source = ratingSource(train, { batchSize: 30, rng: new Rng(4) });
    const e0 = collect(source, 0);
    const rated = flat(e0, (b, j) => `${key(b.users[j]!, b.items[j]!)}:${b.labels[j]}`).sort();
    expect(rated).toEqual(Array.from(train.users, (u, r) => `${key(u, train.items[r]!)}:${train.ratings![r]}`).sort());
    expect(flat(collect(source, 1), (b, j) => b.items[j]!)).not.toEqual(flat(e0, (b, j) => b.items[j]!));
  });

  it('needs ratings', () => {
    expect(() => ratingSource(fromTriples([[0, 0]]), { batchSize: 2, rng: new Rng(1) })).toThrow(/train: ratingSource needs interactions with ratings/);
  });
});
