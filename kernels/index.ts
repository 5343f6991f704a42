import type { Tensor } from '../src/tensor/tensor.js';

/**
 * Rows to leave out of a top-K selection, in CSR form: the excluded columns of
 * row r are `indices[offsets[r] .. offsets[r + 1])`. (A user's training items.)
 */
export interface RowExclusions {
  readonly offsets: Int32Array;
  readonly indices: Int32Array;
}

/**
 * The contract every backend implements. Each backend's kernel object is declared
 * `satisfies KernelSet`, so the compiler keeps `kernels/cpu` and `kernels/gpu` in step.
 *
 * Conventions: the destination comes first and is overwritten (unless a kernel
 * says it accumulates); kernels never allocate per call beyond reusable scratch;
 * tensors are dense row-major; ids are `Int32Array`s. Activation backwards take the
 * forward *output* y, which is all they need. Loss kernels return the summed loss
 * and write the per-element gradient of that sum.
 */
export interface KernelSet {
  /** out = op(a) · op(b) (+ out when `accumulate`); op transposes when its flag is set. 2-D operands. */
  matmul(out: Tensor, a: Tensor, b: Tensor, transA?: boolean, transB?: boolean, accumulate?: boolean): void;
  /** The same for rank-3 operands, one independent product per leading index. */
  batchMatmul(out: Tensor, a: Tensor, b: Tensor, transA?: boolean, transB?: boolean, accumulate?: boolean): void;

  /**
   * out[u, i] = users[u] · items[i]: a batch of user vectors [n, d] scored against
   * every item vector [m, d] (the serving path of dot-product models).
   */
  scoreUsers(out: Tensor, users: Tensor, items: Tensor): void;

  /** out[r] = table[idx[r]]. */
  gatherRows(out: Tensor, table: Tensor, idx: Int32Array): void;
  /** dst[idx[r]] += rows[r]; repeated indices accumulate. */
  scatterAddRows(dst: Tensor, idx: Int32Array, rows: Tensor): void;
  /** out = [inputs[0] | inputs[1] | ...] along the feature (last) axis of 2-D tensors. */
  concatCols(out: Tensor, inputs: readonly Tensor[]): void;
  /** The inverse of concatCols: outputs[p] = the p-th column block of x. */
  splitCols(outputs: readonly Tensor[], x: Tensor): void;

  add(out: Tensor, a: Tensor, b: Tensor): void;
  sub(out: Tensor, a: Tensor, b: Tensor): void;
  mul(out: Tensor, a: Tensor, b: Tensor): void;
  /** out = s · a. */
  scale(out: Tensor, a: Tensor, s: number): void;
  /** y += alpha · x. */
  axpy(y: Tensor, alpha: number, x: Tensor): void;
  fill(out: Tensor, value: number): void;
  /** out[i, j] = a[i, j] + v[j] (a bias broadcast over rows). */
  addRowVector(out: Tensor, a: Tensor, v: Tensor): void;
  /** out[i, j] = s[i] · a[i, j] (each row scaled by its own factor: RowDot's backward). */
  scaleRows(out: Tensor, a: Tensor, s: Tensor): void;

  relu(out: Tensor, x: Tensor): void;
  reluBackward(dx: Tensor, y: Tensor, dy: Tensor): void;
  leakyRelu(out: Tensor, x: Tensor, slope: number): void;
  leakyReluBackward(dx: Tensor, y: Tensor, dy: Tensor, slope: number): void;
  sigmoid(out: Tensor, x: Tensor): void;
  sigmoidBackward(dx: Tensor, y: Tensor, dy: Tensor): void;
  tanh(out: Tensor, x: Tensor): void;
  tanhBackward(dx: Tensor, y: Tensor, dy: Tensor): void;

  /**
   * Row softmax over the first `lengths[r]` slots of row r (all slots when `lengths`
   * is null); the other slots get exactly 0, and a row with length 0 is all zeros.
   * With `beta` != 1 the denominator is raised to beta (NAIS smoothing):
   * y_j = exp(x_j) / (sum_k exp(x_k))^beta.
   */
  softmaxRows(out: Tensor, x: Tensor, lengths: Int32Array | null, beta?: number): void;
  /** dx from the forward output y and dy; masked slots get 0. */
  softmaxRowsBackward(dx: Tensor, y: Tensor, dy: Tensor, lengths: Int32Array | null, beta?: number): void;

  /** out[i] = sum_j x[i, j]; out has one element per row. */
  sumRows(out: Tensor, x: Tensor): void;
  /** out[j] = sum_i x[i, j] (+ out when `accumulate`). */
  sumCols(out: Tensor, x: Tensor, accumulate?: boolean): void;
  /** out[i] = sum_j a[i, j] · b[i, j]. */
  rowDot(out: Tensor, a: Tensor, b: Tensor): void;

  /**
   * Sum over i of w_i · BCE(sigmoid(z_i), y_i), computed stably from the logits;
   * writes grad_i = w_i (sigmoid(z_i) - y_i) when grad is given. Weights default to 1.
   */
  bceWithLogits(grad: Tensor | null, logits: Tensor, targets: Tensor, weights?: Tensor | null): number;
  /** Sum over i of w_i (p_i - t_i)^2; writes grad_i = 2 w_i (p_i - t_i) when grad is given. */
  mse(grad: Tensor | null, pred: Tensor, targets: Tensor, weights?: Tensor | null): number;

  /**
   * The k best columns of each row of `scores` [n, m], best first, written to
   * outIdx / outScores [n * k]. Ties go to the lower column index; NaN never
   * wins; excluded or missing slots are reported as index -1, score -Infinity.
   */
  topK(
    outIdx: Int32Array,
    outScores: Float32Array | Float64Array,
    scores: Tensor,
    k: number,
    exclude?: RowExclusions | null,
  ): void;
}

export type KernelName = keyof KernelSet;
