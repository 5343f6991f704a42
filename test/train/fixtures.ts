import { Module } from '../../src/layers/module.js';
import type { Parameter } from '../../src/layers/parameter.js';
import type { Batch } from '../../src/models/batch.js';
import { SGD } from '../../src/optim/sgd.js';
import { Tensor } from '../../src/tensor/tensor.js';
import type { EpochSource, TrainableModel } from '../../src/train/types.js';

/**
 * A model whose logits are a parameter: logit k is w[k], for a batch of n <= w.size
 * samples. The loss gradient `fit` hands back is recorded per batch, so tests can
 * compare it with the loss formulas; one SGD step with lr 1 subtracts it from w.
 */
export class LogitsModel extends Module implements TrainableModel {
  readonly w: Parameter;
  readonly grads: number[][] = [];
  private n = 0;

  constructor(logits: number[]) {
    super('float64');
    this.w = this.addParameter('w', Tensor.fromFlat(logits, [logits.length], 'float64'));
  }

  forward(batch: Batch): Tensor {
    this.n = batch.size;
    return this.w.value.sliceRows(0, batch.size);
  }

  backward(dLogits: Tensor): void {
    this.grads.push(Array.from(dLogits.data.subarray(0, this.n)));
    const g = this.w.denseGrad.data;
    for (let k = 0; k < this.n; k++) g[k] = g[k]! + dLogits.data[k]!;
  }
}

/** The same fixed batches every epoch. */
export function fixedSource(batches: Array<{ labels: number[]; users?: number[]; items?: number[] }>): EpochSource {
  const made: Batch[] = batches.map(({ labels, users, items }) => ({
    size: labels.length,
    users: Int32Array.from(users ?? labels.map(() => 0)),
    items: Int32Array.from(items ?? labels.map(() => 0)),
    labels: Float32Array.from(labels),
  }));
  return { batchesPerEpoch: made.length, epoch: () => made };
}

/** SGD that records the learning rate and the global gradient norm it saw at every step. */
export class RecordingSGD extends SGD {
  readonly lrs: number[] = [];
  readonly norms: number[] = [];
  override step(): void {
    this.lrs.push(this.lr);
    let sq = 0;
    for (const p of this.params) {
      const g = p.sparse ? p.sparseGrad.values.data : p.denseGrad.data;
      for (let i = 0; i < g.length; i++) sq += g[i]! * g[i]!;
    }
    this.norms.push(Math.sqrt(sq));
    super.step();
  }
}

export const softplus = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
