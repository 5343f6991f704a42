import { getBackend } from '../backend/registry.js';
import { Dropout } from '../layers/dropout.js';
import { LeakyReLU, ReLU, Sigmoid, Tanh } from '../layers/activations.js';
import { Linear } from '../layers/linear.js';
import { NcfModel } from '../models/ncf.js';
import type { RecModel } from '../models/model.js';
import { Tensor } from '../tensor/tensor.js';

type Act = 'relu' | 'leaky' | 'tanh' | 'sigmoid' | 'none';

interface Stage {
  readonly linear: Linear;
  readonly act: Act;
  readonly slope: number;
}

/**
 * Whole-catalogue scoring for one NCF-family model (GMF, MLP, NeuMF), for serving.
 *
 * The MLP's first layer sees [p_u | q_i], so with W1 = [W_u; W_i]:
 *   [p_u | q_i] W1 + b1 = p_u W_u + (q_i W_i + b1)
 * The item part A = Q W_i + b1 ([numItems, h1]) is computed once and reused for
 * every user, leaving p_u W_u (h1 · d multiply-adds) per user: the widest layer's
 * matmul, 2d · h1 per (user, item) pair, drops out of the per-request cost. The
 * GMF branch and the output layer fold the same way:
 *   hᵀ[(p ⊙ q_i) | ψ_i] + b = q_i · (p ⊙ h_gmf) + ψ_i · h_mlp + b
 * so the GMF part is one [numItems, f] matrix-vector product per user.
 *
 * A is a cache of the weights, so it is checked against a snapshot of what it was
 * computed from (the MLP item table, W_i and b1) before each use and rebuilt when
 * any of them changed, e.g. after more training: the check is an O(numItems · d)
 * comparison, a small fraction of the scoring itself. Every (user, item) score is
 * computed by the same arithmetic whatever the batch, so a user's scores do not
 * depend on which other users are scored with them.
 */
export class NcfServingScorer {
  readonly numUsers: number;
  readonly numItems: number;
  private readonly stages: Stage[];
  private readonly h1: number;
  private readonly half: number;
  private itemPart: Float32Array | null = null;
  private snapshot: Int32Array | null = null;
  /** Int32 views of the weights the item part is computed from (parameter tensors are updated in place). */
  private watched: Int32Array[] | null = null;
  private userPart: Float32Array;
  private gmfWeights: Float32Array;
  private bufs: Tensor[] = [];

  /** The model's structure when the fast path can serve it, else null (then use the model's own scoreAll). */
  static for(model: RecModel): NcfServingScorer | null {
    if (!(model instanceof NcfModel) || model.dtype !== 'float32') return null;
    const stages = model.mlp ? parseStages(model.mlp.net.layers) : [];
    if (!stages) return null;
    return new NcfServingScorer(model, stages);
  }

  private constructor(
    private readonly model: NcfModel,
    stages: Stage[],
  ) {
    this.numUsers = model.numUsers;
    this.numItems = model.numItems;
    this.stages = stages;
    this.half = model.mlp?.item.weight.value.cols ?? 0;
    this.h1 = stages[0]?.linear.outFeatures ?? 0;
    this.userPart = new Float32Array(this.h1);
    this.gmfWeights = new Float32Array(model.gmf?.factors ?? 0);
  }

  /** Drops the cached item part; the next call recomputes it (it is also rebuilt automatically when the weights differ). */
  invalidate(): void {
    this.itemPart = null;
    this.snapshot = null;
  }

  /** out[r * numItems + i] = the model's logit for (users[r], i), as the model's forward computes it (up to float rounding). */
  scoreAll(users: Int32Array, out: Float32Array): void {
    const m = this.numItems;
    if (this.model.mlp) this.ensureItemPart();
    for (let r = 0; r < users.length; r++) this.scoreUser(users[r]!, out.subarray(r * m, (r + 1) * m));
  }

  private scoreUser(u: number, out: Float32Array): void {
    const { model, numItems: m } = this;
    const w = model.out.weight.value.data as Float32Array;
    const bias = model.out.bias ? model.out.bias.value.data[0]! : 0;
    const f = model.gmf?.factors ?? 0;
    out.fill(bias);
    if (model.gmf) {
      // q_i · (p_u ⊙ h_gmf)
      const p = model.gmf.user.weight.value.data;
      const g = this.gmfWeights;
      for (let d = 0; d < f; d++) g[d] = p[u * f + d]! * w[d]!;
      matVecAdd(out, model.gmf.item.weight.value.data as Float32Array, g, m, f);
    }
    if (model.mlp) {
      const psi = this.mlpForward(u);
      matVecAdd(out, psi.data as Float32Array, w.subarray(f), m, psi.cols);
    }
  }

  /** ψ for every item: act(A + p_u W_u), then the remaining layers as the model runs them. */
  private mlpForward(u: number): Tensor {
    const K = getBackend().kernels;
    const m = this.numItems, h1 = this.h1, half = this.half;
    const W1 = this.stages[0]!.linear.weight.value.data;
    const p = this.model.mlp!.user.weight.value.data;
    const up = this.userPart;
    // p_u W_u: W_u is the first `half` rows of W1.
    up.fill(0);
    for (let k = 0; k < half; k++) {
      const pk = p[u * half + k]!;
      for (let j = 0, o = k * h1; j < h1; j++, o++) up[j] = up[j]! + pk * W1[o]!;
    }
    let x = this.buf(0, m, h1);
    addRowAct(x.data as Float32Array, this.itemPart!, up, m, h1, this.stages[0]!.act, this.stages[0]!.slope);
    for (let s = 1; s < this.stages.length; s++) {
      const { linear, act, slope } = this.stages[s]!;
      const y = this.buf(s, m, linear.outFeatures);
      K.matmul(y, x, linear.weight.value);
      addRowAct(y.data as Float32Array, y.data as Float32Array, (linear.bias?.value.data as Float32Array | undefined) ?? null, m, linear.outFeatures, act, slope);
      x = y;
    }
    return x;
  }

