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
  /**
   * Per-sample L2 penalty: each sample adds λ(|p_u|² + |q_i|² + b_u² + b_i²) to its
   * loss, so a row is regularised as often as it is seen (Funk's SGD, Surprise's
   * SVD). It scales with the batch mean like the data term. Default 0.
   */
  l2?: number;
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
  readonly l2: number;
  private n = 0;
  /** The looked-up rows of the last forward (the penalty's gradient reads them). */
  private rows: Record<'pu' | 'qi' | 'bu' | 'bi', Tensor> | null = null;

  constructor({ numUsers, numItems, factors = 8, globalBias = 0, initStd = 0.01, l2 = 0, seed = 42, dtype = 'float32' }: MFConfig) {
    super(numUsers, numItems, dtype);
    const rng = new Rng(seed);
    this.factors = factors;
    this.initStd = initStd;
    this.seed = seed;
    this.l2 = l2;
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
    const pu = this.userFactors.forward(users);
    const qi = this.itemFactors.forward(items);
    const s = this.dot.forward(pu, qi);
    const bu = this.userBias.forward(users);
    const bi = this.itemBias.forward(items);
    this.rows = { pu, qi, bu, bi };
    const out = this.buffer('logits', [n]);
    const mu = this.globalBias.value.data[0]!;
    for (let r = 0; r < n; r++) out.data[r] = mu + bu.data[r]! + bi.data[r]! + s.data[r]!;
    return out;
  }

  // With the per-sample penalty, each row also gets 2λ/n times its value per occurrence.
  backward(dLogits: Tensor): void {
    const n = this.n;
    const dy = dLogits.reshape([n, 1]);
    const [dp, dq] = this.dot.backward(dLogits.reshape([n]));
    if (this.l2 > 0) {
      const c = (2 * this.l2) / n;
      const K = this.kernels;
      const rows = this.rows!;
      K.axpy(dp, c, rows.pu);
      K.axpy(dq, c, rows.qi);
      const bu = this.buffer('dbu', [n, 1]);
      const bi = this.buffer('dbi', [n, 1]);
      K.scale(bu, rows.bu, c);
      K.add(bu, bu, dy);
      K.scale(bi, rows.bi, c);
      K.add(bi, bi, dy);
      this.userFactors.backward(dp);
      this.itemFactors.backward(dq);
      this.userBias.backward(bu);
      this.itemBias.backward(bi);
    } else {
      this.userFactors.backward(dp);
      this.itemFactors.backward(dq);
      this.userBias.backward(dy);
      this.itemBias.backward(dy);
    }
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
    K.scoreUsers(scores, pu, this.itemFactors.weight.value);
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
    // dtype too: a float64 checkpoint restores only into a float64 model.
    return { kind: this.kind, numUsers: this.numUsers, numItems: this.numItems, factors: this.factors, initStd: this.initStd, l2: this.l2, seed: this.seed, dtype: this.dtype };
  }
}
