import type { FeatureTable } from '../data/movielens-features.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { Concat } from '../layers/concat.js';
import { Embedding } from '../layers/embedding.js';
import { Module } from '../layers/module.js';
import type { Parameter } from '../layers/parameter.js';
import { RowDot } from '../layers/row-dot.js';
import { mlp, type ActivationName, type Sequential } from '../layers/sequential.js';
import type { Initializer } from '../tensor/init.js';
import { Rng } from '../tensor/rng.js';
import { Tensor, type DType } from '../tensor/tensor.js';
import type { Batch } from './batch.js';
import { featureMatrix } from './feature-matrix.js';
import { RecModel, type ModelConfig } from './model.js';

export interface TwoTowerConfig {
  numUsers: number;
  numItems: number;
  /** Width of each tower's ID embedding. Default 16. */
  idDim?: number;
  /** Each tower's MLP sizes after its input [ID embedding | features]; the last is the dot product's dimension. Default [32, 16]. */
  layers?: readonly number[];
  /** Between the MLP layers (the output layer is linear). Default 'relu'. */
  activation?: ActivationName;
  /** Std of the N(0, std) ID embeddings. Default 0.05. */
  embeddingStd?: number;
  /** Initialiser of the MLP weights (default Xavier uniform). */
  linearInit?: Initializer;
  /**
   * Widths of the feature rows (0: none). Filled in from the feature tables given
   * to the constructor; a config carrying them without tables (what loadModel
   * does) builds zero tables that the checkpoint then fills.
   */
  userFeatureDim?: number;
  itemFeatureDim?: number;
  seed?: number;
  dtype?: DType;
}

/** Side features, one row per user (item) index: a dense [rows, f] tensor or an encoded FeatureTable. */
export interface TwoTowerFeatures {
  userFeatures?: Tensor | FeatureTable;
  itemFeatures?: Tensor | FeatureTable;
}

/**
 * One tower: v = MLP([e_id | x_id]), the ID embedding joined with the entity's
 * feature row. The feature table is a frozen parameter: it receives its (sparse,
 * per-row) gradient like any input but is not handed to optimizers.
 */
export class FeatureTower extends Module {
  readonly id: Embedding;
  readonly features: Parameter | null;
  readonly net: Sequential;
  private readonly join = new Concat();
  private ids = new Int32Array(0);
  private n = 0;

  constructor(rows: number, idDim: number, table: Tensor | null, layers: readonly number[], opts: { rng: Rng; std: number; activation?: ActivationName; init?: Initializer; dtype: DType }) {
    super(opts.dtype);
    this.id = this.addModule('id', new Embedding(rows, idDim, { rng: opts.rng, init: { kind: 'normal', std: opts.std }, dtype: opts.dtype }));
    this.features = table ? this.addParameter('features', table, true) : null;
    const width = idDim + (table?.cols ?? 0);
    this.net = this.addModule(
      'net',
      mlp([width, ...layers], {
        rng: opts.rng,
        dtype: opts.dtype,
        finalActivation: false,
        ...(opts.activation ? { activation: opts.activation } : {}),
        ...(opts.init ? { init: opts.init } : {}),
      }),
    );
  }

  forward(ids: Int32Array): Tensor {
    const n = (this.n = ids.length);
    const e = this.id.forward(ids);
    if (!this.features) return this.net.forward(e);
    const t = this.features.value;
    const x = this.buffer('x', [n, t.cols]);
    this.kernels.gatherRows(x, t, ids);
    if (this.ids.length < n) this.ids = new Int32Array(n);
    this.ids.set(ids);
    return this.net.forward(this.join.forward([e, x]));
  }

  // v = MLP([e | x]): back through the MLP, then the join splits the input gradient
  // between the ID rows and the feature rows (both scattered sparsely, repeated ids add).
  backward(dy: Tensor): void {
    const dx = this.net.backward(dy);
    if (!this.features) return this.id.backward(dx);
    const [de, df] = this.join.backward(dx);
    this.id.backward(de!);
    this.features.sparseGrad.accumulate(this.ids.subarray(0, this.n), df!, this.kernels);
  }
}

