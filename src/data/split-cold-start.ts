import type { Rng } from '../tensor/rng.js';
import type { Interactions } from './interactions.js';
import { checkRatio, splitByLabel, type Split } from './split-types.js';

export interface HeldOutSplitOptions {
  rng: Rng;
  /** Fraction of the active users (items) whose every row goes to test. */
  testRatio: number;
  /** Fraction of the remaining active users (items) held out for validation. */
  validationRatio?: number;
}

/** User cold start: a random set of users is wholly test, so none of them appears in training. */
export function splitHeldOutUsers(x: Interactions, opts: HeldOutSplitOptions): Split {
  return heldOut(x, x.users, x.countsPerUser(), opts);
}

/** Item cold start: a random set of items is wholly test, so none of them appears in training. */
export function splitHeldOutItems(x: Interactions, opts: HeldOutSplitOptions): Split {
  return heldOut(x, x.items, x.countsPerItem(), opts);
}

function heldOut(x: Interactions, col: Int32Array, counts: Int32Array, opts: HeldOutSplitOptions): Split {
  const test = checkRatio('testRatio', opts.testRatio, true);
  const val = checkRatio('validationRatio', opts.validationRatio, false);
  const active: number[] = [];
  for (let k = 0; k < counts.length; k++) if (counts[k]! > 0) active.push(k);
  opts.rng.shuffle(active);
  const nTest = Math.round(test * active.length);
  const nVal = Math.round(val * (active.length - nTest));
  const group = new Uint8Array(counts.length);
  for (let j = 0; j < nTest; j++) group[active[j]!] = 1;
  for (let j = nTest; j < nTest + nVal; j++) group[active[j]!] = 2;
  const label = new Uint8Array(x.length);
  for (let r = 0; r < x.length; r++) label[r] = group[col[r]!]!;
  return splitByLabel(x, label);
}
