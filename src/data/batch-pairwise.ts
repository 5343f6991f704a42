import { ArgumentError } from '../errors.js';
import { copyRange, shuffleRows } from './columns.js';
import type { Interactions } from './interactions.js';
import { checkNegatives, type EpochOptions } from './batch-pointwise.js';
import { FastRandom } from '../tensor/fast-random.js';
import { UniformNegativeSampler, type NegativeSampler } from './negative-samplers.js';

/** A pairwise (BPR) batch: user prefers positives[k] over negatives[k]; entries [0, size) valid. */
export interface PairwiseBatch {
  users: Int32Array;
  positives: Int32Array;
  negatives: Int32Array;
  size: number;
}

export function createPairwiseBatch(capacity: number): PairwiseBatch {
  return { users: new Int32Array(capacity), positives: new Int32Array(capacity), negatives: new Int32Array(capacity), size: 0 };
}

/**
 * One epoch of (user, positive, negative) triples: each training row paired with
 * `negatives` (default 1) fresh negatives, shuffled. resample() once per epoch.
 */
export class PairwiseEpoch {
  readonly users: Int32Array;
  readonly positives: Int32Array;
  readonly negatives: Int32Array;
  readonly size: number;
  private readonly sampler: NegativeSampler;
  private readonly random: FastRandom;

  constructor(
    private readonly train: Interactions,
    private readonly opts: EpochOptions,
  ) {
    checkNegatives(opts.negatives);
    if (opts.negatives === 0) throw new ArgumentError('negatives', 'pairwise training needs at least 1');
    this.size = train.length * opts.negatives;
    this.users = new Int32Array(this.size);
    this.positives = new Int32Array(this.size);
    this.negatives = new Int32Array(this.size);
    this.random = new FastRandom(opts.rng);
    this.sampler = opts.sampler ?? new UniformNegativeSampler(train, opts.rng);
    this.resample();
  }

  resample(): void {
    const { users, positives, negatives, sampler } = this;
    const k = this.opts.negatives;
    let o = 0;
    for (let r = 0; r < this.train.length; r++) {
      const u = this.train.users[r]!;
      for (let j = 0; j < k; j++, o++) {
        users[o] = u;
        positives[o] = this.train.items[r]!;
        negatives[o] = sampler.sample(u);
      }
    }
    shuffleRows(this.random, users, positives, negatives);
  }

  *batches(batchSize: number, into: PairwiseBatch = createPairwiseBatch(batchSize)): Generator<PairwiseBatch> {
    if (into.users.length < batchSize) throw new ArgumentError('into', `capacity ${into.users.length} < batchSize ${batchSize}`);
    for (let s = 0; s < this.size; s += batchSize) {
      const e = Math.min(this.size, s + batchSize);
      copyRange(into.users, this.users, s, e);
      copyRange(into.positives, this.positives, s, e);
      copyRange(into.negatives, this.negatives, s, e);
      into.size = e - s;
      yield into;
    }
  }
}
