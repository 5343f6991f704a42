import { ArgumentError, LayerStateError } from '../errors.js';
import { Embedding } from '../layers/embedding.js';
import { RowDot } from '../layers/row-dot.js';
import type { Parameter } from '../layers/parameter.js';
import { Rng } from '../tensor/rng.js';
import { Tensor, type DType } from '../tensor/tensor.js';
import type { Batch } from './batch.js';
import { finiteNonNegative } from '../checks.js';
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
  /**
   * The per-sample penalty's weight on the biases, when it should differ from the
   * factors': each sample then adds λ(|p_u|² + |q_i|²) + λ_b(b_u² + b_i²). Biases are
   * one number each and well determined by the data, so they want far less shrinkage
   * than the factors (Koren, Bell & Volinsky 2009 tune the two apart). Default: `l2`.
   */
  l2Bias?: number;
  /**
   * Exponent ν of the frequency-scaled factor penalty (Rendle et al. 2022, iALS
   * revisited; Srebro & Salakhutdinov 2010's weighted trace norm is ν = 1). A row seen
   * n times in training pays λ n̄^(1-ν) n^ν |p|² in total, n̄ the mean count of the
   * rows seen at all: per sample, λ (n/n̄)^(ν-1) |p_u|². ν = 1 (default) is the plain
   * per-sample penalty; ν < 1 shrinks rare rows harder and frequent rows less (on
   * MovieLens 100K ν = 0.5 lowers the 5-fold RMSE by ~0.003). Any ν ≠ 1 needs the
   * training counts: call `setRowCounts` before training.
   */
  l2Exponent?: number;
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
  readonly l2Bias: number;
  readonly l2Exponent: number;
  /** Per-row factor penalty weights (n/n̄)^(ν-1), set by setRowCounts; null while ν = 1. */
  private rowWeights: { users: Float64Array; items: Float64Array } | null = null;
  private n = 0;
  /** The looked-up rows of the last forward (the penalty's gradient reads them). */
  private rows: Record<'pu' | 'qi' | 'bu' | 'bi', Tensor> | null = null;
  /** The batch's ids (the frequency-scaled penalty looks their weights up). */
  private users: Int32Array = new Int32Array(0);
  private items: Int32Array = new Int32Array(0);

  constructor({ numUsers, numItems, factors = 8, globalBias = 0, initStd = 0.01, l2 = 0, l2Bias = l2, l2Exponent = 1, seed = 42, dtype = 'float32' }: MFConfig) {
    super(numUsers, numItems, dtype);
    const rng = new Rng(seed);
    this.factors = factors;
    this.initStd = initStd;
    this.seed = seed;
    finiteNonNegative('l2', l2);
    finiteNonNegative('l2Bias', l2Bias);
    this.l2 = l2;
    this.l2Bias = l2Bias;
    if (!Number.isFinite(l2Exponent)) throw new ArgumentError('l2Exponent', `must be a finite number, got ${l2Exponent}`);
    this.l2Exponent = l2Exponent;
    const normal = { kind: 'normal', std: initStd } as const;
    this.userFactors = this.addModule('userFactors', new Embedding(numUsers, factors, { rng, init: normal, dtype }));
    this.itemFactors = this.addModule('itemFactors', new Embedding(numItems, factors, { rng, init: normal, dtype }));
    this.userBias = this.addModule('userBias', new Embedding(numUsers, 1, { rng, init: { kind: 'zeros' }, dtype }));
    this.itemBias = this.addModule('itemBias', new Embedding(numItems, 1, { rng, init: { kind: 'zeros' }, dtype }));
    this.globalBias = this.addParameter('globalBias', Tensor.full([1], globalBias, dtype));
  }

  /**
   * The training pairs' users and items, counted per row for the frequency-scaled
   * penalty (l2Exponent ≠ 1). Rows never seen get weight 0: no sample touches them.
   * Not part of a checkpoint: call it again before training a restored model further.
   */
  setRowCounts(users: ArrayLike<number>, items: ArrayLike<number>): void {
    const weights = (ids: ArrayLike<number>, size: number, field: string): Float64Array => {
      const count = new Float64Array(size);
      for (let k = 0; k < ids.length; k++) {
        const id = ids[k]!;
        if (!(Number.isInteger(id) && id >= 0 && id < size)) throw new ArgumentError(field, `entry ${k}: id ${id} is outside [0, ${size})`);
        count[id]!++;
      }
      let seen = 0;
      for (const c of count) if (c > 0) seen++;
      const mean = ids.length / Math.max(1, seen);
      const nu = this.l2Exponent;
      for (let r = 0; r < size; r++) count[r] = count[r]! > 0 ? (count[r]! / mean) ** (nu - 1) : 0;
      return count;
    };
    this.rowWeights = { users: weights(users, this.numUsers, 'users'), items: weights(items, this.numItems, 'items') };
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
    this.users = users;
    this.items = items;
    const out = this.buffer('logits', [n]);
    const mu = this.globalBias.value.data[0]!;
    for (let r = 0; r < n; r++) out.data[r] = mu + bu.data[r]! + bi.data[r]! + s.data[r]!;
    return out;
  }

  // With the per-sample penalty, each factor row also gets 2λ/n times its value per
  // occurrence, and each bias 2λ_b/n times its value.
  backward(dLogits: Tensor): void {
    const n = this.n;
    const dy = dLogits.reshape([n, 1]);
    const [dp, dq] = this.dot.backward(dLogits.reshape([n]));
    const K = this.kernels;
    const rows = this.rows!;
    if (this.l2 > 0 && this.l2Exponent === 1) {
      const c = (2 * this.l2) / n;
      K.axpy(dp, c, rows.pu);
      K.axpy(dq, c, rows.qi);
    } else if (this.l2 > 0) {
      // Row r of the batch gets 2λ a_u / n · p_u, a_u = (n_u/n̄)^(ν-1).
      const w = this.rowWeights;
      if (!w) throw new LayerStateError('MF', `l2Exponent ${this.l2Exponent} needs setRowCounts(users, items) before training`);
      const c = (2 * this.l2) / n;
      const d = this.factors;
      for (let r = 0; r < n; r++) {
        const cu = c * w.users[this.users[r]!]!;
        const ci = c * w.items[this.items[r]!]!;
        for (let j = r * d; j < (r + 1) * d; j++) {
          dp.data[j] = dp.data[j]! + cu * rows.pu.data[j]!;
          dq.data[j] = dq.data[j]! + ci * rows.qi.data[j]!;
        }
      }
    }
    this.userFactors.backward(dp);
    this.itemFactors.backward(dq);
    if (this.l2Bias > 0) {
      const c = (2 * this.l2Bias) / n;
      const bu = this.buffer('dbu', [n, 1]);
      const bi = this.buffer('dbi', [n, 1]);
      K.scale(bu, rows.bu, c);
      K.add(bu, bu, dy);
      K.scale(bi, rows.bi, c);
      K.add(bi, bi, dy);
      this.userBias.backward(bu);
      this.itemBias.backward(bi);
    } else {
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
    return { kind: this.kind, numUsers: this.numUsers, numItems: this.numItems, factors: this.factors, initStd: this.initStd, l2: this.l2, l2Bias: this.l2Bias, l2Exponent: this.l2Exponent, seed: this.seed, dtype: this.dtype };
  }
}
