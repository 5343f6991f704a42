import { ArgumentError } from '../errors.js';

/**
 * How a positive and a negative with equal scores are counted:
 * 'half' is the Mann-Whitney convention (a tie is a coin flip, so a constant
 * model scores 0.5); 'against' counts a tie as a loss for the positive, the rule
 * the sampled-ranking evaluator uses (a constant model scores 0).
 */
export type TieRule = 'half' | 'against';

/**
 * AUC = P(score(pos) > score(neg)) over all positive-negative pairs, from the
 * two score lists: (1 / |P||N|) * sum_p (#{n : s_n < s_p} + t * #{n : s_n = s_p}),
 * t = 1/2 or 0 by the tie rule. Sorting the negatives once makes it
 * O((P + N) log N) instead of O(P N). NaN when either list is empty.
 */
export function auc(positives: ArrayLike<number>, negatives: ArrayLike<number>, ties: TieRule = 'half'): number {
  if (positives.length === 0 || negatives.length === 0) return Number.NaN;
  const neg = Float64Array.from(negatives);
  for (let i = 0; i < neg.length; i++) {
    if (Number.isNaN(neg[i])) throw new ArgumentError('negatives', `score ${i} is NaN`);
  }
  neg.sort();
  const tieWeight = ties === 'half' ? 0.5 : 0;
  let wins = 0;
  for (let i = 0; i < positives.length; i++) {
    const s = positives[i]!;
    if (Number.isNaN(s)) throw new ArgumentError('positives', `score ${i} is NaN`);
    const below = lowerBound(neg, s);
    const equal = upperBound(neg, s) - below;
    wins += below + tieWeight * equal;
  }
  return wins / (positives.length * neg.length);
}

/** First index whose value is >= x in ascending a. */
function lowerBound(a: Float64Array, x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose value is > x in ascending a. */
function upperBound(a: Float64Array, x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
