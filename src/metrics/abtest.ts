import { ArgumentError } from '../errors.js';
import type { Rng } from '../tensor/rng.js';
import { studentTTwoSidedP } from './stats.js';
import { expectSameLength } from './summary.js';

export interface ComparisonOptions {
  /** Drives the bootstrap resampling; the same seed gives the same interval. */
  readonly rng: Rng;
  /** Bootstrap resamples (default 2000). */
  readonly resamples?: number;
  /** Confidence level of the interval (default 0.95). */
  readonly confidence?: number;
}

export interface ModelComparison {
  /** Users with a defined value under both models (pairs with a NaN are dropped). */
  readonly n: number;
  readonly dropped: number;
  readonly meanA: number;
  readonly meanB: number;
  /** d_u = b_u - a_u for each kept user. */
  readonly differences: Float64Array;
  /** mean(d) = meanB - meanA. */
  readonly meanDifference: number;
  /** t = mean(d) / (sd(d) / sqrt(n)), sd with the n - 1 denominator. */
  readonly tStatistic: number;
  readonly df: number;
  /** Two-sided p-value of the paired t-test (H0: mean difference 0). */
  readonly pValue: number;
  /** Percentile bootstrap interval of mean(d), resampling users with replacement. */
  readonly ci: readonly [number, number];
  readonly confidence: number;
  /** Relative lift of B over A: (meanB - meanA) / meanA (NaN when meanA = 0). */
  readonly lift: number;
}

/**
 * An offline A/B comparison of model A (baseline) and model B (candidate) from
 * the same per-user metric under both (e.g. per-user NDCG@10 from the same test
 * set). Pairing by user removes the between-user variance that an unpaired
 * test would have to fight.
 */
export function compareModels(a: ArrayLike<number>, b: ArrayLike<number>, options: ComparisonOptions): ModelComparison {
  expectSameLength('b', a, b);
  const resamples = options.resamples ?? 2000;
  const confidence = options.confidence ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1) throw new ArgumentError('resamples', `must be a positive integer, got ${resamples}`);
  if (!(confidence > 0 && confidence < 1)) throw new ArgumentError('confidence', `must be in (0, 1), got ${confidence}`);

  const keep: number[] = [];
  for (let u = 0; u < a.length; u++) if (!Number.isNaN(a[u]) && !Number.isNaN(b[u])) keep.push(u);
  const n = keep.length;
  const d = new Float64Array(n);
  let sumA = 0, sumB = 0;
  keep.forEach((u, i) => {
    sumA += a[u]!;
    sumB += b[u]!;
    d[i] = b[u]! - a[u]!;
  });
  const meanA = sumA / n, meanB = sumB / n;
  let meanD = 0;
  for (const x of d) meanD += x;
  meanD /= n;
  let ss = 0;
  for (const x of d) ss += (x - meanD) ** 2;
  const df = n - 1;
  let t = Number.NaN, p = Number.NaN;
  if (n >= 2) {
    const se = Math.sqrt(ss / df / n);
    // Identical differences: no variance, so the test is decided by whether they are 0.
    if (se === 0) [t, p] = meanD === 0 ? [0, 1] : [meanD > 0 ? Infinity : -Infinity, 0];
    else {
      t = meanD / se;
      p = studentTTwoSidedP(t, df);
    }
  }
  return {
    n,
    dropped: a.length - n,
    meanA,
    meanB,
    differences: d,
    meanDifference: meanD,
    tStatistic: t,
    df,
    pValue: p,
    ci: bootstrapMeanInterval(d, options.rng, resamples, confidence),
    confidence,
    lift: meanA === 0 ? Number.NaN : (meanB - meanA) / meanA,
  };
}

/**
 * Percentile bootstrap: the mean of n draws with replacement, `resamples`
 * times; the interval is the (alpha/2, 1 - alpha/2) quantiles of those means
 * (linear interpolation between order statistics).
 */
export function bootstrapMeanInterval(
  values: ArrayLike<number>,
  rng: Rng,
  resamples: number,
  confidence: number,
): [number, number] {
  const n = values.length;
  if (n === 0) return [Number.NaN, Number.NaN];
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += values[rng.int(n)]!;
    means[r] = s / n;
  }
  means.sort();
  const alpha = 1 - confidence;
  return [quantile(means, alpha / 2), quantile(means, 1 - alpha / 2)];
}

function quantile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}
