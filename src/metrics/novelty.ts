import { ArgumentError } from '../errors.js';
import { summarizeMetric } from './summary.js';

/**
 * Popularity-based beyond-accuracy metrics. `popularity[i]` is the number of
 * training users who interacted with item i, out of `numUsers`.
 */

function itemsOf(list: ArrayLike<number>, popularity: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let p = 0; p < list.length; p++) {
    const it = list[p]!;
    if (it < 0) continue;
    if (!Number.isInteger(it) || it >= popularity.length) {
      throw new ArgumentError('list', `position ${p}: item ${it} is outside [0, ${popularity.length})`);
    }
    out.push(it);
  }
  return out;
}

/**
 * Novelty of one list: the mean self-information -log2(p_i) of its items, with
 * p_i = max(popularity_i, 1) / numUsers the share of users who know item i
 * (Zhou et al. 2010). The floor at one interaction keeps never-seen items
 * finite: they count as the rarest possible. NaN for an empty list.
 */
export function novelty(list: ArrayLike<number>, popularity: ArrayLike<number>, numUsers: number): number {
  if (!(numUsers >= 1)) throw new ArgumentError('numUsers', `must be at least 1, got ${numUsers}`);
  const items = itemsOf(list, popularity);
  if (items.length === 0) return Number.NaN;
  let sum = 0;
  for (const it of items) sum += -Math.log2(Math.max(popularity[it]!, 1) / numUsers);
  return sum / items.length;
}

/** Average recommended popularity (ARP) of one list: mean popularity_i. NaN for an empty list. */
export function averagePopularity(list: ArrayLike<number>, popularity: ArrayLike<number>): number {
  const items = itemsOf(list, popularity);
  if (items.length === 0) return Number.NaN;
  let sum = 0;
  for (const it of items) sum += popularity[it]!;
  return sum / items.length;
}

export function meanNovelty(lists: readonly ArrayLike<number>[], popularity: ArrayLike<number>, numUsers: number): number {
  return summarizeMetric(lists.map((l) => novelty(l, popularity, numUsers))).mean;
}

export function meanAveragePopularity(lists: readonly ArrayLike<number>[], popularity: ArrayLike<number>): number {
  return summarizeMetric(lists.map((l) => averagePopularity(l, popularity))).mean;
}

/** Per-item interaction counts from parallel (user, item) arrays, counting each (user, item) pair once. */
export function itemPopularity(users: Int32Array, items: Int32Array, numItems: number): Int32Array {
  if (users.length !== items.length) throw new ArgumentError('items', `lengths differ: ${users.length} vs ${items.length}`);
  const counts = new Int32Array(numItems);
  const seen = new Set<number>();
  for (let r = 0; r < users.length; r++) {
    const it = items[r]!;
    if (it < 0 || it >= numItems) throw new ArgumentError('items', `row ${r}: item ${it} is outside [0, ${numItems})`);
    const key = users[r]! * numItems + it;
    if (seen.has(key)) continue;
    seen.add(key);
    counts[it]!++;
  }
  return counts;
}
