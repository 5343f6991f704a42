import type { Data } from '../tensor/tensor.js';

export interface NumericSettings {
  readonly eps: number;
  readonly floor: number;
  readonly kinkTolerance: number;
}

export interface Comparison {
  /** Elements compared. */
  readonly checked: number;
  /** Elements skipped because the function has a kink within eps of them. */
  readonly nonsmooth: number;
  /** max over compared elements of |a - n| / max(floor, |a|, |n|); Infinity for NaN. */
  readonly maxError: number;
  /** Where the worst error occurred (flat index), with both values. */
  readonly worst: { readonly index: number; readonly analytic: number; readonly numeric: number } | null;
}

/**
 * Central differences, element by element, of `objective` with respect to `data`
 * (perturbed in place and restored), against `analytic`. With rows given (a sparse
 * table of width `cols`), only those rows are differenced.
 *
 * numeric = (f(x + h) - f(x - h)) / ((x + h) - (x - h)), dividing by the step as
 * actually stored so round-off in x ± h does not count. Its error is O(h² f''')
 * plus O(ε_mach |f| / h): about 1e-10 for h = 1e-6 and |f| ~ 10. The step grows
 * with |x| (h = eps · max(1, |x|)): large inputs make large losses, and a fixed h
 * would let the round-off term ε_mach |f| / h swamp the comparison.
 */
export function compare(
  data: Data,
  analytic: Float64Array,
  rows: Int32Array | null,
  cols: number,
  objective: () => number,
  f0: number,
  s: NumericSettings,
): Comparison {
  let checked = 0;
  let nonsmooth = 0;
  let maxError = 0;
  let worst: Comparison['worst'] = null;
  const visit = (i: number): void => {
    const x = data[i]!;
    const h = s.eps * Math.max(1, Math.abs(x));
    const xp = x + h;
    const xm = x - h;
    data[i] = xp;
    const fp = objective();
    data[i] = xm;
    const fm = objective();
    data[i] = x;
    const numeric = (fp - fm) / (xp - xm);
    // One-sided slopes agree to O(h f'') where f is smooth; a kink between them splits them.
    const right = (fp - f0) / (xp - x);
    const left = (f0 - fm) / (x - xm);
    if (Math.abs(right - left) > s.kinkTolerance * Math.max(1, Math.abs(right), Math.abs(left))) {
      nonsmooth++;
      return;
    }
    checked++;
    const a = analytic[i]!;
    const err = Math.abs(a - numeric) / Math.max(s.floor, Math.abs(a), Math.abs(numeric));
    const e = Number.isNaN(err) ? Infinity : err;
    if (worst === null || e > maxError) {
      maxError = Math.max(maxError, e);
      worst = { index: i, analytic: a, numeric };
    }
  };
  if (rows === null) {
    for (let i = 0; i < data.length; i++) visit(i);
  } else {
    for (const r of rows) for (let j = 0; j < cols; j++) visit(r * cols + j);
  }
  return { checked, nonsmooth, maxError, worst };
}
