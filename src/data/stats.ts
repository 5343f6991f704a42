import type { Interactions } from './interactions.js';

/** Summary of a count distribution (interactions per user, or per item). */
export interface CountSummary {
  min: number;
  p25: number;
  median: number;
  p75: number;
  p90: number;
  max: number;
  mean: number;
  /** How many users (items) have no interaction at all. */
  zeros: number;
}

export interface InteractionStats {
  numUsers: number;
  numItems: number;
  interactions: number;
  /** interactions / (numUsers * numItems). */
  density: number;
  /** Users (items) with at least one interaction. */
  activeUsers: number;
  activeItems: number;
  /** (user, item) pairs occurring more than once, counted once per extra row. */
  duplicateRows: number;
  perUser: CountSummary;
  perItem: CountSummary;
  ratings: { min: number; max: number; mean: number } | null;
  timestamps: { min: number; max: number } | null;
}

export function computeStats(x: Interactions): InteractionStats {
  const pu = x.countsPerUser();
  const pi = x.countsPerItem();
  const { offsets, indices } = x.byUser();
  let duplicateRows = 0;
  for (let u = 0; u < x.numUsers; u++) {
    for (let p = offsets[u]! + 1; p < offsets[u + 1]!; p++) if (indices[p] === indices[p - 1]) duplicateRows++;
  }
  return {
    numUsers: x.numUsers,
    numItems: x.numItems,
    interactions: x.length,
    density: x.numUsers * x.numItems > 0 ? x.length / (x.numUsers * x.numItems) : 0,
    activeUsers: pu.length - countZeros(pu),
    activeItems: pi.length - countZeros(pi),
    duplicateRows,
    perUser: summarizeCounts(pu),
    perItem: summarizeCounts(pi),
    ratings: x.ratings ? range(x.ratings, true) as { min: number; max: number; mean: number } : null,
    timestamps: x.timestamps ? range(x.timestamps, false) : null,
  };
}

function countZeros(a: Int32Array): number {
  let z = 0;
  for (let k = 0; k < a.length; k++) if (a[k] === 0) z++;
  return z;
}

/** Quantiles by the nearest-rank rule on the sorted counts. */
export function summarizeCounts(counts: Int32Array): CountSummary {
  const s = Int32Array.from(counts).sort();
  const n = s.length;
  const q = (p: number): number => (n === 0 ? 0 : s[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))]!);
  let sum = 0;
  for (let k = 0; k < n; k++) sum += s[k]!;
  return { min: n ? s[0]! : 0, p25: q(0.25), median: q(0.5), p75: q(0.75), p90: q(0.9), max: n ? s[n - 1]! : 0, mean: n ? sum / n : 0, zeros: countZeros(s) };
}

function range(a: Float32Array | Float64Array, withMean: boolean): { min: number; max: number; mean?: number } {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let k = 0; k < a.length; k++) {
    const v = a[k]!;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return withMean ? { min, max, mean: a.length ? sum / a.length : 0 } : { min, max };
}
