import { ArgumentError } from './errors.js';

/**
 * The two number checks that options across the library share, with one wording.
 * NaN fails both (every comparison with it is false, so it would otherwise slip
 * through `v >= 0` tests and switch features off silently), and so does Infinity.
 */

/** A finite number >= 0 (a rate, a penalty weight, a tolerance). */
export function finiteNonNegative(name: string, v: number): void {
  if (!(v >= 0 && Number.isFinite(v))) throw new ArgumentError(name, `must be a finite number >= 0, got ${v}`);
}

/** A finite number > 0 (a period, a decay factor, a scale). */
export function finitePositive(name: string, v: number): void {
  if (!(v > 0 && Number.isFinite(v))) throw new ArgumentError(name, `must be a finite number > 0, got ${v}`);
}
