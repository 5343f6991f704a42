import { ArgumentError } from '../errors.js';

/**
 * The mean of the defined (non-NaN) values, with how many were used and how
 * many were skipped. Per-user metrics are NaN where they are undefined (recall
 * of a user with no relevant items), and such users are left out of the mean
 * rather than counted as 0, so the count says who was actually measured.
 */
export interface MetricSummary {
  readonly mean: number;
  readonly n: number;
  readonly skipped: number;
}

export function summarizeMetric(values: ArrayLike<number>): MetricSummary {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    sum += v;
    n++;
  }
  return { mean: n > 0 ? sum / n : Number.NaN, n, skipped: values.length - n };
}

/** Mean of the defined values (NaN when there are none). */
export function meanDefined(values: ArrayLike<number>): number {
  return summarizeMetric(values).mean;
}

export function expectCutoff(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new ArgumentError('k', `must be a positive integer, got ${k}`);
}

export function expectSameLength(what: string, a: ArrayLike<unknown>, b: ArrayLike<unknown>): void {
  if (a.length !== b.length) throw new ArgumentError(what, `lengths differ: ${a.length} vs ${b.length}`);
}

/**
 * values[i] when it is a finite number; otherwise an ArgumentError naming the
 * field, index and value (`targets: target 2 is Infinity`). One NaN or
 * ±Infinity would silently turn a whole average into NaN or Infinity.
 */
export function finiteAt(field: string, noun: string, values: ArrayLike<number>, i: number): number {
  const v = values[i]!;
  if (!Number.isFinite(v)) throw new ArgumentError(field, `${noun} ${i} is ${v}`);
  return v;
}
