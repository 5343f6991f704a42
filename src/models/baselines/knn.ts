import type { Interactions } from '../../data/interactions.js';
import { getBackend } from '../../backend/registry.js';
import { ArgumentError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import type { Scorer } from '../../eval/scorer.js';
import { denseMatrix } from './dense.js';
import { checkIds, checkPairs, distinctItems } from './ids.js';
import { columnSimilarity, keepTopK, type SimilarityKind } from './similarity.js';

export interface KnnOptions {
  /** Neighbours kept per item (ItemKNN) or per user (UserKNN). Default 50. */
  neighbours?: number;
  /**
   * 'cosine' (default) or 'pearson'. Pearson needs `useRatings: true` and
   * interactions with ratings: on 0/1 vectors every observed entry equals its
   * mean, so every similarity would be 0 (an ArgumentError instead).
   */
  similarity?: SimilarityKind;
  /** Use ratings as the vector entries instead of 1 per interaction. */
  useRatings?: boolean;
  /** Added to the cosine denominator, damping similarities built on little overlap. */
  shrink?: number;
}

/**
 * The user-item matrix the similarities are computed on. Pearson centres each
 * vector on the mean of its observed entries: with 0/1 entries that mean is 1 and
 * every centred entry 0, so the model would silently score everything 0.
 */
function vectorsFor(train: Interactions, similarity: SimilarityKind, useRatings: boolean): Tensor {
  if (similarity === 'pearson' && !(useRatings && train.ratings)) {
    const why = useRatings ? 'these interactions have no ratings' : 'useRatings is false';
    throw new ArgumentError('similarity', `'pearson' needs ratings (useRatings: true on interactions with ratings), but ${why}: on 0/1 data every similarity is 0; use 'cosine'`);
  }
  return denseMatrix(train, useRatings);
}

function rowsOf(x: Tensor, users: Int32Array): Tensor {
  const out = Tensor.zeros([users.length, x.cols]);
  getBackend().kernels.gatherRows(out, x, users);
  return out;
}

/**
 * Item-based neighbourhood CF: s(u, i) = sum over j in N_k(i) of sim(i, j) · x_uj,
 * where N_k(i) are the k items most similar to i. All users at once: X S_kᵀ.
 */
export class ItemKNN implements Scorer {
  readonly kind = 'item-knn';
  readonly numUsers: number;
  readonly numItems: number;
  private readonly x: Tensor;
  /** [items, items]: row i holds i's neighbour similarities, zero elsewhere. */
  readonly sim: Tensor;

  constructor(train: Interactions, { neighbours = 50, similarity = 'cosine', useRatings = false, shrink = 0 }: KnnOptions = {}) {
    this.numUsers = train.numUsers;
    this.numItems = train.numItems;
    this.x = vectorsFor(train, similarity, useRatings);
    this.sim = keepTopK(columnSimilarity(this.x, similarity, shrink), neighbours);
  }

  /**
   * Fold-in of a user never seen: s_i = Σ_{h ∈ H} sim(i, h) over the history's
   * distinct items H, the model's formula with x_u = 1_H (a repeated item is one 1).
   */
  scoreFromHistory(history: Int32Array, out: Float32Array): void {
    const m = this.numItems, s = this.sim.data;
    const items = distinctItems(history, m);
    out.fill(0, 0, m);
    for (const h of items) for (let i = 0; i < m; i++) out[i] = out[i]! + s[i * m + h]!;
  }

  score(users: Int32Array, items: Int32Array, out: Float32Array): void {
    checkPairs(this, users, items);
    const m = this.numItems, x = this.x.data, s = this.sim.data;
    for (let r = 0; r < users.length; r++) {
      const xo = users[r]! * m, so = items[r]! * m;
      let t = 0;
      for (let j = 0; j < m; j++) t += x[xo + j]! * s[so + j]!;
      out[r] = t;
    }
  }

  scoreAll(users: Int32Array, out: Float32Array): void {
    checkIds('users', 'user', users, this.numUsers);
    getBackend().kernels.matmul(new Tensor(out.subarray(0, users.length * this.numItems), [users.length, this.numItems]), rowsOf(this.x, users), this.sim, false, true);
  }
}

/**
 * User-based neighbourhood CF: s(u, i) = sum over v in N_k(u) of sim(u, v) · x_vi.
 * All users at once: S_k X.
 */
export class UserKNN implements Scorer {
  readonly kind = 'user-knn';
  readonly numUsers: number;
  readonly numItems: number;
  private readonly x: Tensor;
  /** [users, users]: row u holds u's neighbour similarities, zero elsewhere. */
  readonly sim: Tensor;

  constructor(train: Interactions, { neighbours = 50, similarity = 'cosine', useRatings = false, shrink = 0 }: KnnOptions = {}) {
    this.numUsers = train.numUsers;
    this.numItems = train.numItems;
    this.x = vectorsFor(train, similarity, useRatings);
    const xt = Tensor.zeros([this.numItems, this.numUsers]);
    const m = this.numItems, n = this.numUsers;
    for (let u = 0; u < n; u++) for (let i = 0; i < m; i++) xt.data[i * n + u] = this.x.data[u * m + i]!;
    this.sim = keepTopK(columnSimilarity(xt, similarity, shrink), neighbours);
  }

  score(users: Int32Array, items: Int32Array, out: Float32Array): void {
    checkPairs(this, users, items);
    const n = this.numUsers, m = this.numItems, x = this.x.data, s = this.sim.data;
    for (let r = 0; r < users.length; r++) {
      const so = users[r]! * n, i = items[r]!;
      let t = 0;
      for (let v = 0; v < n; v++) {
        const w = s[so + v]!;
        if (w !== 0) t += w * x[v * m + i]!;
      }
      out[r] = t;
    }
  }

  scoreAll(users: Int32Array, out: Float32Array): void {
    checkIds('users', 'user', users, this.numUsers);
    getBackend().kernels.matmul(new Tensor(out.subarray(0, users.length * this.numItems), [users.length, this.numItems]), rowsOf(this.sim, users), this.x);
  }
}
