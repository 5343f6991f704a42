import type { Tensor } from '../../src/tensor/tensor.js';
import { batchMatmul as cpuBatchMatmul, matmul as cpuMatmul } from '../cpu/matmul.js';
import { matmulDims } from '../shapes.js';
import type { GpuRuntime, KernelThis } from './runtime.js';
import { readInto } from './runtime.js';

/**
 * One thread per output cell: C(i, j) = sum_p A(i, p) B(p, j), with both
 * operands addressed through strides, A(i, p) = a[i·sai + p·sap] and
 * B(p, j) = b[p·sbp + j·sbj], so the four transpose cases share one body and
 * differ only in the constants baked into the compiled kernel.
 */
interface MatmulConstants {
  k: number;
  n: number;
  sai: number;
  sap: number;
  sbp: number;
  sbj: number;
}

export function matmulBody(this: KernelThis<MatmulConstants>, a: Float32Array, b: Float32Array): number {
  const i = this.thread.y;
  const j = this.thread.x;
  let s = 0;
  for (let p = 0; p < this.constants.k; p++) {
    s += a[i * this.constants.sai + p * this.constants.sap]! * b[p * this.constants.sbp + j * this.constants.sbj]!;
  }
  return s;
}

/** The same, plus the old value of C: C(i, j) = c0(i, j) + sum_p A(i, p) B(p, j). */
export function matmulAccBody(this: KernelThis<MatmulConstants>, a: Float32Array, b: Float32Array, c0: Float32Array): number {
  const i = this.thread.y;
  const j = this.thread.x;
  let s = 0;
  for (let p = 0; p < this.constants.k; p++) {
    s += a[i * this.constants.sai + p * this.constants.sap]! * b[p * this.constants.sbp + j * this.constants.sbj]!;
  }
  return c0[i * this.constants.n + j]! + s;
}

interface BatchConstants extends MatmulConstants {
  m: number;
}

/** thread.z picks the batch entry; each entry's operands start at t·m·k, t·k·n and t·m·n. */
export function batchMatmulBody(this: KernelThis<BatchConstants>, a: Float32Array, b: Float32Array): number {
  const t = this.thread.z;
  const i = this.thread.y;
  const j = this.thread.x;
  const ao = t * this.constants.m * this.constants.k;
  const bo = t * this.constants.k * this.constants.n;
  let s = 0;
  for (let p = 0; p < this.constants.k; p++) {
    s += a[ao + i * this.constants.sai + p * this.constants.sap]! * b[bo + p * this.constants.sbp + j * this.constants.sbj]!;
  }
  return s;
}

export function batchMatmulAccBody(this: KernelThis<BatchConstants>, a: Float32Array, b: Float32Array, c0: Float32Array): number {
  const t = this.thread.z;
  const i = this.thread.y;
  const j = this.thread.x;
  const ao = t * this.constants.m * this.constants.k;
  const bo = t * this.constants.k * this.constants.n;
  let s = 0;
  for (let p = 0; p < this.constants.k; p++) {
    s += a[ao + i * this.constants.sai + p * this.constants.sap]! * b[bo + p * this.constants.sbp + j * this.constants.sbj]!;
  }
  return c0[(t * this.constants.m + i) * this.constants.n + j]! + s;
}

function strideConstants(m: number, k: number, n: number, transA: boolean, transB: boolean): MatmulConstants {
  // Strides of op(X) [rows, cols] stored as X (row-major) or as Xᵀ.
  return transA
    ? { k, n, sai: 1, sap: m, sbp: transB ? 1 : n, sbj: transB ? k : 1 }
    : { k, n, sai: k, sap: 1, sbp: transB ? 1 : n, sbj: transB ? k : 1 };
}

/** Work unit: multiply-adds, m·n·k. */
export function matmul(rt: GpuRuntime, out: Tensor, a: Tensor, b: Tensor, transA = false, transB = false, accumulate = false): void {
  const { m, k, n } = matmulDims('matmul', out, a, b, transA, transB, false);
  if (!rt.onDevice('matmul', m * n * k, [out, a, b], [n, m])) return cpuMatmul(out, a, b, transA, transB, accumulate);
  const settings = { output: [n, m], constants: { ...strideConstants(m, k, n, transA, transB) }, loops: k };
  const result = accumulate
    ? rt.exec('matmulAcc', matmulAccBody, settings, a.data, b.data, out.data)
    : rt.exec('matmul', matmulBody, settings, a.data, b.data);
  readInto(out.data, result);
}

export function batchMatmul(rt: GpuRuntime, out: Tensor, a: Tensor, b: Tensor, transA = false, transB = false, accumulate = false): void {
  const { batch, m, k, n } = matmulDims('batchMatmul', out, a, b, transA, transB, true);
  if (!rt.onDevice('batchMatmul', batch * m * n * k, [out, a, b], [n, m, batch])) return cpuBatchMatmul(out, a, b, transA, transB, accumulate);
  const settings = { output: [n, m, batch], constants: { m, ...strideConstants(m, k, n, transA, transB) }, loops: k };
  const result = accumulate
    ? rt.exec('batchMatmulAcc', batchMatmulAccBody, settings, a.data, b.data, out.data)
    : rt.exec('batchMatmul', batchMatmulBody, settings, a.data, b.data);
  readInto(out.data, result);
}
