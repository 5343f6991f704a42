import { Embedding } from '../layers/embedding.js';
import { RowDot } from '../layers/row-dot.js';
import type { Parameter } from '../layers/parameter.js';
import { Rng } from '../tensor/rng.js';
import { Tensor, type DType } from '../tensor/tensor.js';
import type { Batch } from './batch.js';
import { RecModel, type ModelConfig } from './model.js';

export interface MFConfig {
  numUsers: number;
  numItems: number;
  factors?: number;
  /** Starting value of the global bias: the mean rating for explicit data, 0 for implicit. */
  globalBias?: number;
  /** Std of the N(0, std) factor initialisation (default 0.01; biases start at 0). */
  initStd?: number;
  seed?: number;
  dtype?: DType;
}

/**
 * Biased matrix factorisation: s(u, i) = μ + b_u + b_i + p_u · q_i. Train it with
 * MSE on ratings (explicit) or BCE / BPR on implicit feedback.
 */
export class MF extends RecModel {
  readonly kind = 'mf';
  readonly factors: number;
  readonly userFactors: Embedding;
  readonly itemFactors: Embedding;
  readonly userBias: Embedding;
  readonly itemBias: Embedding;
  readonly globalBias: Parameter;
  private readonly dot = new RowDot();
  private readonly initStd: number;
  private readonly seed: number;
  private n = 0;

  constructor({ numUsers, numItems, factors = 8, globalBias = 0, initStd = 0.01, seed = 42, dtype = 'float32' }: MFConfig) {
    super(numUsers, numItems, dtype);
    const rng = new Rng(seed);
    this.factors = factors;
    this.initStd = initStd;
    this.seed = seed;
    const normal = { kind: 'normal', std: initStd } as const;
    this.userFactors = this.addModule('userFactors', new Embedding(numUsers, factors, { rng, init: normal, dtype }));
    this.itemFactors = this.addModule('itemFactors', new Embedding(numItems, factors, { rng, init: normal, dtype }));
    this.userBias = this.addModule('userBias', new Embedding(numUsers, 1, { rng, init: { kind: 'zeros' }, dtype }));
    this.itemBias = this.addModule('itemBias', new Embedding(numItems, 1, { rng, init: { kind: 'zeros' }, dtype }));
    this.globalBias = this.addParameter('globalBias', Tensor.full([1], globalBias, dtype));
  }

  forward(batch: Batch): Tensor {
    const n = (this.n = batch.size);
    const users = batch.users.subarray(0, n);
    const items = batch.items.subarray(0, n);
    const s = this.dot.forward(this.userFactors.forward(users), this.itemFactors.forward(items));
    const bu = this.userBias.forward(users).data;
    const bi = this.itemBias.forward(items).data;
    const out = this.buffer('logits', [n]);
    const mu = this.globalBias.value.data[0]!;
    for (let r = 0; r < n; r++) out.data[r] = mu + bu[r]! + bi[r]! + s.data[r]!;
    return out;
  }

  // Every term enters the sum with coefficient 1: db_u = db_i = dμ = ds, and the
  // dot product sends ds · q_i to p_u and ds · p_u to q_i.
  backward(dLogits: Tensor): void {
    const dy = dLogits.reshape([this.n, 1]);
    const [dp, dq] = this.dot.backward(dLogits.reshape([this.n]));
    this.userFactors.backward(dp);
    this.itemFactors.backward(dq);
    this.userBias.backward(dy);
    this.itemBias.backward(dy);
    const g = this.globalBias.denseGrad.data;
    for (let r = 0; r < this.n; r++) g[0] = g[0]! + dLogits.data[r]!;
  }

  /** All items for a batch of users at once: P_u Qᵀ plus the biases, one matmul. */
  override scoreAll(users: Int32Array, out: Float32Array): void {
    const m = this.numItems;
    const K = this.kernels;
    const pu = Tensor.zeros([users.length, this.factors], this.dtype);
    K.gatherRows(pu, this.userFactors.weight.value, users);
    const scores = this.dtype === 'float32' ? new Tensor(out.subarray(0, users.length * m), [users.length, m]) : Tensor.zeros([users.length, m], this.dtype);
    K.matmul(scores, pu, this.itemFactors.weight.value, false, true);
    const bu = this.userBias.weight.value.data;
    const bi = this.itemBias.weight.value.data;
    const mu = this.globalBias.value.data[0]!;
    for (let r = 0; r < users.length; r++) {
      const b = mu + bu[users[r]!]!;
      for (let i = 0; i < m; i++) out[r * m + i] = scores.data[r * m + i]! + b + bi[i]!;
    }
  }

  override itemEmbeddings(): Tensor {
    return this.itemFactors.weight.value;
  }

  config(): ModelConfig {
    return { kind: this.kind, numUsers: this.numUsers, numItems: this.numItems, factors: this.factors, initStd: this.initStd, seed: this.seed };
  }
}
