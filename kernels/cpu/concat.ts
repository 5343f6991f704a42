import type { Tensor } from '../../src/tensor/tensor.js';
import { expectColumnBlocks } from '../shapes.js';
import { simdElementwise, SIMD_MAX_ELEMENTS, SIMD_MIN_ELEMENTS } from './wasm/elementwise.js';

/** Float32 blocks whose widths are whole 4-float vectors move in WebAssembly SIMD. */
function simdBlocks(x: Tensor, parts: readonly Tensor[]): boolean {
  if (x.size < SIMD_MIN_ELEMENTS || x.size > SIMD_MAX_ELEMENTS || !(x.data instanceof Float32Array)) return false;
  for (const p of parts) if (p.cols % 4 !== 0 || !(p.data instanceof Float32Array)) return false;
  return true;
}

/** out = [inputs[0] | inputs[1] | ...] along columns. */
export function concatCols(out: Tensor, inputs: readonly Tensor[]): void {
  expectColumnBlocks('concatCols', out, inputs);
  const simd = simdBlocks(out, inputs) ? simdElementwise() : null;
  if (simd) return simd.concatCols(out, inputs);
  const n = out.rows;
  const w = out.cols;
  let col = 0;
  for (const part of inputs) {
    const pw = part.cols;
    const src = part.data;
    const dst = out.data;
    for (let i = 0; i < n; i++) {
      const o = i * w + col;
      const s = i * pw;
      for (let j = 0; j < pw; j++) dst[o + j] = src[s + j]!;
    }
    col += pw;
  }
}

/** outputs[p] = the p-th column block of x (the backward of concatCols). */
export function splitCols(outputs: readonly Tensor[], x: Tensor): void {
  expectColumnBlocks('splitCols', x, outputs);
  const simd = simdBlocks(x, outputs) ? simdElementwise() : null;
  if (simd) return simd.splitCols(outputs, x);
  const n = x.rows;
  const w = x.cols;
  let col = 0;
  for (const part of outputs) {
    const pw = part.cols;
    const src = x.data;
    const dst = part.data;
    for (let i = 0; i < n; i++) {
      const s = i * w + col;
      const o = i * pw;
      for (let j = 0; j < pw; j++) dst[o + j] = src[s + j]!;
    }
    col += pw;
  }
}
