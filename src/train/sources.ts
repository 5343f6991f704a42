import { createHistoryBatch, HistoryEpoch, type Padding } from '../data/batch-history.js';
import { createPairwiseBatch, PairwiseEpoch } from '../data/batch-pairwise.js';
import { createPointwiseBatch, PointwiseEpoch } from '../data/batch-pointwise.js';
import type { Interactions } from '../data/interactions.js';
import type { NegativeSampler } from '../data/negative-samplers.js';
import type { RecentOversampling } from '../data/recent-rows.js';
import { ArgumentError } from '../errors.js';
import type { Batch } from '../models/batch.js';
import type { Rng } from '../tensor/rng.js';
import type { EpochSource } from './types.js';

export interface SourceOptions {
  batchSize: number;
  /** Negatives per positive, resampled every epoch (NCF: 4). */
  negatives: number;
  rng: Rng;
  sampler?: NegativeSampler;
}

function check(batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ArgumentError('batchSize', `must be a positive integer, got ${batchSize}`);
}

const perEpoch = (samples: number, batchSize: number): number => Math.ceil(samples / batchSize);

/**
 * Whether the epoch about to be served needs fresh negatives and order: every
 * one after the first this source ever served. The epoch index cannot say so:
 * fit numbers epochs from 0 on every call, so a second fit on the same source
 * would repeat the data the last epoch trained on. Within one fit run this is
 * the old `index > 0` exactly, so seeded runs give the same weights as before.
 */
function resampler(): () => boolean {
  let served = 0;
  return () => served++ > 0;
}

export interface PointwiseSourceOptions extends SourceOptions {
  /**
   * Repeat each user's latest `last` training interactions `extra` (default 1)
   * more times per epoch, each copy with fresh negatives. Off by default. Under
   * leave-last-out evaluation it lifts NeuMF's validation HR@10 on ML-100K
   * (docs/benchmarks.md); it makes epochs longer by the repeated rows.
   */
  oversampleRecent?: RecentOversampling;
}

/**
 * Every training interaction as a positive plus fresh uniform negatives, shuffled,
 * per epoch: each epoch served after the source's first is resampled, across fit
 * calls too (the index fit passes is not used).
 */
export function pointwiseSource(train: Interactions, { batchSize, negatives, rng, sampler, oversampleRecent }: PointwiseSourceOptions): EpochSource {
  check(batchSize);
  const epoch = new PointwiseEpoch(train, { negatives, rng, ...(sampler ? { sampler } : {}), ...(oversampleRecent ? { oversampleRecent } : {}) });
  const into = createPointwiseBatch(batchSize);
  const again = resampler();
  return {
    batchesPerEpoch: perEpoch(epoch.size, batchSize),
    epoch() {
      if (again()) epoch.resample();
      return epoch.batches(batchSize, into);
    },
  };
}

/** As pointwiseSource, with each sample's history (the user's last L items before it) for ANCF. */
export function historySource(
  train: Interactions,
  options: SourceOptions & { historyLength: number; padding?: Padding },
): EpochSource {
  const { batchSize, negatives, rng, sampler, historyLength, padding } = options;
  check(batchSize);
  const epoch = new HistoryEpoch(train, { negatives, rng, historyLength, ...(sampler ? { sampler } : {}), ...(padding ? { padding } : {}) });
  const into = createHistoryBatch(batchSize, historyLength);
  const again = resampler();
  return {
    batchesPerEpoch: perEpoch(epoch.size, batchSize),
    epoch() {
      if (again()) epoch.resample();
      return epoch.batches(batchSize, into);
    },
  };
}

/**
 * (user, positive, negative) triples for BPR, laid out as `fit`'s 'bpr' loss expects:
 * a batch of 2n samples, the n positives first, then their n negatives.
 */
export function pairwiseSource(train: Interactions, { batchSize, negatives, rng, sampler }: SourceOptions): EpochSource {
  check(batchSize);
  const epoch = new PairwiseEpoch(train, { negatives, rng, ...(sampler ? { sampler } : {}) });
  const pairs = createPairwiseBatch(batchSize);
  const users = new Int32Array(2 * batchSize);
  const items = new Int32Array(2 * batchSize);
  const labels = new Float32Array(2 * batchSize);
  const again = resampler();
  return {
    batchesPerEpoch: perEpoch(epoch.size, batchSize),
    *epoch(): Generator<Batch> {
      if (again()) epoch.resample();
      for (const p of epoch.batches(batchSize, pairs)) {
        const n = p.size;
        users.set(p.users.subarray(0, n));
        users.set(p.users.subarray(0, n), n);
        items.set(p.positives.subarray(0, n));
        items.set(p.negatives.subarray(0, n), n);
        labels.fill(1, 0, n);
        labels.fill(0, n, 2 * n);
        yield { size: 2 * n, users, items, labels };
      }
    },
  };
}

/** Explicit feedback: every rated (user, item) once per epoch in a fresh shuffled order, the rating as label. */
export function ratingSource(train: Interactions, { batchSize, rng }: { batchSize: number; rng: Rng }): EpochSource {
  check(batchSize);
  const ratings = train.ratings;
  if (!ratings) throw new ArgumentError('train', 'ratingSource needs interactions with ratings');
  const n = train.length;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const users = new Int32Array(batchSize);
  const items = new Int32Array(batchSize);
  const labels = new Float32Array(batchSize);
  return {
    batchesPerEpoch: perEpoch(n, batchSize),
    *epoch(): Generator<Batch> {
      rng.shuffle(order);
      for (let s = 0; s < n; s += batchSize) {
        const size = Math.min(batchSize, n - s);
        for (let j = 0; j < size; j++) {
          const r = order[s + j]!;
          users[j] = train.users[r]!;
          items[j] = train.items[r]!;
          labels[j] = ratings[r]!;
        }
        yield { size, users, items, labels };
      }
    },
  };
}
