import type { Interactions } from '../data/interactions.js';
import { ArgumentError } from '../errors.js';
import type { Batch } from '../models/batch.js';
import type { Rng } from '../tensor/rng.js';
import type { EpochSource } from '../train/types.js';

/**
 * Explicit feedback for `fit(..., { loss: 'mse' })`: every training row once per
 * epoch with its rating as the label, in a fresh shuffled order; no negatives.
 */
export function ratingSource(train: Interactions, { batchSize, rng }: { batchSize: number; rng: Rng }): EpochSource {
  const ratings = train.ratings;
  if (!ratings) throw new ArgumentError('train', 'explicit training (loss mse) needs ratings; this data has none');
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ArgumentError('batchSize', `must be a positive integer, got ${batchSize}`);
  const users = new Int32Array(batchSize);
  const items = new Int32Array(batchSize);
  const labels = new Float32Array(batchSize);
  return {
    batchesPerEpoch: Math.ceil(train.length / batchSize),
    *epoch(): Generator<Batch> {
      const order = rng.permutation(train.length);
      for (let start = 0; start < order.length; start += batchSize) {
        const n = Math.min(batchSize, order.length - start);
        for (let j = 0; j < n; j++) {
          const r = order[start + j]!;
          users[j] = train.users[r]!;
          items[j] = train.items[r]!;
          labels[j] = ratings[r]!;
        }
        yield { size: n, users, items, labels };
      }
    },
  };
}
