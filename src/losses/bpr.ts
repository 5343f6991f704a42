import { cached, expectShape } from '../layers/checks.js';
import { Module } from '../layers/module.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * Bayesian personalised ranking: L = (1/n) Σ -log σ(pos_i - neg_i) over paired
 * scores of the same shape. With d = pos - neg, -log σ(d) = softplus(-d) is the
 * BCE of logit d against target 1, so the stable bceWithLogits kernel computes it.
 * For several negatives per positive, repeat the positive's score.
 */
export class BPRLoss extends Module {
  private dPos: Tensor | null = null;
  private dNeg: Tensor | null = null;

  forward(pos: Tensor, neg: Tensor): number {
    expectShape('BPRLoss', 'neg', neg, pos.shape);
    const K = this.kernels;
    const n = pos.size;
    const diff = this.buffer('diff', pos.shape, pos.dtype);
    K.sub(diff, pos, neg);
    const ones = this.buffer('ones', pos.shape, pos.dtype);
    K.fill(ones, 1);
    const dPos = this.buffer('dPos', pos.shape, pos.dtype);
    const total = K.bceWithLogits(dPos, diff, ones);
    const dNeg = this.buffer('dNeg', pos.shape, pos.dtype);
    if (n > 0) K.scale(dPos, dPos, 1 / n);
    K.scale(dNeg, dPos, -1);
    this.dPos = dPos;
    this.dNeg = dNeg;
    return n === 0 ? 0 : total / n;
  }

  // d/dd [-log σ(d)] = σ(d) - 1, and ∂d/∂pos = 1, ∂d/∂neg = -1
  // dpos_i = (σ(d_i) - 1) / n,  dneg_i = -dpos_i
  backward(): [Tensor, Tensor] {
    return [cached('BPRLoss', this.dPos), this.dNeg!];
  }
}
