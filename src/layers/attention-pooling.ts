import { ArgumentError, ShapeError } from '../errors.js';
import type { Initializer } from '../tensor/init.js';
import { initialize } from '../tensor/init.js';
import type { Rng } from '../tensor/rng.js';
import { Tensor, type DType } from '../tensor/tensor.js';
import { cached, dims, expectRank, expectShape, positiveInt } from './checks.js';
import { Module } from './module.js';
import type { Parameter } from './parameter.js';

export interface AttentionPoolingOptions {
  readonly rng: Rng;
  /** 'mlp' (default): a_j = hᵀ ReLU(W (q ⊙ k_j) + b), as in NAIS / DIN. 'dot': a_j = q · k_j / √d. */
  readonly scoring?: 'mlp' | 'dot';
  /** Hidden width of the 'mlp' scorer (default: dim). */
  readonly attentionDim?: number;
  /** NAIS smoothing exponent on the softmax denominator, in (0, 1]; default 1 (plain softmax). */
  readonly beta?: number;
  /** For W and h (default Xavier uniform); b starts at zero. */
  readonly init?: Initializer;
  readonly dtype?: DType;
}

/**
 * Target-aware attention over a padded history: for each row i, a query q_i [d]
 * (the target item), keys k_i1 … k_iL [d] (the user's history, padded) of which
 * the first lengths[i] are real. Output o_i = Σ_j p_ij k_ij with
 * p_i = masked softmax(a_i) (denominator raised to beta). Padded slots get
 * weight 0 and exactly zero gradient; an empty history gives o_i = 0.
 *
 * The 'mlp' scorer works on the n·L (query, key) pairs as one [n·L, d] matrix:
 * the query is expanded per slot with gatherRows (backward: scatterAddRows), so
 * both passes are a few large matmuls plus the pooling batchMatmul.
 */
export class AttentionPooling extends Module {
  readonly scoring: 'mlp' | 'dot';
  readonly attentionDim: number;
  readonly beta: number;
  /** W [dim, attentionDim], b [attentionDim], h [attentionDim]; null with 'dot' scoring. */
  readonly weight: Parameter | null = null;
  readonly bias: Parameter | null = null;
  readonly projection: Parameter | null = null;

  // Forward cache: exactly what backward reads.
  private q: Tensor | null = null;
  private keys: Tensor | null = null;
  private lengths = new Int32Array(0);
  private p: Tensor | null = null; // softmax weights [n, L]
  private e: Tensor | null = null; // q ⊙ k per slot [n·L, d] ('mlp')
  private r: Tensor | null = null; // ReLU(e W + b) [n·L, A] ('mlp')
  private qExp: Tensor | null = null; // q repeated per slot [n·L, d] ('mlp')
  private expand = new Int32Array(0); // expand[i·L + j] = i
  private expandSub = new Int32Array(0);
  private expandFor = [-1, -1];

  constructor(
    readonly dim: number,
    options: AttentionPoolingOptions,
  ) {
    super(options.dtype);
    positiveInt('AttentionPooling', 'dim', dim);
    this.scoring = options.scoring ?? 'mlp';
    if (this.scoring !== 'mlp' && this.scoring !== 'dot') {
      throw new ArgumentError('AttentionPooling: scoring', `expected 'mlp' or 'dot', got ${JSON.stringify(this.scoring)}`);
    }
    this.attentionDim = options.attentionDim ?? dim;
    positiveInt('AttentionPooling', 'attentionDim', this.attentionDim);
    this.beta = options.beta ?? 1;
    if (!(this.beta > 0 && this.beta <= 1)) throw new ArgumentError('AttentionPooling: beta', `must be in (0, 1], got ${this.beta}`);
    if (this.scoring === 'mlp') {
      const init = options.init ?? { kind: 'xavierUniform' };
      const A = this.attentionDim;
      this.weight = this.addParameter('weight', initialize(Tensor.zeros([dim, A], this.dtype), init, options.rng));
      this.bias = this.addParameter('bias', Tensor.zeros([A], this.dtype));
      this.projection = this.addParameter('projection', initialize(Tensor.zeros([A], this.dtype), init, options.rng));
    }
  }

