import { ArgumentError } from '../errors.js';
import { cached, dims, expectRank } from '../layers/checks.js';
import { Module } from '../layers/module.js';
import type { Tensor } from '../tensor/tensor.js';
import { ShapeError } from '../errors.js';

/**
 * Softmax cross-entropy over the rows of a score matrix, for in-batch two-tower
 * training: scores[i, j] = u_i · v_j, and row i's positive is column i (the other
 * items of the batch are its negatives). Pass `positives` to name another column
 * per row. L = (1/n) Σ_i [logsumexp_j s_ij - s_i,pos(i)], with the log-sum-exp
 * shifted by the row maximum so it stays finite for any scores.
 */
export class SoftmaxCrossEntropyLoss extends Module {
  private grad: Tensor | null = null;

  forward(scores: Tensor, positives?: Int32Array): number {
    expectRank('SoftmaxCrossEntropyLoss', 'scores', scores, 2);
    const n = scores.rows;
    const m = scores.cols;
    if (positives) {
      if (positives.length !== n) throw new ShapeError(`SoftmaxCrossEntropyLoss: ${positives.length} positives for ${n} rows`);
    } else if (m < n) {
      throw new ShapeError(`SoftmaxCrossEntropyLoss: scores ${dims(scores)} needs at least as many columns as rows (row i's positive is column i)`);
    }
    const g = this.buffer('grad', scores.shape, scores.dtype);
    const s = scores.data;
    const gd = g.data;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const base = i * m;
      const pos = positives ? positives[i]! : i;
      if (!(pos >= 0 && pos < m)) throw new ArgumentError(`SoftmaxCrossEntropyLoss: positives[${i}]`, `column ${pos} is outside [0, ${m})`);
      let max = -Infinity;
      for (let j = 0; j < m; j++) max = Math.max(max, s[base + j]!);
      let sum = 0;
      for (let j = 0; j < m; j++) {
        const e = Math.exp(s[base + j]! - max);
        gd[base + j] = e;
        sum += e;
      }
      total += max + Math.log(sum) - s[base + pos]!;
      const c = 1 / (sum * n);
      for (let j = 0; j < m; j++) gd[base + j] = gd[base + j]! * c;
      gd[base + pos] = gd[base + pos]! - 1 / n;
    }
    this.grad = g;
    return n === 0 ? 0 : total / n;
  }

  // ∂/∂s_ij [logsumexp_k s_ik - s_i,pos] = softmax(s_i)_j - [j = pos(i)]
  // dL/ds_ij = (p_ij - [j = pos(i)]) / n
  backward(): Tensor {
    return cached('SoftmaxCrossEntropyLoss', this.grad);
  }
}
