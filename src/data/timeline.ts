import type { Interactions } from './interactions.js';
import { isLater } from './split-leave-one-out.js';

/**
 * Each user's interactions in time order: positions [offsets[u], offsets[u + 1]) hold
 * u's rows sorted by (timestamp, item index, row), the same total order leave-one-out
 * uses, so the held-out item is always the one after the whole training timeline.
 * Without timestamps the order is (row) alone, i.e. file order.
 */
export interface Timeline {
  offsets: Int32Array;
  /** items[p]: the item at timeline position p. */
  items: Int32Array;
  /** rows[p]: the COO row at timeline position p. */
  rows: Int32Array;
  /**
   * historyEnd[p]: the history of position p is positions [offsets[u], historyEnd[p]).
   * p itself by default; with strictTime, the first position sharing p's timestamp,
   * so interactions at the same instant never see each other.
   */
  historyEnd: Int32Array;
}

export function buildTimeline(x: Interactions, opts: { strictTime?: boolean } = {}): Timeline {
  const { offsets, rows: csrRows } = x.byUser();
  const rows = Int32Array.from(csrRows);
  const items = new Int32Array(rows.length);
  const historyEnd = new Int32Array(rows.length);
  const ts = x.timestamps;
  const cmp = (a: number, b: number): number => (a === b ? 0 : isLater(x, a, b) ? 1 : -1);
  for (let u = 0; u < x.numUsers; u++) {
    const lo = offsets[u]!;
    const hi = offsets[u + 1]!;
    const seg = rows.subarray(lo, hi);
    seg.sort(cmp);
    for (let p = lo; p < hi; p++) {
      items[p] = x.items[rows[p]!]!;
      historyEnd[p] = opts.strictTime && ts && p > lo && ts[rows[p]!] === ts[rows[p - 1]!] ? historyEnd[p - 1]! : p;
    }
  }
  return { offsets, items, rows, historyEnd };
}
