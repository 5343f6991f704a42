import type { Tensor } from '../../src/tensor/tensor.js';
import { expectColumnBlocks } from '../shapes.js';

/** out = [inputs[0] | inputs[1] | ...] along columns. */
export function concatCols(out: Tensor, inputs: readonly Tensor[]): void {
  expectColumnBlocks('concatCols', out, inputs);
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
