import { ArgumentError } from '../errors.js';
import type { Interactions } from './interactions.js';
import { checkRatio, splitByLabel, type Split } from './split-types.js';

export interface TemporalSplitOptions {
  /** Rows with timestamp >= cutoff are test. Give this or testRatio. */
  cutoff?: number;
  /** Or choose the cutoff so that about this fraction of rows is at or after it. */
  testRatio?: number;
  /** Training rows with timestamp >= validationCutoff (< cutoff) become validation. */
  validationCutoff?: number;
  /** Or choose it so about this fraction of the training rows is validation. */
  validationRatio?: number;
}

/**
 * Global temporal split: everything at or after a single cutoff time is test, so no
 * training row is later than any test row. Rows sharing the cutoff timestamp all go to
 * test, which is why ratios are approximate. Validation is the latest slice of training.
 */
export function splitTemporal(x: Interactions, opts: TemporalSplitOptions): Split {
  const ts = x.timestamps;
  if (!ts) throw new ArgumentError('x', 'a temporal split needs timestamps');
  const all = new Int32Array(x.length).map((_, r) => r);
  const cutoff = opts.cutoff ?? quantileCutoff(ts, all, checkRatio('testRatio', opts.testRatio, true));
  const label = new Uint8Array(x.length);
  const train: number[] = [];
  for (let r = 0; r < x.length; r++) {
    if (ts[r]! >= cutoff) label[r] = 1;
    else train.push(r);
  }
  const given = opts.validationCutoff;
  if (given !== undefined && !(given <= cutoff)) throw new ArgumentError('validationCutoff', `${given} is after the test cutoff ${cutoff}`);
  const vRatio = checkRatio('validationRatio', opts.validationRatio, false);
  // No ratio, or one that rounds to no rows, gives cutoff Infinity: no validation rows.
  const vCut = given ?? (vRatio > 0 ? quantileCutoff(ts, Int32Array.from(train), vRatio) : Infinity);
  for (const r of train) if (ts[r]! >= vCut) label[r] = 2;
  return splitByLabel(x, label);
}

/** The timestamp t such that about `ratio` of `rows` have timestamp >= t. */
function quantileCutoff(ts: Float64Array, rows: Int32Array, ratio: number): number {
  const sorted = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) sorted[k] = ts[rows[k]!]!;
  sorted.sort();
  const nTest = Math.round(ratio * sorted.length);
  return nTest === 0 ? Infinity : sorted[sorted.length - nTest]!;
}
