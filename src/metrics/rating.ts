import { ArgumentError } from '../errors.js';
import { expectSameLength } from './summary.js';

/** RMSE = sqrt(mean((p_i - t_i)^2)). NaN for empty input. */
export function rmse(predictions: ArrayLike<number>, targets: ArrayLike<number>): number {
  expectSameLength('targets', predictions, targets);
  let sum = 0;
  for (let i = 0; i < predictions.length; i++) {
    const e = checked(predictions, i) - checkedTarget(targets, i);
    sum += e * e;
  }
  return predictions.length > 0 ? Math.sqrt(sum / predictions.length) : Number.NaN;
}

/** MAE = mean(|p_i - t_i|). NaN for empty input. */
export function mae(predictions: ArrayLike<number>, targets: ArrayLike<number>): number {
  expectSameLength('targets', predictions, targets);
  let sum = 0;
  for (let i = 0; i < predictions.length; i++) sum += Math.abs(checked(predictions, i) - checkedTarget(targets, i));
  return predictions.length > 0 ? sum / predictions.length : Number.NaN;
}

// A NaN prediction would silently turn the whole average into NaN; say where it is.
function checked(p: ArrayLike<number>, i: number): number {
  const v = p[i]!;
  if (v !== v) throw new ArgumentError('predictions', `prediction ${i} is NaN`);
  return v;
}

// A NaN target (a missing rating read as NaN) would do the same, from the other side.
function checkedTarget(t: ArrayLike<number>, i: number): number {
  const v = t[i]!;
  if (v !== v) throw new ArgumentError('targets', `target ${i} is NaN`);
  return v;
}
