/**
 * Column helpers for the epoch builders, which keep each sample's fields in
 * parallel typed arrays. Both run in per-sample or per-batch loops, so neither
 * allocates (a subarray view per batch would); V8 inlines them.
 */
import type { FastRandom } from '../tensor/fast-random.js';

type Column = Int32Array | Float32Array;

function swap(a: Column, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/**
 * Fisher-Yates over parallel columns: one draw per position swaps that row in every
 * column, so each sample's fields stay together. Draws `size - 1` numbers from rng.
 */
export function shuffleRows(rng: FastRandom, columns: readonly Column[]): void {
  const size = columns[0]?.length ?? 0;
  for (let a = size - 1; a > 0; a--) {
    const b = rng.below(a + 1);
    for (const column of columns) swap(column, a, b);
  }
}

/** dst[0 .. end - start) = src[start .. end): one batch of a column. */
export function copyRange(dst: Column, src: Column, start: number, end: number): void {
  for (let i = start, o = 0; i < end; i++, o++) dst[o] = src[i]!;
}
