import type { Tensor } from '../../src/tensor/tensor.js';
import { expectSameSize } from '../shapes.js';
import { sigmoidScalar } from './activations.js';

/**
 * BCE from logits without overflow: l = max(z, 0) - z·y + log(1 + exp(-|z|)),
 * and dl/dz = sigmoid(z) - y. Both stay finite for |z| in the hundreds.
 */
export function bceWithLogits(grad: Tensor | null, logits: Tensor, targets: Tensor, weights: Tensor | null = null): number {
  expectSameSize('bceWithLogits', logits, targets, ...(grad ? [grad] : []), ...(weights ? [weights] : []));
  const z = logits.data, y = targets.data, w = weights?.data, g = grad?.data;
  let total = 0;
  for (let i = 0; i < z.length; i++) {
    const zi = z[i]!;
    const yi = y[i]!;
    const wi = w ? w[i]! : 1;
    total += wi * (Math.max(zi, 0) - zi * yi + Math.log1p(Math.exp(-Math.abs(zi))));
    if (g) g[i] = wi * (sigmoidScalar(zi) - yi);
  }
  return total;
}

/** sum_i w_i (p_i - t_i)², with gradient 2 w_i (p_i - t_i). */
export function mse(grad: Tensor | null, pred: Tensor, targets: Tensor, weights: Tensor | null = null): number {
  expectSameSize('mse', pred, targets, ...(grad ? [grad] : []), ...(weights ? [weights] : []));
  const p = pred.data, t = targets.data, w = weights?.data, g = grad?.data;
  let total = 0;
  for (let i = 0; i < p.length; i++) {
    const d = p[i]! - t[i]!;
    const wi = w ? w[i]! : 1;
    total += wi * d * d;
    if (g) g[i] = 2 * wi * d;
  }
  return total;
}
