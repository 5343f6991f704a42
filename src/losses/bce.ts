import { cached, expectShape } from '../layers/checks.js';
import { Module } from '../layers/module.js';
import { ArgumentError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * Binary cross-entropy on logits, averaged over the n elements:
 * L = (1/n) Σ w_i [max(z_i, 0) - y_i z_i + log(1 + e^{-|z_i|})], which is
 * -(1/n) Σ w_i [y_i log σ(z_i) + (1 - y_i) log(1 - σ(z_i))] written so that no
 * exp overflows (finite for |z| in the hundreds). Weights default to 1; the mean
 * divides by n, not by Σ w.
 *
 * The bceWithLogits kernel yields the loss and its gradient in one pass, so the
 * forward caches the gradient and backward hands it back.
 */
export class BCEWithLogitsLoss extends Module {
  private grad: Tensor | null = null;

  forward(logits: Tensor, targets: Tensor, weights?: Tensor): number {
    expectShape('BCEWithLogitsLoss', 'targets', targets, logits.shape);
    if (weights) expectShape('BCEWithLogitsLoss', 'weights', weights, logits.shape);
    checkTargets(targets);
    const n = logits.size;
    const g = this.buffer('grad', logits.shape, logits.dtype);
    const total = this.kernels.bceWithLogits(g, logits, targets, weights ?? null);
    this.grad = g;
    if (n === 0) return 0;
    this.kernels.scale(g, g, 1 / n);
    return total / n;
  }

  // ∂/∂z [softplus(z) - y z] = σ(z) - y
  // dL/dz_i = w_i (σ(z_i) - y_i) / n
  backward(): Tensor {
    return cached('BCEWithLogitsLoss', this.grad);
  }
}

/**
 * Targets are probabilities: 0/1 labels or soft targets in [0, 1]. Outside that
 * range the loss is no cross-entropy (y = 2 at z = 5 gives -4.99, below its
 * minimum 0), and NaN poisons the mean: both are errors naming the position.
 * One pass over n values per batch, next to the kernel's own pass.
 */
function checkTargets(targets: Tensor): void {
  const y = targets.data;
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (!(v >= 0 && v <= 1)) throw new ArgumentError('BCEWithLogitsLoss: targets', `target ${i} is ${v}; targets are probabilities in [0, 1]`);
  }
}
