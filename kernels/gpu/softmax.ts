import type { Tensor } from '../../src/tensor/tensor.js';
import * as cpu from '../cpu/softmax.js';
import { expectLength, expectRank, expectSameShape } from '../shapes.js';
import type { GpuRuntime, KernelThis } from './runtime.js';
import { readInto } from './runtime.js';

/**
 * Forward in three launches: the row maximum M_r, then S_r = log sum_{k<len}
 * exp(x_k - M_r), then y_j = exp((x_j - M_r) - beta·S_r + (1 - beta)·M_r)
 * = exp(x_j - beta·(M_r + S_r)). Keeping M_r apart keeps x_j - M_r exact in
 * float32 even for scores near 1000. The per-row kernels are built with
 * `pipeline: true`, so on the GL backends M and S stay on the device as
 * textures and only the final [n, m] result is read back. Work unit: n·m.
 */
export function rowMaxBody(this: KernelThis<{ m: number }>, x: Float32Array, lengths: Float32Array): number {
  const r = this.thread.x;
  const len = lengths[r]!;
  const base = r * this.constants.m;
  // GLSL has no -Infinity literal: seed with the lowest float32 (-FLT_MAX), so any
  // finite valid logit, however negative, becomes the max. A row whose valid logits
  // are all -Infinity keeps the seed, and its log sum below is then 0 (flagged).
  let mx = -3.4028234663852886e38;
  for (let j = 0; j < this.constants.m; j++) {
    if (j < len) mx = Math.max(mx, x[base + j]!);
  }
  return len > 0 ? mx : 0;
}

export function logSumShiftedBody(this: KernelThis<{ m: number }>, x: Float32Array, lengths: Float32Array, rowMax: Float32Array): number {
  const r = this.thread.x;
  const len = lengths[r]!;
  const base = r * this.constants.m;
  const mx = rowMax[r]!;
  let sum = 0;
  for (let j = 0; j < this.constants.m; j++) {
    if (j < len) sum += Math.exp(x[base + j]! - mx);
  }
  // sum is at least 1 when a valid logit is finite (the row max is then that logit,
  // since the seed is -FLT_MAX, and its term is exp(0)); it is 0 only when every
  // valid logit is -Infinity. GLSL's log(0) is undefined, so such a
  // row is flagged with 1e30 (a real log sum is at most log m). Kernel bodies are
  // compiled from their source, so the flag is a literal, not a shared constant.
  if (len > 0 && sum > 0) return Math.log(sum);
  return len > 0 ? 1.0e30 : 0;
}

export function softmaxApplyBody(
  this: KernelThis<{ m: number; beta: number }>,
  x: Float32Array,
  lengths: Float32Array,
  rowMax: Float32Array,
  logSum: Float32Array,
): number {
  const r = this.thread.y;
  const j = this.thread.x;
  const mx = rowMax[r]!;
  const ls = logSum[r]!;
  const z = x[r * this.constants.m + j]! - mx - this.constants.beta * ls + (1 - this.constants.beta) * mx;
  // A row without a finite normaliser (logSum flagged 1e30) is zeros, as on the CPU.
  return j < lengths[r]! && ls < 1.0e29 ? Math.exp(z) : 0;
}

/** Backward in two launches, the first pipelined. First: c_r = beta · (sum_j dy_j y_j) / (sum_j y_j), or 0 for an empty row. */
export function softmaxBackCoefBody(
  this: KernelThis<{ m: number; beta: number }>,
  y: Float32Array,
  dy: Float32Array,
  lengths: Float32Array,
): number {
  const r = this.thread.x;
  const len = lengths[r]!;
  const base = r * this.constants.m;
  let total = 0;
  let dot = 0;
  for (let j = 0; j < this.constants.m; j++) {
    if (j < len) {
      total += y[base + j]!;
      dot += dy[base + j]! * y[base + j]!;
    }
  }
  return total > 0 ? (this.constants.beta * dot) / total : 0;
}

/** Second pass: dx_j = y_j (dy_j - c_r) inside the row's length, 0 outside. */
export function softmaxBackApplyBody(
  this: KernelThis<{ m: number }>,
  y: Float32Array,
  dy: Float32Array,
  lengths: Float32Array,
  coef: Float32Array,
): number {
  const r = this.thread.y;
  const j = this.thread.x;
  const o = r * this.constants.m + j;
  return j < lengths[r]! ? y[o]! * (dy[o]! - coef[r]!) : 0;
}

/** lengths as floats, or every row full when null; false when one is out of range (the CPU kernel then throws). */
function lengthsOnDevice(rt: GpuRuntime, lengths: Int32Array | null, n: number, m: number): Float32Array | null {
  const f = rt.f32('lengths', n);
  for (let r = 0; r < n; r++) {
    const len = lengths === null ? m : lengths[r]!;
    if (len < 0 || len > m) return null;
    f[r] = len;
  }
  return f;
}

export function softmaxRows(rt: GpuRuntime, out: Tensor, x: Tensor, lengths: Int32Array | null, beta = 1): void {
  expectRank('softmaxRows', 'x', x, 2);
  expectSameShape('softmaxRows', out, x);
  const n = x.rows;
  const m = x.cols;
  if (lengths !== null) expectLength('softmaxRows', 'lengths', lengths.length, n);
  const lens = rt.onDevice('softmaxRows', out.size, [out, x], [m, n]) ? lengthsOnDevice(rt, lengths, n, m) : null;
  if (lens === null) return cpu.softmaxRows(out, x, lengths, beta);
  const perRow = { output: [n], constants: { m }, loops: m, pipeline: true };
  const rowMax = rt.exec('rowMax', rowMaxBody, perRow, x.data, lens);
  const logSum = rt.exec('logSumShifted', logSumShiftedBody, perRow, x.data, lens, rowMax);
  readInto(out.data, rt.exec('softmaxApply', softmaxApplyBody, { output: [m, n], constants: { m, beta } }, x.data, lens, rowMax, logSum));
}

export function softmaxRowsBackward(rt: GpuRuntime, dx: Tensor, y: Tensor, dy: Tensor, lengths: Int32Array | null, beta = 1): void {
  expectRank('softmaxRowsBackward', 'y', y, 2);
  expectSameShape('softmaxRowsBackward', dx, y);
  expectSameShape('softmaxRowsBackward', dy, y);
  const n = y.rows;
  const m = y.cols;
  if (lengths !== null) expectLength('softmaxRowsBackward', 'lengths', lengths.length, n);
  const lens = rt.onDevice('softmaxRowsBackward', dx.size, [dx, y, dy], [m, n]) ? lengthsOnDevice(rt, lengths, n, m) : null;
  if (lens === null) return cpu.softmaxRowsBackward(dx, y, dy, lengths, beta);
  const coef = rt.exec('softmaxBackCoef', softmaxBackCoefBody, { output: [n], constants: { m, beta }, loops: m, pipeline: true }, y.data, dy.data, lens);
  readInto(dx.data, rt.exec('softmaxBackApply', softmaxBackApplyBody, { output: [m, n], constants: { m } }, y.data, dy.data, lens, coef));
}
