import { AttentionPooling } from '../layers/attention-pooling.js';
import { Concat } from '../layers/concat.js';
import { positiveInt } from '../layers/checks.js';
import { Embedding } from '../layers/embedding.js';
import { Linear } from '../layers/linear.js';
import { Multiply } from '../layers/multiply.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { Rng } from '../tensor/rng.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Batch } from './batch.js';
import { RecModel, type ModelConfig } from './model.js';
import type { NcfConfig } from './ncf.js';
import { MlpTower } from './towers.js';

export interface AncfConfig extends NcfConfig {
  /**
   * L: how many of the user's most recent items the attention reads. Default 5:
   * on a validation split of ML-100K, L = 3-5 beat L = 10 by 0.03-0.04 HR@10 and
   * L = 20 did worse still (docs/benchmarks.md).
   */
  historyLength?: number;
  /**
   * 'dot' (q·k / √d, default) or 'mlp' (NAIS / DIN: a = hᵀ ReLU(W (q ⊙ k) + b)).
   * On ML-100K, 'dot' beat 'mlp' (with L = 20) after 3 epochs, HR@10 0.599 against
   * 0.564, and trained several times faster (see docs/benchmarks.md).
   */
  scoring?: 'mlp' | 'dot';
  attentionDim?: number;
  /** NAIS smoothing exponent on the softmax denominator, in (0, 1]. Default 1. */
  beta?: number;
  /**
   * During training, the share of samples whose user id is swapped for the shared
   * "unknown user" row, which teaches the model to score from history alone: that
   * row is what a user never seen in training is scored with (fold-in). Default 0.1.
   */
  userDropout?: number;
}

/** Each user's most recent training items, as the data pipeline's `lastItems` returns them. */
export interface UserHistories {
  readonly history: Int32Array;
  readonly lengths: Int32Array;
  readonly historyLength: number;
  /** ANCF reads slots [0, length): only 'right' padding (the default) is accepted. */
  readonly padding?: 'left' | 'right';
}

/**
 * What is wrong with histories for numUsers users and numItems items, or null:
 * enough slots (numUsers x L) and lengths (numUsers), each length in [0, L],
 * each real slot an item in [0, numItems). `who` names user u in the message
 * (default "user u"; a checkpoint names the external id too). The one check
 * behind setHistories and loading a recommender checkpoint.
 */
export function historyProblem(h: UserHistories, numUsers: number, numItems: number, who: (u: number) => string = (u) => `user ${u}`): string | null {
  const L = h.historyLength;
  if (!(Number.isInteger(L) && L >= 1)) return `historyLength ${L} is not a positive integer`;
  if (h.history.length < numUsers * L) return `history has ${h.history.length} slots, ${numUsers} users x L ${L} need ${numUsers * L}`;
  if (h.lengths.length < numUsers) return `lengths cover ${h.lengths.length} users, the model has ${numUsers}`;
  for (let u = 0; u < numUsers; u++) {
    const len = h.lengths[u]!;
    if (!(len >= 0 && len <= L)) return `${who(u)}: length ${len} is outside [0, ${L}] (L = historyLength)`;
    for (let j = 0; j < len; j++) {
      const i = h.history[u * L + j]!;
      if (!(i >= 0 && i < numItems)) return `${who(u)}, slot ${j}: item ${i} is outside [0, ${numItems})`;
    }
  }
  return null;
}

function rightPadded(where: string, padding: 'left' | 'right' | undefined): void {
  if (padding === 'left') {
    throw new ArgumentError(where, "ANCF reads each history from slot 0 (padding 'right'); these are left-padded");
  }
}

/**
 * ANCF: attention over a user's recent history feeding a NeuMF head.
 *
 *   h   = Σ_j softmax_j(a(q_i, k_j)) k_j      over the user's last L items (keys K)
 *   φ   = (p_u + h) ⊙ q_i                     GMF branch, user = ID + history
 *   ψ   = MLP([p'_u | q'_i | h])              MLP branch
 *   s   = wᵀ [φ | ψ] + b
 *
 * Target-aware: the query is the candidate item, so the history is read
 * differently for each candidate. Row `numUsers` of the user tables is a shared
 * "unknown user", trained through `userDropout`, and used to score users the
 * model never saw from their history alone, without retraining.
 */
export class ANCF extends RecModel {
  readonly kind = 'ancf';
  readonly unknownUser: number;
  readonly historyLength: number;
  readonly user: Embedding;
  readonly item: Embedding;
  readonly keys: Embedding;
  readonly attention: AttentionPooling;
  readonly mlp: MlpTower;
  readonly out: Linear;
  private readonly product = new Multiply();
  private readonly join = new Concat();
  private readonly settings: Required<Pick<AncfConfig, 'factors' | 'layers' | 'embeddingStd' | 'seed' | 'historyLength' | 'scoring' | 'beta' | 'userDropout'>> & AncfConfig;
  private readonly dropRng: Rng;
  private histories: UserHistories | null = null;
  // Forward cache.
  private n = 0;
  private validPos = new Int32Array(0);
  private validCount = 0;
  private usersIn = new Int32Array(0);

