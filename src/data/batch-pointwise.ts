import { ArgumentError } from '../errors.js';
import { copyRange, shuffleRows } from './columns.js';
import type { Rng } from '../tensor/rng.js';
import type { Interactions } from './interactions.js';
import { FastRandom } from '../tensor/fast-random.js';
import { UniformNegativeSampler, type NegativeSampler } from './negative-samplers.js';
import { recentRows, type RecentOversampling } from './recent-rows.js';

/** A pointwise batch in preallocated buffers; entries [0, size) are valid. */
export interface PointwiseBatch {
  users: Int32Array;
  items: Int32Array;
  labels: Float32Array;
  size: number;
}

export function createPointwiseBatch(capacity: number): PointwiseBatch {
  return { users: new Int32Array(capacity), items: new Int32Array(capacity), labels: new Float32Array(capacity), size: 0 };
}

export interface EpochOptions {
  /** Negatives per positive (NCF uses 4). */
  negatives: number;
  rng: Rng;
  /** Defaults to a UniformNegativeSampler over `train` using the same rng. */
  sampler?: NegativeSampler;
  /** Repeat each user's latest interactions every epoch (recentRows); off by default. */
  oversampleRecent?: RecentOversampling;
}

/**
 * One epoch of pointwise samples for NCF-style training: every training row as a
 * positive (label 1) plus `negatives` fresh negatives each (label 0), in one shuffled
 * order. With `oversampleRecent`, each user's latest rows come more than once, each
 * copy with its own negatives. `resample()` redraws the negatives and the order (call it once per epoch);
 * `batches()` copies consecutive slices into one reused batch, so the training loop
 * allocates nothing.
 */
export class PointwiseEpoch {
  readonly users: Int32Array;
  readonly items: Int32Array;
  readonly labels: Float32Array;
  readonly size: number;
  private readonly sampler: NegativeSampler;
  private readonly random: FastRandom;
  /** The positive rows, repeats included; null: every row once, in order. */
  private readonly rows: Int32Array | null;

  constructor(
    private readonly train: Interactions,
    private readonly opts: EpochOptions,
  ) {
    checkNegatives(opts.negatives);
    this.rows = opts.oversampleRecent ? recentRows(train, opts.oversampleRecent) : null;
    this.size = (this.rows?.length ?? train.length) * (1 + opts.negatives);
    this.users = new Int32Array(this.size);
    this.items = new Int32Array(this.size);
    this.labels = new Float32Array(this.size);
    this.random = new FastRandom(opts.rng);
    this.sampler = opts.sampler ?? new UniformNegativeSampler(train, opts.rng);
    this.resample();
  }

  resample(): void {
    const { users, items, labels, sampler } = this;
    const k = this.opts.negatives;
    const tu = this.train.users;
    const ti = this.train.items;
    const rows = this.rows;
    const count = rows ? rows.length : tu.length;
    let o = 0;
    for (let p = 0; p < count; p++) {
      const r = rows ? rows[p]! : p;
      const u = tu[r]!;
      users[o] = u;
      items[o] = ti[r]!;
      labels[o++] = 1;
      for (let j = 0; j < k; j++) {
        users[o] = u;
        items[o] = sampler.sample(u);
        labels[o++] = 0;
      }
    }
    shuffleRows(this.random, users, items, labels);
  }

  /** Consecutive slices of batchSize (the last may be shorter), written into `into`. */
  *batches(batchSize: number, into: PointwiseBatch = createPointwiseBatch(batchSize)): Generator<PointwiseBatch> {
    if (into.users.length < batchSize) throw new ArgumentError('into', `capacity ${into.users.length} < batchSize ${batchSize}`);
    for (let s = 0; s < this.size; s += batchSize) {
      const e = Math.min(this.size, s + batchSize);
      copyRange(into.users, this.users, s, e);
      copyRange(into.items, this.items, s, e);
      copyRange(into.labels, this.labels, s, e);
      into.size = e - s;
      yield into;
    }
  }
}

export function checkNegatives(k: number): void {
  if (!Number.isInteger(k) || k < 0) throw new ArgumentError('negatives', `must be an integer >= 0, got ${k}`);
}
