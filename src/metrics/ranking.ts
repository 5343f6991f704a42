import { ArgumentError } from '../errors.js';
import { expectCutoff, expectSameLength, summarizeMetric } from './summary.js';

/**
 * Top-K accuracy of one user's ranked list (best first) against the set of items
 * relevant to that user. A list that repeats an item counts it once, at its first
 * position: the repeat still takes a slot (the user saw K slots) but never hits
 * again, so duplicates cannot inflate a score. Positions are 0-based below; the
 * discount of position p is 1 / log2(p + 2).
 */

/** 0-based positions, within the top k, of the first occurrence of each relevant item. */
export function hitPositions(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number[] {
  expectCutoff(k);
  const out: number[] = [];
  const end = Math.min(k, ranked.length);
  for (let p = 0; p < end; p++) {
    const item = ranked[p]!;
    if (!relevant.has(item)) continue;
    let repeat = false;
    for (let q = 0; q < p && !repeat; q++) repeat = ranked[q] === item;
    if (!repeat) out.push(p);
  }
  return out;
}

const discount = (p: number): number => 1 / Math.log2(p + 2);

/** HR@K: 1 when any relevant item is in the top K, else 0. */
export function hitRateAtK(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  return hitPositions(ranked, relevant, k).length > 0 ? 1 : 0;
}

/** Precision@K = hits / K; empty slots of a short list count as misses. */
export function precisionAtK(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  return hitPositions(ranked, relevant, k).length / k;
}

/** Recall@K = hits / |R|; NaN when the user has no relevant items. */
export function recallAtK(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return Number.NaN;
  return hitPositions(ranked, relevant, k).length / relevant.size;
}

/**
 * Binary NDCG@K = DCG / IDCG with DCG = sum over hits of 1 / log2(p + 2) and
 * IDCG the same sum over the first min(|R|, K) positions. NaN when |R| = 0.
 */
export function ndcgAtK(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return Number.NaN;
  let dcg = 0;
  for (const p of hitPositions(ranked, relevant, k)) dcg += discount(p);
  let idcg = 0;
  for (let p = 0; p < Math.min(relevant.size, k); p++) idcg += discount(p);
  return dcg / idcg;
}

export type GainKind = 'exponential' | 'linear';

/**
 * Graded NDCG@K: item i has grade g_i (absent = 0), gain 2^g - 1 (exponential,
 * the usual choice) or g (linear). IDCG ranks the K largest grades first. A
 * repeated item gains only at its first position. NaN when no grade is positive.
 */
export function ndcgGradedAtK(
  ranked: ArrayLike<number>,
  grades: ReadonlyMap<number, number>,
  k: number,
  gain: GainKind = 'exponential',
): number {
  expectCutoff(k);
  const g = (x: number): number => (x <= 0 ? 0 : gain === 'exponential' ? 2 ** x - 1 : x);
  let dcg = 0;
  const end = Math.min(k, ranked.length);
  for (let p = 0; p < end; p++) {
    const item = ranked[p]!;
    const grade = grades.get(item);
    if (grade === undefined || grade <= 0) continue;
    if (!Number.isFinite(grade)) throw new ArgumentError('grades', `grade of item ${item} is ${grade}`);
    let repeat = false;
    for (let q = 0; q < p && !repeat; q++) repeat = ranked[q] === item;
    if (!repeat) dcg += g(grade) * discount(p);
  }
  const ideal = [...grades.values()].filter((x) => x > 0).sort((a, b) => b - a);
  let idcg = 0;
  for (let p = 0; p < Math.min(ideal.length, k); p++) idcg += g(ideal[p]!) * discount(p);
  return idcg > 0 ? dcg / idcg : Number.NaN;
}

/** Reciprocal rank 1 / (p + 1) of the first relevant item within the top k (whole list by default), else 0. */
export function reciprocalRank(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k = ranked.length): number {
  if (k === 0) return 0;
  const hits = hitPositions(ranked, relevant, k);
  return hits.length > 0 ? 1 / (hits[0]! + 1) : 0;
}

/**
 * AP@K = (1 / min(|R|, K)) * sum over hit positions p of (hits in [0, p]) / (p + 1).
 * The min(|R|, K) normaliser lets a perfect top-K list score 1 even when the
 * user has more than K relevant items. NaN when |R| = 0.
 */
export function averagePrecisionAtK(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return Number.NaN;
  const hits = hitPositions(ranked, relevant, k);
  let sum = 0;
  hits.forEach((p, h) => (sum += (h + 1) / (p + 1)));
  return sum / Math.min(relevant.size, k);
}

export interface RankingMetrics {
  readonly k: number;
  /** Users with at least one relevant item (the ones averaged). */
  readonly users: number;
  /** Users skipped because they had no relevant item. */
  readonly skipped: number;
  readonly hr: number;
  readonly precision: number;
  readonly recall: number;
  readonly ndcg: number;
  readonly mrr: number;
  readonly map: number;
  /** Per-user values, NaN for skipped users. */
  readonly perUser: {
    readonly hr: Float64Array;
    readonly precision: Float64Array;
    readonly recall: Float64Array;
    readonly ndcg: Float64Array;
    readonly rr: Float64Array;
    readonly ap: Float64Array;
  };
}

/**
 * Every top-K metric for many users at once: `lists[u]` is user u's ranked list
 * and `relevant[u]` their relevant items. Means are over users with |R| > 0.
 */
export function rankingMetrics(
  lists: readonly ArrayLike<number>[],
  relevant: readonly ReadonlySet<number>[],
  k: number,
): RankingMetrics {
  expectCutoff(k);
  expectSameLength('relevant', lists, relevant);
  const n = lists.length;
  const perUser = {
    hr: new Float64Array(n),
    precision: new Float64Array(n),
    recall: new Float64Array(n),
    ndcg: new Float64Array(n),
    rr: new Float64Array(n),
    ap: new Float64Array(n),
  };
  for (let u = 0; u < n; u++) {
    const list = lists[u]!;
    const rel = relevant[u]!;
    if (rel.size === 0) {
      for (const a of Object.values(perUser)) a[u] = Number.NaN;
      continue;
    }
    perUser.hr[u] = hitRateAtK(list, rel, k);
    perUser.precision[u] = precisionAtK(list, rel, k);
    perUser.recall[u] = recallAtK(list, rel, k);
    perUser.ndcg[u] = ndcgAtK(list, rel, k);
    perUser.rr[u] = reciprocalRank(list, rel, k);
    perUser.ap[u] = averagePrecisionAtK(list, rel, k);
  }
  const hr = summarizeMetric(perUser.hr);
  return {
    k,
    users: hr.n,
    skipped: hr.skipped,
    hr: hr.mean,
    precision: summarizeMetric(perUser.precision).mean,
    recall: summarizeMetric(perUser.recall).mean,
    ndcg: summarizeMetric(perUser.ndcg).mean,
    mrr: summarizeMetric(perUser.rr).mean,
    map: summarizeMetric(perUser.ap).mean,
    perUser,
  };
}
