import type { RowExclusions, KernelSet } from '../index.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import * as act from './activations.js';
import { concatCols, splitCols } from './concat.js';
import * as ew from './elementwise.js';
import { gatherRows, scatterAddRows } from './gather.js';
import { bceWithLogits, mse } from './losses.js';
import { batchMatmul, matmul } from './matmul.js';
import { rowDot, sumCols, sumRows } from './reduce.js';
import { GpuRuntime, type GpuLike, type GpuStats, type Thresholds } from './runtime.js';
import { scoreUsers } from './score.js';
import { softmaxRows, softmaxRowsBackward } from './softmax.js';
import { topK } from './topk.js';

export { GpuRuntime, readInto } from './runtime.js';
export type { BuildSettings, GpuKernelRun, GpuLike, GpuStats, KernelThis, Thresholds } from './runtime.js';

export interface GpuKernelOptions {
  /** A constructed gpu.js `GPU` (the backend imports gpu.js lazily and passes it in). */
  readonly gpu: GpuLike;
  /** The gpu.js mode `gpu` was built for ('cpu' is allowed, for testing kernel bodies without a device). */
  readonly mode: string;
  /** CPU hand-off thresholds per kernel (see runtime.ts); missing kernels default to 0, i.e. always on the device. */
  readonly thresholds?: Thresholds;
  /** Where a kernel that gpu.js degraded to its CPU fallback is reported (once per kernel). */
  readonly log?: (message: string) => void;
  /** Largest output texture side on GL modes (gpu.js raises past it); Infinity elsewhere. */
  readonly maxGrid?: number;
}

/** The GPU kernel set plus what only it has: catalogue scoring, stats, and disposal. */
export interface GpuKernels {
  readonly kernels: KernelSet;
  /** out[u, i] = users[u] · items[i]: one batch of users against the whole catalogue. */
  scoreUsers(out: Tensor, users: Tensor, items: Tensor): void;
  readonly runtime: GpuRuntime;
  readonly stats: GpuStats;
  dispose(): void;
}

/**
 * Builds the GPU kernels over one gpu.js instance. Every kernel checks shapes
 * exactly as its CPU twin does, then either runs a cached gpu.js kernel or
 * hands the call to kernels/cpu (float64 tensors, empty work, work under the
 * threshold, ids or lengths out of range so the CPU throws the same error).
 */
export function createGpuKernels(options: GpuKernelOptions): GpuKernels {
  const rt = new GpuRuntime(options.gpu, options.mode, options.thresholds ?? {}, options.log ?? ((m) => console.warn(m)), options.maxGrid);
  const kernels = {
    matmul: (out, a, b, transA, transB, accumulate) => matmul(rt, out, a, b, transA, transB, accumulate),
    batchMatmul: (out, a, b, transA, transB, accumulate) => batchMatmul(rt, out, a, b, transA, transB, accumulate),
    scoreUsers: (out, users, items) => scoreUsers(rt, out, users, items),
    gatherRows: (out, table, idx) => gatherRows(rt, out, table, idx),
    scatterAddRows: (dst, idx, rows) => scatterAddRows(rt, dst, idx, rows),
    concatCols: (out, inputs) => concatCols(rt, out, inputs),
    splitCols: (outputs, x) => splitCols(rt, outputs, x),
    add: (out, a, b) => ew.add(rt, out, a, b),
    sub: (out, a, b) => ew.sub(rt, out, a, b),
    mul: (out, a, b) => ew.mul(rt, out, a, b),
    scale: (out, a, s) => ew.scale(rt, out, a, s),
    axpy: (y, alpha, x) => ew.axpy(rt, y, alpha, x),
    fill: (out, value) => ew.fill(rt, out, value),
    addRowVector: (out, a, v) => ew.addRowVector(rt, out, a, v),
    scaleRows: (out, a, s) => ew.scaleRows(rt, out, a, s),
    relu: (out, x) => act.relu(rt, out, x),
    reluBackward: (dx, y, dy) => act.reluBackward(rt, dx, y, dy),
    leakyRelu: (out, x, slope) => act.leakyRelu(rt, out, x, slope),
    leakyReluBackward: (dx, y, dy, slope) => act.leakyReluBackward(rt, dx, y, dy, slope),
    sigmoid: (out, x) => act.sigmoid(rt, out, x),
    sigmoidBackward: (dx, y, dy) => act.sigmoidBackward(rt, dx, y, dy),
    tanh: (out, x) => act.tanh(rt, out, x),
    tanhBackward: (dx, y, dy) => act.tanhBackward(rt, dx, y, dy),
    softmaxRows: (out, x, lengths, beta) => softmaxRows(rt, out, x, lengths, beta),
    softmaxRowsBackward: (dx, y, dy, lengths, beta) => softmaxRowsBackward(rt, dx, y, dy, lengths, beta),
    sumRows: (out, x) => sumRows(rt, out, x),
    sumCols: (out, x, accumulate) => sumCols(rt, out, x, accumulate),
    rowDot: (out, a, b) => rowDot(rt, out, a, b),
    bceWithLogits: (grad, logits, targets, weights) => bceWithLogits(rt, grad, logits, targets, weights),
    mse: (grad, pred, targets, weights) => mse(rt, grad, pred, targets, weights),
    topK: (outIdx, outScores, scores, k, exclude?: RowExclusions | null) => topK(rt, outIdx, outScores, scores, k, exclude),
  } satisfies KernelSet;
  return {
    kernels,
    scoreUsers: kernels.scoreUsers,
    runtime: rt,
    stats: rt.stats,
    dispose: () => rt.dispose(),
  };
}