/**
 * Two towers and a dot product: s(u, i) = f_user(u) · f_item(i), each tower an MLP
 * over [ID embedding | side features]. Train it pointwise (fit with 'bce' and
 * sampled negatives) or with in-batch softmax (fit with loss 'softmax' on a
 * source of positives only, e.g. pointwiseSource with negatives: 0): every user
 * of the batch is scored against every item of the batch, S = U Vᵀ, and row i's
 * positive is column i; the other items of the batch are its negatives.
 */
export class TwoTower extends RecModel {
  readonly kind = 'two-tower';
  readonly user: FeatureTower;
  readonly item: FeatureTower;
  private readonly settings: TwoTowerConfig & Required<Pick<TwoTowerConfig, 'idDim' | 'layers' | 'embeddingStd' | 'seed' | 'userFeatureDim' | 'itemFeatureDim'>>;
  private readonly frozen: Set<Parameter>;
  private readonly dot = new RowDot();
  private n = 0;
  private u: Tensor | null = null;
  private v: Tensor | null = null;

  constructor(config: TwoTowerConfig, features: TwoTowerFeatures = {}) {
    const dtype = config.dtype ?? 'float32';
    super(config.numUsers, config.numItems, dtype);
    const userTable = table('userFeatures', features.userFeatures, config.numUsers, config.userFeatureDim, dtype);
    const itemTable = table('itemFeatures', features.itemFeatures, config.numItems, config.itemFeatureDim, dtype);
    const c = {
      idDim: 16,
      layers: [32, 16],
      embeddingStd: 0.05,
      seed: 42,
      ...config,
      userFeatureDim: userTable?.cols ?? 0,
      itemFeatureDim: itemTable?.cols ?? 0,
    };
    if (c.layers.length === 0) throw new ArgumentError('layers', 'needs at least the output size');
    this.settings = c;
    const rng = new Rng(c.seed);
    const opts = { rng, std: c.embeddingStd, dtype, ...(c.activation ? { activation: c.activation } : {}), ...(c.linearInit ? { init: c.linearInit } : {}) };
    this.user = this.addModule('user', new FeatureTower(c.numUsers, c.idDim, userTable, c.layers, opts));
    this.item = this.addModule('item', new FeatureTower(c.numItems, c.idDim, itemTable, c.layers, opts));
    this.frozen = new Set([this.user.features, this.item.features].filter((p): p is Parameter => p !== null));
  }

  /**
   * What optimizers train: everything but the feature tables. The tables stay in
   * namedParameters() and stateDict(), so checkpoints carry them and loadModel
   * restores them.
   */
  override parameters(): Parameter[] {
    return super.parameters().filter((p) => !this.frozen.has(p));
  }

  /** Clears every gradient, the frozen tables' too (parameters() leaves them out). */
  override zeroGrad(): void {
    for (const [, p] of this.namedParameters()) p.zeroGrad();
  }

  forward(batch: Batch): Tensor {
    const n = (this.n = batch.size);
    this.u = this.user.forward(batch.users.subarray(0, n));
    this.v = this.item.forward(batch.items.subarray(0, n));
    return this.dot.forward(this.u, this.v);
  }

  // s_r = u_r · v_r:  du_r = ds_r v_r,  dv_r = ds_r u_r, then down each tower.
  backward(dLogits: Tensor): void {
    const [du, dv] = this.dot.backward(dLogits.reshape([this.n]));
    this.user.backward(du);
    this.item.backward(dv);
  }

  /**
   * In-batch scores S = U Vᵀ [n, n] of the batch's users against its items. A
   * column holding row i's own positive item again (an accidental hit: the same
   * item twice in one batch) is set to -Infinity, so it is never one of i's negatives.
   */
  forwardInBatch(batch: Batch): Tensor {
    const n = (this.n = batch.size);
    const items = batch.items;
    this.u = this.user.forward(batch.users.subarray(0, n));
    this.v = this.item.forward(items.subarray(0, n));
    const s = this.buffer('inBatch', [n, n]);
    this.kernels.matmul(s, this.u, this.v, false, true);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (j !== i && items[j] === items[i]) s.data[i * n + j] = -Infinity;
    return s;
  }

