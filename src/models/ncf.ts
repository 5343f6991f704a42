import { Concat } from '../layers/concat.js';
import { Linear } from '../layers/linear.js';
import type { ActivationName } from '../layers/sequential.js';
import type { Initializer } from '../tensor/init.js';
import { Rng } from '../tensor/rng.js';
import type { DType, Tensor } from '../tensor/tensor.js';
import type { Batch } from './batch.js';
import { finiteNonNegative } from '../checks.js';
import { RecModel, type ModelConfig } from './model.js';
import { GmfTower, MlpTower } from './towers.js';

export interface NcfConfig {
  numUsers: number;
  numItems: number;
  /** GMF embedding size (predictive factors). Default 8. */
  factors?: number;
  /** MLP sizes, input first. Default [64, 32, 16, 8]. */
  layers?: readonly number[];
  activation?: ActivationName;
  dropout?: number;
  /** Std of the N(0, std) embedding initialisation; NCF uses 0.01. */
  embeddingStd?: number;
  /** Std for the MLP tower's embeddings (defaults to embeddingStd). */
  mlpEmbeddingStd?: number;
  /** Initialiser of the MLP's Linear layers (default Xavier uniform). */
  linearInit?: Initializer;
  /**
   * Per-sample L2 penalty on the embedding rows a batch looks up: each sample adds
   * λ(|p_u|² + |q_i|²) per tower to its loss. Default 0 (the NCF recipe).
   */
  l2?: number;
  seed?: number;
  dtype?: DType;
}

type Resolved = Required<Omit<NcfConfig, 'dropout' | 'activation' | 'linearInit' | 'mlpEmbeddingStd' | 'l2'>> &
  Pick<NcfConfig, 'dropout' | 'activation' | 'linearInit' | 'mlpEmbeddingStd' | 'l2'>;

function resolve(c: NcfConfig): Resolved {
  return { factors: 8, layers: [64, 32, 16, 8], embeddingStd: 0.01, seed: 42, dtype: 'float32', ...c };
}

/**
 * The NCF family (He et al. 2017) in one class: GMF (φ only), MLP (ψ only) and
 * NeuMF (both, concatenated). The logit is hᵀ[φ | ψ] + b from one output Linear.
 */
export abstract class NcfModel extends RecModel {
  readonly gmf: GmfTower | null;
  readonly mlp: MlpTower | null;
  readonly out: Linear;
  protected readonly settings: Resolved;
  private readonly join = new Concat();

  protected constructor(config: NcfConfig, towers: { gmf: boolean; mlp: boolean }) {
    const c = resolve(config);
    super(c.numUsers, c.numItems, c.dtype);
    this.settings = c;
    const rng = new Rng(c.seed);
    const embInit = { kind: 'normal', std: c.embeddingStd } as const;
    this.gmf = towers.gmf ? this.addModule('gmf', new GmfTower(c.numUsers, c.numItems, c.factors, rng, embInit, c.dtype)) : null;
    this.mlp = towers.mlp
      ? this.addModule(
          'mlp',
          new MlpTower(
            c.numUsers,
            c.numItems,
            rng,
            { kind: 'normal', std: c.mlpEmbeddingStd ?? c.embeddingStd },
            {
              layers: c.layers,
              ...(c.activation ? { activation: c.activation } : {}),
              ...(c.dropout ? { dropout: c.dropout } : {}),
              ...(c.linearInit ? { linearInit: c.linearInit } : {}),
            },
            c.dtype,
          ),
        )
      : null;
    const width = (this.gmf ? c.factors : 0) + (this.mlp?.outputs ?? 0);
    // The NCF reference initialises the prediction layer with LeCun uniform.
    this.out = this.addModule('out', new Linear(width, 1, { rng, init: { kind: 'lecunUniform' }, dtype: c.dtype }));
    if (c.l2 !== undefined) finiteNonNegative('l2', c.l2);
    if (this.gmf) this.gmf.l2 = c.l2 ?? 0;
    if (this.mlp) this.mlp.l2 = c.l2 ?? 0;
  }

  forward(batch: Batch): Tensor {
    const n = batch.size;
    const users = batch.users.subarray(0, n);
    const items = batch.items.subarray(0, n);
    const phi = this.gmf?.forward(users, items);
    const psi = this.mlp?.forward(users, items);
    const z = phi && psi ? this.join.forward([phi, psi]) : (phi ?? psi)!;
    return this.out.forward(z);
  }

  // logit = hᵀ z + b:  dz = dlogit · hᵀ, split back into dφ and dψ when both towers run.
  backward(dLogits: Tensor): void {
    const dz = this.out.backward(dLogits.reshape([dLogits.size, 1]));
    if (this.gmf && this.mlp) {
      const [dphi, dpsi] = this.join.backward(dz);
      this.gmf.backward(dphi!);
      this.mlp.backward(dpsi!);
    } else if (this.gmf) this.gmf.backward(dz);
    else this.mlp!.backward(dz);
  }

  /** The GMF item table when there is one (its geometry is the dot-product one), else the MLP's. */
  override itemEmbeddings(): Tensor {
    return (this.gmf?.item ?? this.mlp!.item).weight.value;
  }

  /**
   * Everything the registry needs to rebuild this model, dtype included (a float64
   * checkpoint only restores into a float64 model). `kind` goes last: a config
   * spread in from another model (fromPretrained) must not carry its kind over.
   */
  config(): ModelConfig {
    return { ...this.settings, kind: this.kind };
  }
}

export class GMF extends NcfModel {
  readonly kind = 'gmf';
  constructor(config: NcfConfig) {
    super(config, { gmf: true, mlp: false });
  }
}

export class MLP extends NcfModel {
  readonly kind = 'mlp';
  constructor(config: NcfConfig) {
    super(config, { gmf: false, mlp: true });
  }
}

export class NeuMF extends NcfModel {
  readonly kind = 'neumf';
  constructor(config: NcfConfig) {
    super(config, { gmf: true, mlp: true });
  }

  /**
   * NeuMF initialised from pretrained GMF and MLP models (the paper's recipe): the
   * towers' weights are copied, and the output layer is [α·h_gmf | (1-α)·h_mlp]
   * with bias α·b_gmf + (1-α)·b_mlp. The two models must share sizes.
   */
  static fromPretrained(gmf: GMF, mlp: MLP, alpha = 0.5, seed = 42): NeuMF {
    const { kind: _kind, ...m } = mlp.config();
    const model = new NeuMF({ ...(m as unknown as NcfConfig), factors: gmf.gmf!.factors, seed, dtype: gmf.dtype });
    model.gmf!.loadStateDict(gmf.gmf!.stateDict());
    model.mlp!.loadStateDict(mlp.mlp!.stateDict());
    const w = model.out.weight.value.data;
    const f = gmf.gmf!.factors;
    const gw = gmf.out.weight.value.data;
    const mw = mlp.out.weight.value.data;
    for (let i = 0; i < f; i++) w[i] = alpha * gw[i]!;
    for (let i = 0; i < mw.length; i++) w[f + i] = (1 - alpha) * mw[i]!;
    model.out.bias!.value.data[0] = alpha * gmf.out.bias!.value.data[0]! + (1 - alpha) * mlp.out.bias!.value.data[0]!;
    return model;
  }
}
