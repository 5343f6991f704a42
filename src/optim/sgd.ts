import type { Data } from '../tensor/tensor.js';
import type { Parameter } from '../layers/parameter.js';
import { ArgumentError } from '../errors.js';
import { Optimizer, checkRange, type RowSet } from './optimizer.js';

export interface SgdOptions {
  lr?: number;
  /** Learning-rate multiplier for sparse (embedding) parameters; default 1. */
  sparseLrScale?: number;
  momentum?: number;
  nesterov?: boolean;
  /** L2 penalty added to the gradient: g + wd·w. */
  weightDecay?: number;
}

/**
 * g' = g + wd·w;  b = μ·b + g';  step = nesterov ? g' + μ·b : b;  w -= lr · step.
 * (PyTorch's convention, without dampening.)
 */
export class SGD extends Optimizer {
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;

  constructor(params: readonly Parameter[], { lr = 0.01, momentum = 0, nesterov = false, weightDecay = 0, sparseLrScale = 1 }: SgdOptions = {}) {
    super(params, lr, momentum > 0 ? 1 : 0, sparseLrScale);
    checkRange('momentum', momentum, 0, 1, true);
    checkRange('weightDecay', weightDecay, 0, Infinity);
    if (nesterov && momentum === 0) throw new ArgumentError('nesterov', 'needs momentum > 0');
    this.momentum = momentum;
    this.nesterov = nesterov;
    this.weightDecay = weightDecay;
  }

  protected updateRows(lr: number, w: Data, g: Data, state: Data[], { rows, count, dim }: RowSet): void {
    const { momentum: mu, weightDecay: wd, nesterov } = this;
    const buf = state[0];
    for (let s = 0; s < count; s++) {
      const vOff = rows[s]! * dim;
      const gOff = s * dim;
      for (let j = 0; j < dim; j++) {
        const i = vOff + j;
        const gi = g[gOff + j]! + wd * w[i]!;
        let step = gi;
        if (buf) {
          const b = mu * buf[i]! + gi;
          buf[i] = b;
          step = nesterov ? gi + mu * b : b;
        }
        w[i] = w[i]! - lr * step;
      }
    }
  }
}