  forward(query: Tensor, keys: Tensor, lengths: Int32Array): Tensor {
    expectRank('AttentionPooling', 'keys', keys, 3);
    const [n, L, d] = keys.shape as [number, number, number];
    if (d !== this.dim) throw new ShapeError(`AttentionPooling: keys is ${dims(keys)}, expected [n, L, ${this.dim}]`);
    expectShape('AttentionPooling', 'query', query, [n, d]);
    if (lengths.length !== n) throw new ShapeError(`AttentionPooling: lengths has ${lengths.length} entries for ${n} rows`);
    const K = this.kernels;
    const s = this.buffer('scores', [n, L]);
    if (this.scoring === 'mlp') {
      const A = this.attentionDim;
      const idx = this.expandIndex(n, L);
      const qExp = this.buffer('qExp', [n * L, d]);
      K.gatherRows(qExp, query, idx);
      const e = this.buffer('e', [n * L, d]);
      K.mul(e, qExp, keys.reshape([n * L, d]));
      const r = this.buffer('r', [n * L, A]);
      K.matmul(r, e, this.weight!.value);
      K.addRowVector(r, r, this.bias!.value);
      K.relu(r, r);
      K.matmul(s.reshape([n * L, 1]), r, this.projection!.value.reshape([A, 1]));
      this.qExp = qExp;
      this.e = e;
      this.r = r;
    } else {
      K.batchMatmul(s.reshape([n, 1, L]), query.reshape([n, 1, d]), keys, false, true);
      K.scale(s, s, 1 / Math.sqrt(d));
    }
    const p = this.buffer('p', [n, L]);
    K.softmaxRows(p, s, lengths, this.beta);
    const out = this.buffer('out', [n, d]);
    K.batchMatmul(out.reshape([n, 1, d]), p.reshape([n, 1, L]), keys);
    if (this.lengths.length < n) this.lengths = new Int32Array(n);
    this.lengths.set(lengths);
    this.q = query;
    this.keys = keys;
    this.p = p;
    return out;
  }

  // o_i = Σ_j p_ij k_ij:   dp_ij = dy_i · k_ij,   dk_ij = p_ij dy_i
  // softmax (masked):     da = softmaxBackward(p, dp), zero on padded slots
  // 'dot', a_ij = q_i·k_ij/√d:   dq_i = Σ_j da_ij k_ij/√d,   dk_ij += da_ij q_i/√d
  // 'mlp', a = hᵀ r, r = ReLU(z), z = e W + b, e = q ⊙ k:
  //   dh += rᵀ da,  dz = (da hᵀ) ⊙ [r > 0],  dW += eᵀ dz,  db += Σ dz,  de = dz Wᵀ,
  //   dk += de ⊙ q,  dq_i = Σ_j de_ij ⊙ k_ij
  backward(dy: Tensor): { dQuery: Tensor; dKeys: Tensor } {
    const keys = cached('AttentionPooling', this.keys);
    const q = this.q!;
    const p = this.p!;
    const [n, L, d] = keys.shape as [number, number, number];
    expectShape('AttentionPooling', 'dy', dy, [n, d]);
    const lengths = this.lengths.subarray(0, n);
    const K = this.kernels;
    const dy3 = dy.reshape([n, 1, d]);
    const dp = this.buffer('dp', [n, L]);
    K.batchMatmul(dp.reshape([n, 1, L]), dy3, keys, false, true);
    const dKeys = this.buffer('dKeys', [n, L, d]);
    K.batchMatmul(dKeys, p.reshape([n, 1, L]), dy3, true, false);
    const da = this.buffer('da', [n, L]);
    K.softmaxRowsBackward(da, p, dp, lengths, this.beta);
    const dq = this.buffer('dq', [n, d]);
    if (this.scoring === 'mlp') {
      const A = this.attentionDim;
      const r = this.r!;
      const daCol = da.reshape([n * L, 1]);
      K.matmul(this.projection!.denseGrad.reshape([A, 1]), r, daCol, true, false, true);
      const dz = this.buffer('dz', [n * L, A]);
      K.matmul(dz, daCol, this.projection!.value.reshape([A, 1]), false, true);
      K.reluBackward(dz, r, dz);
      K.matmul(this.weight!.denseGrad, this.e!, dz, true, false, true);
      K.sumCols(this.bias!.denseGrad, dz, true);
      const de = this.buffer('de', [n * L, d]);
      K.matmul(de, dz, this.weight!.value, false, true);
      const tmp = this.buffer('tmp', [n * L, d]);
      K.mul(tmp, de, this.qExp!);
      K.axpy(dKeys.reshape([n * L, d]), 1, tmp);
      K.mul(tmp, de, keys.reshape([n * L, d]));
      K.fill(dq, 0);
      K.scatterAddRows(dq, this.expandIndex(n, L), tmp);
    } else {
      const c = 1 / Math.sqrt(d);
      K.scale(da, da, c);
      const da3 = da.reshape([n, 1, L]);
      K.batchMatmul(dq.reshape([n, 1, d]), da3, keys);
      K.batchMatmul(dKeys, da3, q.reshape([n, 1, d]), true, false, true);
    }
    return { dQuery: dq, dKeys };
  }

  /** expand[i·L + j] = i, rebuilt only when (n, L) changes. */
  private expandIndex(n: number, L: number): Int32Array {
    if (this.expandFor[0] !== n || this.expandFor[1] !== L) {
      if (this.expand.length < n * L) this.expand = new Int32Array(n * L);
      for (let i = 0; i < n; i++) this.expand.fill(i, i * L, (i + 1) * L);
      this.expandFor = [n, L];
      this.expandSub = this.expand.subarray(0, n * L);
    }
    return this.expandSub;
  }
}
