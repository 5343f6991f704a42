import { expectSameLength, finiteAt } from './summary.js';

/** RMSE = sqrt(mean((p_i - t_i)^2)). NaN for empty input; a non-finite prediction or target is an ArgumentError. */
export function rmse(predictions: ArrayLike<number>, targets: ArrayLike<number>): number {
  expectSameLength('targets', predictions, targets);
  let sum = 0;
  for (let i = 0; i < predictions.length; i++) {
    const e = finiteAt('predictions', 'prediction', predictions, i) - finiteAt('targets', 'target', targets, i);
    sum += e * e;
  }
  return predictions.length > 0 ? Math.sqrt(sum / predictions.length) : Number.NaN;
}

/** MAE = mean(|p_i - t_i|). NaN for empty input; a non-finite prediction or target is an ArgumentError. */
export function mae(predictions: ArrayLike<number>, targets: ArrayLike<number>): number {
  expectSameLength('targets', predictions, targets);
  let sum = 0;
  for (let i = 0; i < predictions.length; i++) sum += Math.abs(finiteAt('predictions', 'prediction', predictions, i) - finiteAt('targets', 'target', targets, i));
  return predictions.length > 0 ? sum / predictions.length : Number.NaN;
}
