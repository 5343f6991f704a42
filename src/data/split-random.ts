import { ArgumentError } from '../errors.js';
import type { Rng } from '../tensor/rng.js';
import type { Interactions } from './interactions.js';
import { checkRatio, splitByLabel, type Split } from './split-types.js';

export interface RatioSplitOptions {
  rng: Rng;
  /** Fraction of rows (per user, for splitPerUser) that go to test. */
  testRatio: number;
  /** Fraction of the remaining training rows that go to validation (default 0). */
  validationRatio?: number;
}

/**
 * Random per interaction: round(testRatio * n) rows chosen uniformly go to test, then
 * round(validationRatio * rest) of the rest to validation.
 */
export function splitRandom(x: Interactions, opts: RatioSplitOptions): Split {
  const test = checkRatio('testRatio', opts.testRatio, true);
  const val = checkRatio('validationRatio', opts.validationRatio, false);
  const perm = opts.rng.permutation(x.length);
  const label = new Uint8Array(x.length);
  const nTest = Math.round(test * x.length);
  const nVal = Math.round(val * (x.length - nTest));
  for (let k = 0; k < nTest; k++) label[perm[k]!] = 1;
  for (let k = nTest; k < nTest + nVal; k++) label[perm[k]!] = 2;
  return splitByLabel(x, label);
}

/**
 * Per-user ratio: each user's rows are shuffled and round(testRatio * n_u) go to test,
 * round(validationRatio * rest) to validation, but at least `minTrain` (default 1)
 * always stay in training so every test user is known to the model.
 */
export function splitPerUser(x: Interactions, opts: RatioSplitOptions & { minTrain?: number }): Split {
  const test = checkRatio('testRatio', opts.testRatio, true);
  const val = checkRatio('validationRatio', opts.validationRatio, false);
  const minTrain = opts.minTrain ?? 1;
  const { offsets, rows } = x.byUser();
  const label = new Uint8Array(x.length);
  for (let u = 0; u < x.numUsers; u++) {
    const seg = Int32Array.from(rows.subarray(offsets[u]!, offsets[u + 1]!));
    opts.rng.shuffle(seg);
    const n = seg.length;
    const nTest = Math.max(0, Math.min(Math.round(test * n), n - minTrain));
    const nVal = Math.max(0, Math.min(Math.round(val * (n - nTest)), n - nTest - minTrain));
    for (let k = 0; k < nTest; k++) label[seg[k]!] = 1;
    for (let k = nTest; k < nTest + nVal; k++) label[seg[k]!] = 2;
  }
  return splitByLabel(x, label);
}

/**
 * k-fold cross-validation over interactions: a random permutation dealt into k folds
 * of sizes differing by at most one; fold f is test in split f, the rest train. With
 * validationRatio, validation rows are drawn at random from each split's training rows.
 */
export function kFold(x: Interactions, opts: { k: number; rng: Rng; validationRatio?: number }): Split[] {
  const { k } = opts;
  if (!Number.isInteger(k) || k < 2 || k > x.length) throw new ArgumentError('k', `must be an integer in [2, ${x.length}] (the number of rows), got ${k}`);
  const val = checkRatio('validationRatio', opts.validationRatio, false);
  const fold = new Int32Array(x.length);
  const perm = opts.rng.permutation(x.length);
  for (let p = 0; p < perm.length; p++) fold[perm[p]!] = p % k;
  const splits: Split[] = [];
  for (let f = 0; f < k; f++) {
    const label = new Uint8Array(x.length);
    const trainRows: number[] = [];
    for (let r = 0; r < x.length; r++) {
      if (fold[r] === f) label[r] = 1;
      else trainRows.push(r);
    }
    const nVal = Math.round(val * trainRows.length);
    opts.rng.shuffle(trainRows);
    for (let j = 0; j < nVal; j++) label[trainRows[j]!] = 2;
    splits.push(splitByLabel(x, label));
  }
  return splits;
}
