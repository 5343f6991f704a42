import { ArgumentError } from '../errors.js';
import { shuffleRows } from './columns.js';
import type { Interactions } from './interactions.js';
import { checkNegatives, type EpochOptions } from './batch-pointwise.js';
import { FastRandom } from '../tensor/fast-random.js';
import { UniformNegativeSampler, type NegativeSampler } from './negative-samplers.js';
import { buildTimeline, type Timeline } from './timeline.js';

/**
 * 'right': history items fill slots [0, len), oldest first, padding after.
 * 'left': they fill slots [L - len, L), so the most recent item is always slot L - 1.
 */
export type Padding = 'left' | 'right';

export interface HistoryOptions {
  /** L, the number of history slots per sample. */
  historyLength: number;
  padding?: Padding;
  /** Written into unused slots (default 0, a valid index, so a gather never faults); mask with `lengths`. */
  padValue?: number;
}

/** A history-augmented batch: row k's history is history[k*L .. (k+1)*L), of which lengths[k] slots are real. */
export interface HistoryBatch {
  users: Int32Array;
  items: Int32Array;
  labels: Float32Array;
  history: Int32Array;
  lengths: Int32Array;
  historyLength: number;
  /** Where the real slots sit in each row (see Padding). */
  padding: Padding;
  size: number;
}

export function createHistoryBatch(capacity: number, historyLength: number, padding: Padding = 'right'): HistoryBatch {
  return {
    users: new Int32Array(capacity),
    items: new Int32Array(capacity),
    labels: new Float32Array(capacity),
    history: new Int32Array(capacity * historyLength),
    lengths: new Int32Array(capacity),
    historyLength,
    padding,
    size: 0,
  };
}

/**
 * Pointwise samples for ANCF with the user's history at the time of each interaction:
 * a positive at timeline position p sees the last L items strictly before p in the
 * user's time order (timestamp, item, row); its negatives see the same history. The
 * history never holds the target or anything after it. With `strictTime`, items with
 * the same timestamp as the target are excluded too. Histories are written when a
 * batch is filled (the epoch stores only each sample's end position), so memory is
 * O(samples), not O(samples x L).
 */
export class HistoryEpoch {
  readonly users: Int32Array;
  readonly items: Int32Array;
  readonly labels: Float32Array;
  /** ends[k]: the history of sample k is timeline positions [offsets[u], ends[k]). */
  readonly ends: Int32Array;
  readonly size: number;
  readonly timeline: Timeline;
  private readonly sampler: NegativeSampler;
  private readonly random: FastRandom;
  private readonly L: number;
  private readonly padding: Padding;
  private readonly padValue: number;

  constructor(
    train: Interactions,
    private readonly opts: EpochOptions & HistoryOptions & { strictTime?: boolean },
  ) {
    checkNegatives(opts.negatives);
    this.L = checkLength(opts.historyLength);
    this.padding = opts.padding ?? 'right';
    this.padValue = opts.padValue ?? 0;
    this.timeline = buildTimeline(train, opts.strictTime ? { strictTime: true } : {});
    this.size = train.length * (1 + opts.negatives);
    this.users = new Int32Array(this.size);
    this.items = new Int32Array(this.size);
    this.labels = new Float32Array(this.size);
    this.ends = new Int32Array(this.size);
    this.random = new FastRandom(opts.rng);
    this.sampler = opts.sampler ?? new UniformNegativeSampler(train, opts.rng);
    this.resample();
  }

  resample(): void {
    const { users, items, labels, ends, sampler } = this;
    const { offsets, items: tItems, historyEnd } = this.timeline;
    const k = this.opts.negatives;
    let o = 0;
    for (let u = 0; u + 1 < offsets.length; u++) {
      for (let p = offsets[u]!; p < offsets[u + 1]!; p++) {
        const end = historyEnd[p]!;
        users[o] = u;
        items[o] = tItems[p]!;
        labels[o] = 1;
        ends[o++] = end;
        for (let j = 0; j < k; j++) {
          users[o] = u;
          items[o] = sampler.sample(u);
          labels[o] = 0;
          ends[o++] = end;
        }
      }
    }
    shuffleRows(this.random, users, items, ends, labels);
  }

  *batches(batchSize: number, into: HistoryBatch = createHistoryBatch(batchSize, this.L, this.padding)): Generator<HistoryBatch> {
    into.padding = this.padding;
    if (into.users.length < batchSize || into.historyLength !== this.L) {
      throw new ArgumentError('into', `need capacity >= ${batchSize} and historyLength ${this.L}`);
    }
    const { offsets, items } = this.timeline;
    for (let s = 0; s < this.size; s += batchSize) {
      const e = Math.min(this.size, s + batchSize);
      for (let k = 0; k < e - s; k++) {
        const u = this.users[s + k]!;
        into.users[k] = u;
        into.items[k] = this.items[s + k]!;
        into.labels[k] = this.labels[s + k]!;
        into.lengths[k] = writeHistory(into.history, k * this.L, this.L, items, offsets[u]!, this.ends[s + k]!, this.padding, this.padValue);
      }
      into.size = e - s;
      yield into;
    }
  }
}

/**
 * Writes timeline items [max(lo, end - L), end) into dst[at .. at + L) with padding;
 * returns the number of real items.
 */
export function writeHistory(dst: Int32Array, at: number, L: number, items: Int32Array, lo: number, end: number, padding: Padding, padValue: number): number {
  const start = Math.max(lo, end - L);
  const len = end - start;
  const first = padding === 'left' ? at + L - len : at;
  dst.fill(padValue, at, at + L);
  for (let j = 0; j < len; j++) dst[first + j] = items[start + j]!;
  return len;
}

/**
 * Each user's last L training items in time order, for scoring at test time (the
 * history of a held-out interaction is the tail of the whole training timeline).
 * history is [numUsers, L] row-major, lengths[u] the real slots of row u.
 */
export function lastItems(train: Interactions, opts: HistoryOptions): { history: Int32Array; lengths: Int32Array; historyLength: number; padding: Padding } {
  const L = checkLength(opts.historyLength);
  const { offsets, items } = buildTimeline(train);
  const history = new Int32Array(train.numUsers * L);
  const lengths = new Int32Array(train.numUsers);
  for (let u = 0; u < train.numUsers; u++) {
    lengths[u] = writeHistory(history, u * L, L, items, offsets[u]!, offsets[u + 1]!, opts.padding ?? 'right', opts.padValue ?? 0);
  }
  return { history, lengths, historyLength: L, padding: opts.padding ?? 'right' };
}

function checkLength(L: number): number {
  if (!Number.isInteger(L) || L < 1) throw new ArgumentError('historyLength', `must be an integer >= 1, got ${L}`);
  return L;
}
