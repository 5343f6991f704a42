import { ArgumentError } from '../errors.js';

/**
 * A penalty weight: a finite number >= 0. NaN would switch the penalty off
 * silently (every `l2 > 0` test is false), a negative one would reward large
 * weights, and Infinity would turn every gradient into NaN.
 */
export function penaltyWeight(name: string, v: number): void {
  if (!(typeof v === 'number' && Number.isFinite(v) && v >= 0)) throw new ArgumentError(name, `must be a finite number >= 0, got ${v}`);
}
