import type { Data } from '../tensor/tensor.js';
import type { Parameter } from '../layers/parameter.js';
import { Optimizer, checkRange, type RowSet } from './optimizer.js';

export interface AdagradOptions {
  lr?: number;
  /** Learning-rate multiplier for sparse (embedding) parameters; default 1. */
  sparseLrScale?: number;
  eps?: number;
  weightDecay?: number;
  initialAccumulator?: number;
}

/** G += g²;  w -= lr · g / (sqrt(G) + ε). */
export class Adagrad extends Optimizer {
  readonly eps: number;
  readonly weightDecay: number;

  constructor(params: readonly Parameter[], { lr = 0.01, eps = 1e-10, weightDecay = 0, initialAccumulator = 0, sparseLrScale = 1 }: AdagradOptions = {}) {
    super(params, lr, 1, sparseLrScale);
    checkRange('eps', eps, 0, Infinity);
    checkRange('weightDecay', weightDecay, 0, Infinity);
    checkRange('initialAccumulator', initialAccumulator, 0, Infinity);
    this.eps = eps;
    this.weightDecay = weightDecay;
    for (const [acc] of this.state) acc!.fill(initialAccumulator);
  }

  protected updateRows(lr: number, w: Data, g: Data, state: Data[], { rows, count, dim }: RowSet): void {
    const { eps, weightDecay: wd } = this;
    const acc = state[0]!;
    for (let s = 0; s < count; s++) {
      const vOff = rows[s]! * dim;
      const gOff = s * dim;
      for (let j = 0; j < dim; j++) {
        const i = vOff + j;
        const gi = g[gOff + j]! + wd * w[i]!;
        const a = acc[i]! + gi * gi;
        acc[i] = a;
        w[i] = w[i]! - (lr * gi) / (Math.sqrt(a) + eps);
      }
    }
  }
}
