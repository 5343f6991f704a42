/**
 * Column helpers for the epoch builders, which keep each sample's fields in
 * parallel typed arrays. Both run in per-sample or per-batch loops, so neither
 * allocates (a subarray view per batch would); V8 inlines them.
 */
type Column = Int32Array | Float32Array;

/** Swaps entries i and j of a column (one Fisher-Yates draw swaps every column). */
export function swap(a: Column, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/** dst[0 .. end - start) = src[start .. end): one batch of a column. */
export function copyRange(dst: Column, src: Column, start: number, end: number): void {
  for (let i = start, o = 0; i < end; i++, o++) dst[o] = src[i]!;
}
