import type { Interactions } from '../../data/interactions.js';
import { getBackend } from '../../backend/registry.js';
import { ArgumentError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import type { Scorer } from '../../eval/scorer.js';
import { denseMatrix } from './dense.js';
import { checkIds, checkPairs, distinctItems } from './ids.js';
import { spdInverse } from './linalg.js';

export interface EaseOptions {
  /** The L2 regulariser λ on the item-item weights. Default 500 (Steck's ML range). */
  lambda?: number;
}

/**
 * EASE (Steck 2019): item-item weights B minimising ||X - XB||² + λ||B||² with
 * diag(B) = 0, in closed form: P = (XᵀX + λI)⁻¹, B_ij = -P_ij / P_jj, B_jj = 0.
 * Scores are XB: a user's row times B.
 */
export class Ease implements Scorer {
  readonly kind = 'ease';
  readonly numUsers: number;
  readonly numItems: number;
  private readonly x: Tensor;
  /** [items, items] weights; column i scores item i. */
  readonly weights: Tensor;

  constructor(train: Interactions, { lambda = 500 }: EaseOptions = {}) {
    if (!(lambda > 0)) throw new ArgumentError('lambda', `must be > 0, got ${lambda}`);
    this.numUsers = train.numUsers;
    this.numItems = train.numItems;
    const m = this.numItems;
    this.x = denseMatrix(train);
    const gram = Tensor.zeros([m, m]);
    getBackend().kernels.matmul(gram, this.x, this.x, true, false); // integer counts: exact in float32
    const g = Float64Array.from(gram.data);
    for (let i = 0; i < m; i++) g[i * m + i] = g[i * m + i]! + lambda;
    const p = spdInverse(g, m);
    this.weights = Tensor.zeros([m, m]);
    const b = this.weights.data;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) b[i * m + j] = i === j ? 0 : -p[i * m + j]! / p[j * m + j]!;
    }
  }

  /** Scores for arbitrary item histories (rows of a [n, items] 0/1 matrix): fold-in for new users. */
  scoreHistories(x: Tensor, out: Tensor): void {
    getBackend().kernels.matmul(out, x, this.weights);
  }

  /**
   * Fold-in of a user never seen: scores of every item for a history of item
   * indices, x B with x = 1_H, the 0/1 indicator of the history's *distinct*
   * items (a repeated item is one 1, as in the training matrix).
   */
  scoreFromHistory(history: Int32Array, out: Float32Array): void {
    const m = this.numItems, b = this.weights.data;
    const items = distinctItems(history, m);
    out.fill(0, 0, m);
    for (const h of items) for (let i = 0; i < m; i++) out[i] = out[i]! + b[h * m + i]!;
  }

  score(users: Int32Array, items: Int32Array, out: Float32Array): void {
    checkPairs(this, users, items);
    const m = this.numItems, x = this.x.data, b = this.weights.data;
    for (let r = 0; r < users.length; r++) {
      const xo = users[r]! * m, i = items[r]!;
      let t = 0;
      for (let j = 0; j < m; j++) {
        const v = x[xo + j]!;
        if (v !== 0) t += v * b[j * m + i]!;
      }
      out[r] = t;
    }
  }

  scoreAll(users: Int32Array, out: Float32Array): void {
    checkIds('users', 'user', users, this.numUsers);
    const rows = Tensor.zeros([users.length, this.numItems]);
    getBackend().kernels.gatherRows(rows, this.x, users);
    this.scoreHistories(rows, new Tensor(out.subarray(0, users.length * this.numItems), [users.length, this.numItems]));
  }
}
