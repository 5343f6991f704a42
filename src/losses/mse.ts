import { cached, expectShape } from '../layers/checks.js';
import { Module } from '../layers/module.js';
import type { Tensor } from '../tensor/tensor.js';

/** Mean squared error: L = (1/n) Σ w_i (p_i - t_i)², weights defaulting to 1. */
export class MSELoss extends Module {
  private grad: Tensor | null = null;

  forward(pred: Tensor, targets: Tensor, weights?: Tensor): number {
    expectShape('MSELoss', 'targets', targets, pred.shape);
    if (weights) expectShape('MSELoss', 'weights', weights, pred.shape);
    const n = pred.size;
    const g = this.buffer('grad', pred.shape, pred.dtype);
    const total = this.kernels.mse(g, pred, targets, weights ?? null);
    this.grad = g;
    if (n === 0) return 0;
    this.kernels.scale(g, g, 1 / n);
    return total / n;
  }

  // ∂/∂p (p - t)² = 2 (p - t)
  // dL/dp_i = 2 w_i (p_i - t_i) / n
  backward(): Tensor {
    return cached('MSELoss', this.grad);
  }
}