  // S = U Vᵀ:  dU = dS V,  dV = dSᵀ U (masked entries carry zero gradient).
  backwardInBatch(dScores: Tensor): void {
    const n = this.n;
    const u = this.u!;
    const v = this.v!;
    if (dScores.rows !== n || dScores.cols !== n) throw new ShapeError(`TwoTower: in-batch gradient is [${dScores.shape.join(', ')}], expected [${n}, ${n}]`);
    const du = this.buffer('du', u.shape);
    const dv = this.buffer('dv', v.shape);
    this.kernels.matmul(du, dScores, v);
    this.kernels.matmul(dv, dScores, u, true, false);
    this.user.backward(du);
    this.item.backward(dv);
  }

  /** The user tower's outputs [users.length, d], in eval mode. */
  userVectors(users: Int32Array): Tensor {
    return this.towerOutputs(this.user, users);
  }

  /** The item tower's output for every item, [numItems, d]: the vectors the dot product scores. */
  override itemEmbeddings(): Tensor {
    return this.towerOutputs(this.item, Int32Array.from({ length: this.numItems }, (_, i) => i));
  }

  /** All items for a batch of users: the towers run once each, then scoreUsers (U Vᵀ). */
  override scoreAll(users: Int32Array, out: Float32Array): void {
    const m = this.numItems;
    const u = this.userVectors(users);
    const v = this.itemEmbeddings();
    const direct = this.dtype === 'float32';
    const scores = direct ? new Tensor(out.subarray(0, users.length * m), [users.length, m]) : Tensor.zeros([users.length, m], this.dtype);
    this.kernels.scoreUsers(scores, u, v);
    if (!direct) out.set(scores.data);
  }

  config(): ModelConfig {
    return { ...this.settings, kind: this.kind, dtype: this.dtype };
  }

  /** Runs a tower over ids in eval mode, in chunks, into a fresh [ids.length, d] tensor. */
  private towerOutputs(tower: FeatureTower, ids: Int32Array): Tensor {
    const d = this.settings.layers.at(-1)!;
    const out = Tensor.zeros([ids.length, d], this.dtype);
    const wasTraining = this.training;
    this.eval();
    // try/finally as in RecModel.score: a bad id throws from the tower, and the
    // model must not be left in eval mode (dropout silently off in later training).
    try {
      for (let s = 0; s < ids.length; s += this.scoreChunk) {
        const e = Math.min(ids.length, s + this.scoreChunk);
        out.data.set(tower.forward(ids.subarray(s, e)).data, s * d);
      }
    } finally {
      if (wasTraining) this.train();
    }
    return out;
  }
}

/** The feature table as a dense tensor of the model's dtype, checked against the entity count and the config's width. */
function table(name: string, given: Tensor | FeatureTable | undefined, rows: number, dim: number | undefined, dtype: DType): Tensor | null {
  if (given === undefined) {
    if (dim === undefined || dim === 0) return null;
    if (!Number.isInteger(dim) || dim < 0) throw new ArgumentError(`${name}Dim`, `must be a non-negative integer, got ${dim}`);
    return Tensor.zeros([rows, dim], dtype); // filled by loadStateDict / loadModel
  }
  const t = given instanceof Tensor ? given.cast(dtype) : featureMatrix(given, dtype);
  if (t.rank !== 2 || t.rows !== rows) throw new ShapeError(`TwoTower: ${name} is [${t.shape.join(', ')}], expected [${rows}, f]`);
  if (dim !== undefined && dim !== t.cols) throw new ArgumentError(`${name}Dim`, `is ${dim} but the table has ${t.cols} columns`);
  return t;
}
