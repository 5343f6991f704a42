import type { Interactions } from './interactions.js';
import { splitByLabel, type Split } from './split-types.js';

/**
 * Leave-one-out (the NCF protocol): each user's latest interaction is test, and with
 * `validation` the latest remaining one is validation. "Latest" is the maximum under
 * the order (timestamp, item index, row): equal timestamps are broken by the larger
 * item index (with sorted id maps, the larger MovieLens id, as in the shared NCF files),
 * then by the later row. Without timestamps, row order alone decides. A user keeps at
 * least one training interaction: users with a single row stay wholly in training.
 */
export function splitLeaveOneOut(x: Interactions, opts: { validation?: boolean } = {}): Split {
  const { offsets, rows } = x.byUser();
  const label = new Uint8Array(x.length);
  for (let u = 0; u < x.numUsers; u++) {
    const lo = offsets[u]!;
    const hi = offsets[u + 1]!;
    if (hi - lo < 2) continue;
    const t = latest(x, rows, lo, hi, label);
    label[t] = 1;
    if (opts.validation && hi - lo >= 3) label[latest(x, rows, lo, hi, label)] = 2;
  }
  return splitByLabel(x, label);
}

/** The latest still-unlabelled row of the CSR segment [lo, hi). */
export function latest(x: Interactions, rows: Int32Array, lo: number, hi: number, label: Uint8Array): number {
  let best = -1;
  for (let p = lo; p < hi; p++) {
    const r = rows[p]!;
    if (label[r] !== 0) continue;
    if (best < 0 || isLater(x, r, best)) best = r;
  }
  return best;
}

/** Whether row a comes after row b in the order (timestamp, item, row). */
export function isLater(x: Interactions, a: number, b: number): boolean {
  const ts = x.timestamps;
  if (ts && ts[a] !== ts[b]) return ts[a]! > ts[b]!;
  if (x.items[a] !== x.items[b]) return x.items[a]! > x.items[b]!;
  return a > b;
}
