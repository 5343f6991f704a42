import type { Tensor } from '../../src/tensor/tensor.js';
import * as cpu from '../cpu/concat.js';
import { expectColumnBlocks } from '../shapes.js';
import type { GpuRuntime, KernelThis } from './runtime.js';
import { readInto } from './runtime.js';

/**
 * Up to four column blocks in one launch: column j belongs to the first part
 * whose end column e_p exceeds it; unused parts are zero wide. (A gpu.js kernel
 * has a fixed argument list, so more than four parts go to the CPU kernel.)
 */
export function concatColsBody(
  this: KernelThis<{ e0: number; e1: number; e2: number; w0: number; w1: number; w2: number; w3: number }>,
  p0: Float32Array,
  p1: Float32Array,
  p2: Float32Array,
  p3: Float32Array,
): number {
  const i = this.thread.y;
  const j = this.thread.x;
  if (j < this.constants.e0) return p0[i * this.constants.w0 + j]!;
  if (j < this.constants.e1) return p1[i * this.constants.w1 + j - this.constants.e0]!;
  if (j < this.constants.e2) return p2[i * this.constants.w2 + j - this.constants.e1]!;
  return p3[i * this.constants.w3 + j - this.constants.e2]!;
}

/** One column block of x: out[i, j] = x[i, col + j]. */
export function sliceColsBody(this: KernelThis<{ w: number; col: number }>, x: Float32Array): number {
  return x[this.thread.y * this.constants.w + this.constants.col + this.thread.x]!;
}

const MAX_PARTS = 4;
const placeholder = new Float32Array(1);

/** Work unit: elements of out. */
export function concatCols(rt: GpuRuntime, out: Tensor, inputs: readonly Tensor[]): void {
  expectColumnBlocks('concatCols', out, inputs);
  if (inputs.length > MAX_PARTS || !rt.onDevice('concatCols', out.size, [out, ...inputs], [out.cols, out.rows])) return cpu.concatCols(out, inputs);
  const w = [0, 0, 0, 0];
  const args: Float32Array[] = [placeholder, placeholder, placeholder, placeholder];
  inputs.forEach((p, i) => {
    w[i] = p.cols;
    // A zero-wide part has no data to upload; gpu.js needs a non-empty array.
    if (p.size > 0) args[i] = p.data as Float32Array;
  });
  const [w0, w1, w2, w3] = w as [number, number, number, number];
  const constants = { e0: w0, e1: w0 + w1, e2: w0 + w1 + w2, w0, w1, w2, w3 };
  readInto(out.data, rt.exec('concatCols', concatColsBody, { output: [out.cols, out.rows], constants }, ...args));
}

/** Work unit: elements of x. One launch per part. */
export function splitCols(rt: GpuRuntime, outputs: readonly Tensor[], x: Tensor): void {
  expectColumnBlocks('splitCols', x, outputs);
  if (!rt.onDevice('splitCols', x.size, [x, ...outputs], [x.cols, x.rows])) return cpu.splitCols(outputs, x);
  let col = 0;
  for (const part of outputs) {
    if (part.size > 0) {
      readInto(part.data, rt.exec('sliceCols', sliceColsBody, { output: [part.cols, part.rows], constants: { w: x.cols, col } }, x.data));
    }
    col += part.cols;
  }
}