  constructor(config: AncfConfig) {
    const c = { factors: 8, layers: [64, 32, 16, 8], embeddingStd: 0.01, seed: 42, historyLength: 5, scoring: 'dot' as const, beta: 1, userDropout: 0.1, ...config };
    super(c.numUsers, c.numItems, c.dtype ?? 'float32');
    if (!(c.userDropout >= 0 && c.userDropout < 1)) throw new ArgumentError('userDropout', `must be in [0, 1), got ${c.userDropout}`);
    if (c.l2) throw new ArgumentError('l2', 'the per-sample L2 penalty is not implemented for ANCF yet (NCF models and MF have it)');
    // L = 0 would make every batch history-less, a fraction or NaN would size buffers with garbage.
    positiveInt('ANCF', 'historyLength', c.historyLength);
    this.settings = c;
    this.unknownUser = c.numUsers;
    this.historyLength = c.historyLength;
    const rng = new Rng(c.seed);
    this.dropRng = new Rng(`${c.seed}:user-dropout`);
    const init = { kind: 'normal', std: c.embeddingStd } as const;
    const d = c.factors;
    const dtype = this.dtype;
    this.user = this.addModule('user', new Embedding(c.numUsers + 1, d, { rng, init, dtype }));
    this.item = this.addModule('item', new Embedding(c.numItems, d, { rng, init, dtype }));
    this.keys = this.addModule('keys', new Embedding(c.numItems, d, { rng, init, dtype }));
    this.attention = this.addModule(
      'attention',
      new AttentionPooling(d, { rng, scoring: c.scoring, beta: c.beta, dtype, ...(c.attentionDim ? { attentionDim: c.attentionDim } : {}) }),
    );
    this.mlp = this.addModule(
      'mlp',
      new MlpTower(c.numUsers + 1, c.numItems, rng, { kind: 'normal', std: c.mlpEmbeddingStd ?? c.embeddingStd }, {
        layers: c.layers,
        extraInputs: d,
        ...(c.activation ? { activation: c.activation } : {}),
        ...(c.dropout ? { dropout: c.dropout } : {}),
        ...(c.linearInit ? { linearInit: c.linearInit } : {}),
      }, dtype),
    );
    this.out = this.addModule('out', new Linear(d + this.mlp.outputs, 1, { rng, init: { kind: 'lecunUniform' }, dtype }));
  }

  /**
   * The per-user histories used when scoring (each user's last L training items).
   * Checked here (historyProblem), so a bad one fails with the user's index rather
   * than as a kernel ShapeError in some later scoring call.
   */
  setHistories(h: UserHistories): void {
    rightPadded('histories', h.padding);
    const L = this.historyLength;
    if (h.historyLength !== L) {
      throw new ArgumentError('histories', `historyLength ${h.historyLength} differs from the model's ${L}`);
    }
    const problem = historyProblem(h, this.numUsers, this.numItems);
    if (problem !== null) throw new ArgumentError('histories', problem);
    this.histories = h;
  }

  /** The histories scoring reads (what setHistories was last given), or null before any. */
  get userHistories(): UserHistories | null {
    return this.histories;
  }

