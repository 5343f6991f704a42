import type { Initializer } from '../tensor/init.js';
import { initialize } from '../tensor/init.js';
import type { Rng } from '../tensor/rng.js';
import { Tensor, type DType } from '../tensor/tensor.js';
import { cached, expectShape, positiveInt } from './checks.js';
import { Module } from './module.js';
import type { Parameter } from './parameter.js';

export interface EmbeddingOptions {
  readonly rng: Rng;
  /** Defaults to N(0, 0.01), the NCF reference initialisation. */
  readonly init?: Initializer;
  readonly dtype?: DType;
}

/**
 * A lookup table [vocab, dim]. Its gradient is sparse: backward adds each row of
 * dy into the SparseRowGrad of `weight` (repeated ids add up), so a step costs
 * O(batch · dim) whatever the vocabulary size.
 */
export class Embedding extends Module {
  readonly weight: Parameter;
  private idStore = new Int32Array(0);
  private ids: Int32Array | null = null;

  constructor(
    readonly vocab: number,
    readonly dim: number,
    options: EmbeddingOptions,
  ) {
    super(options.dtype);
    positiveInt('Embedding', 'vocab', vocab);
    positiveInt('Embedding', 'dim', dim);
    const table = initialize(Tensor.zeros([vocab, dim], this.dtype), options.init ?? { kind: 'normal', std: 0.01 }, options.rng);
    this.weight = this.addParameter('weight', table, true);
  }

  /** y[r] = W[ids[r]]; the ids are copied, so the caller may reuse its array. */
  forward(ids: Int32Array): Tensor {
    const out = this.buffer('y', [ids.length, this.dim]);
    this.kernels.gatherRows(out, this.weight.value, ids);
    if (this.idStore.length < ids.length) {
      this.idStore = new Int32Array(ids.length);
      this.ids = null;
    }
    this.idStore.set(ids);
    if (this.ids === null || this.ids.length !== ids.length) this.ids = this.idStore.subarray(0, ids.length);
    return out;
  }

  // dW[v] += sum over r with ids[r] = v of dy[r]; rows no id touched get nothing
  // (and take no memory). There is no input gradient: ids are not differentiable.
  backward(dy: Tensor): void {
    const ids = cached('Embedding', this.ids);
    expectShape('Embedding', 'dy', dy, [ids.length, this.dim]);
    this.weight.sparseGrad.accumulate(ids, dy, this.kernels);
  }
}
