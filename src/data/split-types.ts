import { ArgumentError } from '../errors.js';
import type { Interactions } from './interactions.js';

/** Every split returns disjoint row sets of the input, sharing its index spaces and id maps. */
export interface Split {
  train: Interactions;
  test: Interactions;
  /** Carved from what would otherwise be training data, never from test. */
  validation?: Interactions;
}

/** Splits rows by a 0/1/2 label per COO row: 0 train, 1 test, 2 validation. */
export function splitByLabel(x: Interactions, label: Uint8Array): Split {
  const parts: number[][] = [[], [], []];
  for (let r = 0; r < x.length; r++) parts[label[r]!]!.push(r);
  const out: Split = { train: x.select(parts[0]!), test: x.select(parts[1]!) };
  if (parts[2]!.length > 0) out.validation = x.select(parts[2]!);
  return out;
}

export function checkRatio(name: string, v: number | undefined, required: boolean): number {
  if (v === undefined) {
    if (required) throw new ArgumentError(name, 'is required');
    return 0;
  }
  if (!(v >= 0 && v < 1)) throw new ArgumentError(name, `must be in [0, 1), got ${v}`);
  return v;
}