  forward(batch: Batch): Tensor {
    const { size: n, history, lengths } = batch;
    const L = this.historyLength;
    if (!history || !lengths || batch.historyLength !== L) {
      throw new ShapeError(`ANCF: batches need histories of length ${L} (got ${batch.historyLength ?? 'none'}); use historySource or setHistories`);
    }
    rightPadded('batch', batch.padding);
    this.n = n;
    const K = this.kernels;
    const d = this.settings.factors;
    const users = this.maybeDropUsers(batch.users, n);
    const items = batch.items.subarray(0, n);
    const len = lengths.subarray(0, n);

    // Only real history slots are looked up: padding must get no gradient at all
    // (a zero-gradient row would still be moved by Adam's momentum).
    if (this.validPos.length < n * L) this.validPos = new Int32Array(n * L);
    let v = 0;
    const validIds = this.scratchIds(n * L);
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < len[r]!; j++) {
        this.validPos[v] = r * L + j;
        validIds[v++] = history[r * L + j]!;
      }
    }
    this.validCount = v;
    const keyRows = this.keys.forward(validIds.subarray(0, v));
    const keys = this.buffer('keys', [n * L, d]);
    K.fill(keys, 0);
    K.scatterAddRows(keys, this.validPos.subarray(0, v), keyRows);

    const q = this.item.forward(items);
    const h = this.attention.forward(q, keys.reshape([n, L, d]), len);
    const pu = this.user.forward(users);
    const u = this.buffer('u', [n, d]);
    K.add(u, pu, h);
    const phi = this.product.forward(u, q);
    const psi = this.mlp.forward(users, items, h);
    return this.out.forward(this.join.forward([phi, psi]));
  }

  // s = wᵀ[φ | ψ] + b, φ = (p + h) ⊙ q, ψ = MLP([p' | q' | h]), h = attn(q, K):
  //   dp = dφ ⊙ q,  dh = dφ ⊙ q + dψ/dh,  dq = dφ ⊙ (p + h) + attn's dQuery,  dK = attn's dKeys.
  backward(dLogits: Tensor): void {
    const n = this.n;
    const d = this.settings.factors;
    const K = this.kernels;
    const dz = this.out.backward(dLogits.reshape([n, 1]));
    const [dphi, dpsi] = this.join.backward(dz);
    this.mlp.backward(dpsi!);
    const [du, dqPhi] = this.product.backward(dphi!);
    this.user.backward(du);
    const dh = this.buffer('dh', [n, d]);
    K.add(dh, du, this.mlp.extraGrad!);
    const { dQuery, dKeys } = this.attention.backward(dh);
    const dq = this.buffer('dq', [n, d]);
    K.add(dq, dqPhi, dQuery);
    this.item.backward(dq);
    const v = this.validCount;
    const dKeyRows = this.buffer('dKeyRows', [v, d]);
    K.gatherRows(dKeyRows, dKeys.reshape([n * this.historyLength, d]), this.validPos.subarray(0, v));
    this.keys.backward(dKeyRows);
  }

  /** Scores candidates for a user the model never saw, from their item history (oldest first). */
  scoreFromHistory(historyItems: Int32Array, candidates: Int32Array, out: Float32Array): void {
    const L = this.historyLength;
    const tail = historyItems.subarray(Math.max(0, historyItems.length - L));
    for (const i of tail) if (!(i >= 0 && i < this.numItems)) throw new ArgumentError('historyItems', `item ${i} is outside [0, ${this.numItems})`);
    const one = new Int32Array(L);
    one.set(tail);
    const h: UserHistories = { history: one, lengths: Int32Array.of(tail.length), historyLength: L };
    this.foldIn = h;
    try {
      this.score(new Int32Array(candidates.length).fill(this.unknownUser), candidates, out);
    } finally {
      this.foldIn = null;
    }
  }

  private foldIn: UserHistories | null = null;
  private scoreHistory = new Int32Array(0);
  private scoreLengths = new Int32Array(0);

  protected override prepareScoring(batch: Batch): Batch {
    const L = this.historyLength;
    const n = batch.size;
    if (this.scoreHistory.length < n * L) {
      this.scoreHistory = new Int32Array(n * L);
      this.scoreLengths = new Int32Array(n);
    }
    const src = this.foldIn ?? this.histories;
    if (!src) throw new ArgumentError('histories', 'ANCF scoring needs each user\'s history: call setHistories(lastItems(train, { historyLength }))');
    for (let r = 0; r < n; r++) {
      const u = batch.users[r]!;
      const row = this.foldIn ? 0 : u;
      if (!this.foldIn && (u < 0 || u >= this.numUsers)) throw new ArgumentError('users', `user ${u} is outside [0, ${this.numUsers})`);
      this.scoreLengths[r] = src.lengths[row]!;
      this.scoreHistory.set(src.history.subarray(row * L, (row + 1) * L), r * L);
    }
    return { ...batch, history: this.scoreHistory, lengths: this.scoreLengths, historyLength: L };
  }

  private idScratch = new Int32Array(0);
  private scratchIds(size: number): Int32Array {
    if (this.idScratch.length < size) this.idScratch = new Int32Array(size);
    return this.idScratch;
  }

  private maybeDropUsers(users: Int32Array, n: number): Int32Array {
    const p = this.settings.userDropout;
    if (!this.training || p === 0) return users.subarray(0, n);
    if (this.usersIn.length < n) this.usersIn = new Int32Array(n);
    const out = this.usersIn.subarray(0, n);
    for (let r = 0; r < n; r++) out[r] = this.dropRng.next() < p ? this.unknownUser : users[r]!;
    return out;
  }

  override itemEmbeddings(): Tensor {
    return this.item.weight.value;
  }

  /** What the registry rebuilds this model from, dtype included (float64 checkpoints reload as float64). */
  config(): ModelConfig {
    return { ...this.settings, kind: this.kind, dtype: this.dtype };
  }
}
