import type { Csr } from './scorer.js';

/**
 * Ties counted against the held-out items in full ranking, as in the sampled
 * protocol (rank.ts): an item with the same score as a held-out one ranks above
 * it, so a constant model hits nothing. The topK kernel breaks equal scores by
 * the lower column, so before selection each row is rearranged: its held-out
 * items' columns move to the end of the row, the other items keep their order.
 * Exclusions are mapped onto the new columns with `column`, and the selected
 * columns back to items with `item`. The order is then (score descending, other
 * items before held-out ones, item id ascending).
 *
 * One instance serves every chunk; its buffers grow and are reused.
 */
export class HeldOutLast {
  /** Row r's held-out items, sorted and distinct: held[offsets[r] .. offsets[r + 1]). */
  private offsets = new Int32Array(1);
  private held = new Int32Array(0);
  private saved = new Float32Array(0);
  private m = 0;

  /**
   * Rearranges rows [0, n) of `scores` ([n, m] row-major), whose held-out items
   * are rows [r0, r0 + n) of `heldOut`.
   */
  arrange(scores: Float32Array, n: number, m: number, heldOut: Csr, r0: number): void {
    this.m = m;
    this.collect(heldOut, r0, n);
    const { offsets, held } = this;
    for (let r = 0; r < n; r++) {
      const a = offsets[r]!, b = offsets[r + 1]!;
      if (a === b) continue;
      const row = r * m;
      for (let t = a; t < b; t++) this.saved[t - a] = scores[row + held[t]!]!;
      // Shift the other items left over the held-out gaps, in order.
      let w = row + held[a]!;
      for (let t = a; t < b; t++) {
        const end = t + 1 < b ? held[t + 1]! : m;
        for (let j = held[t]! + 1; j < end; j++) scores[w++] = scores[row + j]!;
      }
      for (let t = a; t < b; t++) scores[w++] = this.saved[t - a]!;
    }
  }

  /** The column of item j in row r after arrange. */
  column(r: number, j: number): number {
    const a = this.offsets[r]!, b = this.offsets[r + 1]!;
    let before = 0;
    for (let t = a; t < b; t++) {
      const h = this.held[t]!;
      if (h === j) return this.m - (b - a) + (t - a);
      if (h > j) break;
      before++;
    }
    return j - before;
  }

  /** The item at column p of row r after arrange (-1 stays -1: an empty top-K slot). */
  item(r: number, p: number): number {
    if (p < 0) return p;
    const a = this.offsets[r]!, b = this.offsets[r + 1]!;
    const others = this.m - (b - a);
    if (p >= others) return this.held[a + p - others]!;
    let j = p;
    for (let t = a; t < b && this.held[t]! <= j; t++) j++;
    return j;
  }

  private collect(heldOut: Csr, r0: number, n: number): void {
    const need = heldOut.offsets[r0 + n]! - heldOut.offsets[r0]!;
    if (this.offsets.length < n + 1) this.offsets = new Int32Array(n + 1);
    if (this.held.length < need) {
      this.held = new Int32Array(need);
      this.saved = new Float32Array(need);
    }
    let o = 0;
    for (let r = 0; r < n; r++) {
      this.offsets[r] = o;
      const start = o;
      for (let e = heldOut.offsets[r0 + r]!; e < heldOut.offsets[r0 + r + 1]!; e++) {
        // Insertion into the row's sorted run, dropping repeats (rows hold a few items).
        const it = heldOut.indices[e]!;
        let p = o;
        while (p > start && this.held[p - 1]! > it) p--;
        if (p > start && this.held[p - 1] === it) continue;
        this.held.copyWithin(p + 1, p, o);
        this.held[p] = it;
        o++;
      }
    }
    this.offsets[n] = o;
  }
}
