import { ArgumentError } from '../errors.js';
import type { Interactions } from './interactions.js';
import { buildTimeline } from './timeline.js';

/** Which interactions an epoch repeats: each user's most recent ones. */
export interface RecentOversampling {
  /** How many of each user's latest training interactions to repeat (all of them if the user has fewer). */
  readonly last: number;
  /** Extra copies of each per epoch: 1 (the default) shows them twice. */
  readonly extra?: number;
}

/**
 * The positive rows of an epoch that oversamples recent interactions: every row of
 * `train` once, in row order, then for each user (ascending) their `last` latest
 * rows, `extra` more times each. "Latest" follows buildTimeline: timestamp order,
 * file order without timestamps. Under leave-last-out evaluation the held-out item
 * is each user's next one, and recent items say more about it than old ones
 * (docs/benchmarks.md measures the effect on NeuMF).
 */
export function recentRows(train: Interactions, { last, extra = 1 }: RecentOversampling): Int32Array {
  if (!Number.isInteger(last) || last < 0) throw new ArgumentError('oversampleRecent.last', `must be an integer >= 0, got ${last}`);
  if (!Number.isInteger(extra) || extra < 0) throw new ArgumentError('oversampleRecent.extra', `must be an integer >= 0, got ${extra}`);
  const { offsets, rows } = buildTimeline(train);
  let repeated = 0;
  for (let u = 0; u < train.numUsers; u++) repeated += Math.min(last, offsets[u + 1]! - offsets[u]!) * extra;
  const out = new Int32Array(train.length + repeated);
  for (let r = 0; r < train.length; r++) out[r] = r;
  let o = train.length;
  for (let u = 0; u < train.numUsers; u++) {
    const hi = offsets[u + 1]!;
    for (let p = Math.max(offsets[u]!, hi - last); p < hi; p++) {
      for (let t = 0; t < extra; t++) out[o++] = rows[p]!;
    }
  }
  return out;
}
