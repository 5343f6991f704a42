import fc from 'fast-check';
import { Tensor, type DType } from '../../src/tensor/tensor.js';

/** Finite values in a range where float32 round-off stays small relative to the result. */
export const value = (range = 4): fc.Arbitrary<number> =>
  fc.double({ min: -range, max: range, noNaN: true, noDefaultInfinity: true });

export const dim = (min = 0, max = 9): fc.Arbitrary<number> => fc.integer({ min, max });

export function tensorOf(shape: readonly number[], dtype: DType = 'float32', range = 4): fc.Arbitrary<Tensor> {
  const size = shape.reduce((a, b) => a * b, 1);
  return fc.array(value(range), { minLength: size, maxLength: size }).map((v) => Tensor.fromFlat(v, shape, dtype));
}

/** A shape of the given rank with each dimension in [min, max]. */
export const shape = (rank: number, min = 0, max = 9): fc.Arbitrary<number[]> =>
  fc.array(dim(min, max), { minLength: rank, maxLength: rank });

/** Ids in [0, n) that are guaranteed to repeat when length > 1 (every scatter test needs duplicates). */
export function idsWithDuplicates(n: number, length: number): fc.Arbitrary<Int32Array> {
  return fc.array(fc.integer({ min: 0, max: Math.max(0, n - 1) }), { minLength: length, maxLength: length }).map((ids) => {
    if (ids.length > 1) ids[ids.length - 1] = ids[0]!;
    return Int32Array.from(ids);
  });
}

/**
 * max_i |a_i - e_i| / max(1, |e_i|). Infinity when the lengths differ, when exactly one
 * of a_i, e_i is NaN, or when an error is itself NaN (finite vs infinite, +Inf vs -Inf):
 * such an element must never be hidden by a later finite error. Both NaN, or equal
 * infinities, count as a match.
 */
export function maxRelError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (a === e) continue;
    const aNaN = Number.isNaN(a);
    if (aNaN !== Number.isNaN(e)) return Infinity;
    if (aNaN) continue;
    const err = Math.abs(a - e) / Math.max(1, Math.abs(e));
    if (Number.isNaN(err)) return Infinity;
    if (err > worst) worst = err;
  }
  return worst;
}
