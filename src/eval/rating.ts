import { ArgumentError } from '../errors.js';
import { mae, rmse } from '../metrics/rating.js';
import { finiteAt } from '../metrics/summary.js';
import type { Scorer } from './scorer.js';

/** Explicit test triples: users[i] rated items[i] with ratings[i]. */
export interface RatingTestSet {
  readonly users: Int32Array;
  readonly items: Int32Array;
  readonly ratings: ArrayLike<number>;
}

export interface RatingOptions {
  /** Clip predictions into the rating scale first, e.g. [1, 5] (off by default). */
  readonly clamp?: readonly [number, number];
  /** Pairs per score() call (default 32768). */
  readonly chunkPairs?: number;
}

export interface RatingReport {
  readonly n: number;
  readonly rmse: number;
  readonly mae: number;
  /** The (clamped) prediction for each triple. */
  readonly predictions: Float32Array;
}

/** RMSE and MAE of the scorer's predictions on explicit ratings, scored in chunks. */
export function evaluateRatings(scorer: Scorer, test: RatingTestSet, options: RatingOptions = {}): RatingReport {
  const { users, items, ratings } = test;
  const n = users.length;
  if (items.length !== n || ratings.length !== n) {
    throw new ArgumentError('test', `users, items and ratings have ${n}, ${items.length}, ${ratings.length} entries`);
  }
  for (let i = 0; i < n; i++) {
    if (users[i]! < 0 || users[i]! >= scorer.numUsers) throw new ArgumentError('users', `triple ${i}: user ${users[i]} is outside [0, ${scorer.numUsers})`);
    if (items[i]! < 0 || items[i]! >= scorer.numItems) throw new ArgumentError('items', `triple ${i}: item ${items[i]} is outside [0, ${scorer.numItems})`);
    finiteAt('ratings', 'rating', ratings, i); // before scoring, so bad input costs no model time
  }
  const chunk = options.chunkPairs ?? 32768;
  if (!Number.isInteger(chunk) || chunk < 1) throw new ArgumentError('chunkPairs', `must be a positive integer, got ${chunk}`);
  const predictions = new Float32Array(n);
  for (let a = 0; a < n; a += chunk) {
    const b = Math.min(n, a + chunk);
    scorer.score(users.subarray(a, b), items.subarray(a, b), predictions.subarray(a, b));
  }
  if (options.clamp) {
    const [lo, hi] = options.clamp;
    if (!(lo <= hi)) throw new ArgumentError('clamp', `needs lo <= hi, got [${lo}, ${hi}]`);
    for (let i = 0; i < n; i++) predictions[i] = Math.min(hi, Math.max(lo, predictions[i]!));
  }
  return { n, rmse: rmse(predictions, ratings), mae: mae(predictions, ratings), predictions };
}
