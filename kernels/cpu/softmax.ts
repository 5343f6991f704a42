import type { Tensor } from '../../src/tensor/tensor.js';
import { expectLength, expectRank, expectSameShape, fail } from '../shapes.js';

function validLength(op: string, lengths: Int32Array | null, r: number, m: number): number {
  if (lengths === null) return m;
  const len = lengths[r]!;
  if (len < 0 || len > m) fail(op, `lengths[${r}] = ${len} is outside [0, ${m}]`);
  return len;
}

/**
 * y_j = exp(x_j - beta·L) for j < len, 0 otherwise, with L = log sum_{k<len} exp(x_k).
 * beta = 1 is the ordinary softmax; beta < 1 (NAIS) softens the normaliser for
 * users with long histories. Masking is by `lengths` (the layers pass them), not by
 * -Infinity logits.
 *
 * Range: with beta = 1, log space (x - max) keeps y in [0, 1] for any finite row.
 * With beta < 1, y_j <= exp((1 - beta)·L) with L >= max_k x_k, which is not bounded:
 * it overflows float32 once (1 - beta)·L passes about 88.7 (x = [200, 0, -5] with
 * beta = 0.5 gives y_0 = exp(100) = Infinity), float64 past about 709. A row whose
 * valid entries are all -Infinity has no finite normaliser: it is written as zeros,
 * like a fully masked row, rather than NaN. NaN or +Infinity inputs give NaN.
 */
export function softmaxRows(out: Tensor, x: Tensor, lengths: Int32Array | null, beta = 1): void {
  expectRank('softmaxRows', 'x', x, 2);
  expectSameShape('softmaxRows', out, x);
  const n = x.rows;
  const m = x.cols;
  if (lengths !== null) expectLength('softmaxRows', 'lengths', lengths.length, n);
  const o = out.data, v = x.data;
  for (let r = 0; r < n; r++) {
    const base = r * m;
    const len = validLength('softmaxRows', lengths, r, m);
    let max = -Infinity;
    for (let j = 0; j < len; j++) max = Math.max(max, v[base + j]!);
    if (max === -Infinity) {
      // len = 0, or every valid logit is -Infinity: (x - max) would be NaN.
      for (let j = 0; j < m; j++) o[base + j] = 0;
      continue;
    }
    let sum = 0;
    for (let j = 0; j < len; j++) sum += Math.exp(v[base + j]! - max);
    // x_j - beta·L = (x_j - max) - beta·log(sum) + (1 - beta)·max. Folding max into
    // L first would lose log(sum) once |max| dwarfs it (a tie at 1e17 gave [1, 1]).
    const shift = (1 - beta) * max - beta * Math.log(sum);
    for (let j = 0; j < len; j++) o[base + j] = Math.exp(v[base + j]! - max + shift);
    for (let j = len; j < m; j++) o[base + j] = 0;
  }
}

/**
 * With p = softmax(x) (beta = 1), dy_j/dx_k = y_j (δ_jk - beta·p_k), so
 *   dx_k = y_k dy_k - beta · p_k · sum_j dy_j y_j,
 * and p_k = y_k / sum_j y_j recovers p from the cached output alone.
 */
export function softmaxRowsBackward(dx: Tensor, y: Tensor, dy: Tensor, lengths: Int32Array | null, beta = 1): void {
  expectRank('softmaxRowsBackward', 'y', y, 2);
  expectSameShape('softmaxRowsBackward', dx, y);
  expectSameShape('softmaxRowsBackward', dy, y);
  const n = y.rows;
  const m = y.cols;
  if (lengths !== null) expectLength('softmaxRowsBackward', 'lengths', lengths.length, n);
  const o = dx.data, p = y.data, g = dy.data;
  for (let r = 0; r < n; r++) {
    const base = r * m;
    const len = validLength('softmaxRowsBackward', lengths, r, m);
    let total = 0;
    let dot = 0;
    for (let j = 0; j < len; j++) {
      total += p[base + j]!;
      dot += g[base + j]! * p[base + j]!;
    }
    const c = total > 0 ? (beta * dot) / total : 0;
    for (let j = 0; j < len; j++) o[base + j] = p[base + j]! * (g[base + j]! - c);
    for (let j = len; j < m; j++) o[base + j] = 0;
  }
}