  private ensureItemPart(): void {
    const first = this.stages[0]!.linear;
    const table = this.model.mlp!.item.weight.value;
    const W1 = first.weight.value.data;
    const b1 = first.bias?.value.data ?? null;
    // Compared as int32 bit patterns: monomorphic and fast, and a NaN weight still equals itself.
    this.watched ??= [table.data, W1, ...(b1 ? [b1] : [])].map((d) => new Int32Array(d.buffer, d.byteOffset, d.length));
    if (this.itemPart && this.snapshot && matches(this.snapshot, this.watched)) return;
    const m = this.numItems, h1 = this.h1, half = this.half;
    const A = Tensor.zeros([m, h1]);
    getBackend().kernels.matmul(A, table, new Tensor(W1.subarray(half * h1, 2 * half * h1), [half, h1]));
    if (b1) for (let i = 0; i < m; i++) for (let j = 0; j < h1; j++) A.data[i * h1 + j] = A.data[i * h1 + j]! + b1[j]!;
    this.itemPart = A.data as Float32Array;
    this.snapshot = concat(this.watched);
  }

  private buf(slot: number, rows: number, cols: number): Tensor {
    const b = this.bufs[slot];
    if (b && b.rows === rows && b.cols === cols) return b;
    return (this.bufs[slot] = Tensor.zeros([rows, cols]));
  }
}

/** [Linear, activation?, Dropout?]* with known activations; null for anything else. */
function parseStages(layers: readonly unknown[]): Stage[] | null {
  const stages: Stage[] = [];
  for (const layer of layers) {
    if (layer instanceof Linear) stages.push({ linear: layer, act: 'none', slope: 0 });
    else if (layer instanceof Dropout) continue; // identity in eval mode
    else {
      const last = stages.at(-1);
      if (!last || last.act !== 'none') return null;
      let act: Act;
      if (layer instanceof ReLU) act = 'relu';
      else if (layer instanceof LeakyReLU) act = 'leaky';
      else if (layer instanceof Tanh) act = 'tanh';
      else if (layer instanceof Sigmoid) act = 'sigmoid';
      else return null;
      stages[stages.length - 1] = { ...last, act, slope: layer instanceof LeakyReLU ? layer.slope : 0 };
    }
  }
  return stages.length > 0 ? stages : null;
}

/**
 * out[r, j] = act(a[r, j] + v[j]) (v may be null). ReLU, the common case, is
 * (x + |x|) / 2 (exact, and free of a data-dependent branch), swept four columns
 * at a time with their v[j] held in locals: about twice as fast as the plain loop.
 */
function addRowAct(out: Float32Array, a: Float32Array, v: Float32Array | null, rows: number, cols: number, act: Act, slope: number): void {
  const n = rows * cols;
  if (act === 'relu' && v) {
    const c4 = cols - (cols % 4);
    for (let j = 0; j < c4; j += 4) {
      const v0 = v[j]!, v1 = v[j + 1]!, v2 = v[j + 2]!, v3 = v[j + 3]!;
      for (let o = j; o < n; o += cols) {
        const x0 = a[o]! + v0, x1 = a[o + 1]! + v1, x2 = a[o + 2]! + v2, x3 = a[o + 3]! + v3;
        out[o] = (x0 + Math.abs(x0)) * 0.5;
        out[o + 1] = (x1 + Math.abs(x1)) * 0.5;
        out[o + 2] = (x2 + Math.abs(x2)) * 0.5;
        out[o + 3] = (x3 + Math.abs(x3)) * 0.5;
      }
    }
    for (let j = c4; j < cols; j++) {
      const vj = v[j]!;
      for (let o = j; o < n; o += cols) {
        const x = a[o]! + vj;
        out[o] = (x + Math.abs(x)) * 0.5;
      }
    }
    return;
  }
  for (let o = 0; o < n; o += cols) {
    for (let j = 0; j < cols; j++) {
      const x = a[o + j]! + (v ? v[j]! : 0);
      out[o + j] = act === 'relu' ? Math.max(x, 0) : act === 'leaky' ? (x > 0 ? x : slope * x) : act === 'tanh' ? Math.tanh(x) : act === 'sigmoid' ? 1 / (1 + Math.exp(-x)) : x;
    }
  }
}

/** out[i] += Σ_d a[i, d] · v[d] for a [rows, cols]. */
function matVecAdd(out: Float32Array, a: Float32Array, v: Float32Array, rows: number, cols: number): void {
  for (let i = 0, o = 0; i < rows; i++, o += cols) {
    let s = 0;
    for (let d = 0; d < cols; d++) s += a[o + d]! * v[d]!;
    out[i] = out[i]! + s;
  }
}

function concat(parts: readonly Int32Array[]): Int32Array {
  const out = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function matches(snapshot: Int32Array, parts: readonly Int32Array[]): boolean {
  let o = 0;
  for (let q = 0; q < parts.length; q++) {
    const p = parts[q]!;
    const n = p.length;
    if (o + n > snapshot.length) return false;
    // A subarray per part keeps both loads at the same index: half the time of one running offset.
    const s = snapshot.subarray(o, o + n);
    for (let i = 0; i < n; i++) if (s[i] !== p[i]) return false;
    o += n;
  }
  return o === snapshot.length;
}
