/**
 * Swaps entries i and j of a column. The epoch builders shuffle their parallel
 * columns together (one Fisher-Yates draw, one swap per column); V8 inlines this.
 */
export function swap(a: Int32Array | Float32Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
