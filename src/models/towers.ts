import type { KernelSet } from '../../kernels/index.js';
import { Concat } from '../layers/concat.js';
import { Embedding } from '../layers/embedding.js';
import { Module } from '../layers/module.js';
import { Multiply } from '../layers/multiply.js';
import { mlp, type ActivationName } from '../layers/sequential.js';
import type { Sequential } from '../layers/sequential.js';
import type { Initializer } from '../tensor/init.js';
import type { Rng } from '../tensor/rng.js';
import type { DType, Tensor } from '../tensor/tensor.js';

/**
 * The per-sample L2 penalty λ(|p_u|² + |q_i|²) averaged over the batch adds
 * 2λ/n · row to the gradient of each looked-up row (so a row is regularised as
 * often as it is seen). `rows` is the embedding's forward output.
 */
function penalise(K: KernelSet, grad: Tensor, rows: Tensor | null, l2: number): void {
  if (l2 > 0 && rows) K.axpy(grad, (2 * l2) / grad.rows, rows);
}

/** The generalised matrix factorisation tower of NCF: φ = p_u ⊙ q_i, [n, factors]. */
export class GmfTower extends Module {
  readonly user: Embedding;
  readonly item: Embedding;
  /** Per-sample L2 penalty on the looked-up rows (see penalise). */
  l2 = 0;
  private readonly product = new Multiply();
  private p: Tensor | null = null;
  private q: Tensor | null = null;

  constructor(numUsers: number, numItems: number, readonly factors: number, rng: Rng, init: Initializer, dtype: DType) {
    super(dtype);
    this.user = this.addModule('user', new Embedding(numUsers, factors, { rng, init, dtype }));
    this.item = this.addModule('item', new Embedding(numItems, factors, { rng, init, dtype }));
  }

  forward(users: Int32Array, items: Int32Array): Tensor {
    this.p = this.user.forward(users);
    this.q = this.item.forward(items);
    return this.product.forward(this.p, this.q);
  }

  // φ = p ⊙ q:  dp = dφ ⊙ q,  dq = dφ ⊙ p; each embedding adds its rows sparsely.
  backward(dy: Tensor): void {
    const [dp, dq] = this.product.backward(dy);
    penalise(this.kernels, dp, this.p, this.l2);
    penalise(this.kernels, dq, this.q, this.l2);
    this.user.backward(dp);
    this.item.backward(dq);
  }
}

export interface MlpTowerOptions {
  /** Layer sizes; the first is the concatenated input, so each embedding has sizes[0] / 2 dims. */
  layers: readonly number[];
  activation?: ActivationName;
  dropout?: number;
  linearInit?: Initializer;
  /** Extra input columns appended after [p_u | q_i] (ANCF's history summary); default 0. */
  extraInputs?: number;
}

/** The MLP tower of NCF: ψ = MLP([p_u | q_i (| extra)]), [n, layers.at(-1)]. */
export class MlpTower extends Module {
  readonly user: Embedding;
  readonly item: Embedding;
  readonly net: Sequential;
  private readonly join = new Concat();
  private readonly extra: number;
  /** Width of ψ. */
  readonly outputs: number;
  /** Gradient of the extra input block after backward, when there is one. */
  extraGrad: Tensor | null = null;
  /** Per-sample L2 penalty on the looked-up embedding rows (see penalise). */
  l2 = 0;
  private p: Tensor | null = null;
  private q: Tensor | null = null;

  constructor(numUsers: number, numItems: number, rng: Rng, embeddingInit: Initializer, options: MlpTowerOptions, dtype: DType) {
    super(dtype);
    const [first] = options.layers;
    const half = Math.floor((first ?? 0) / 2);
    this.extra = options.extraInputs ?? 0;
    this.user = this.addModule('user', new Embedding(numUsers, half, { rng, init: embeddingInit, dtype }));
    this.item = this.addModule('item', new Embedding(numItems, half, { rng, init: embeddingInit, dtype }));
    const sizes = [2 * half + this.extra, ...options.layers.slice(1)];
    this.outputs = sizes.at(-1)!;
    this.net = this.addModule(
      'net',
      mlp(sizes, {
        rng,
        dtype,
        ...(options.activation ? { activation: options.activation } : {}),
        ...(options.dropout ? { dropout: options.dropout } : {}),
        ...(options.linearInit ? { init: options.linearInit } : {}),
      }),
    );
  }

  forward(users: Int32Array, items: Int32Array, extra?: Tensor): Tensor {
    this.p = this.user.forward(users);
    this.q = this.item.forward(items);
    const parts = [this.p, this.q];
    if (extra) parts.push(extra);
    return this.net.forward(this.join.forward(parts));
  }

  // Back through the MLP, then the concatenation splits the gradient per input.
  backward(dy: Tensor): void {
    const grads = this.join.backward(this.net.backward(dy));
    penalise(this.kernels, grads[0]!, this.p, this.l2);
    penalise(this.kernels, grads[1]!, this.q, this.l2);
    this.user.backward(grads[0]!);
    this.item.backward(grads[1]!);
    this.extraGrad = this.extra > 0 ? grads[2]! : null;
  }
}
