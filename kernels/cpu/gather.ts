import { ArgumentError } from '../../src/errors.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { expectRowsOfTable } from '../shapes.js';
import { simdFor } from './wasm/elementwise.js';


function badIndex(op: string, idx: Int32Array, r: number, n: number): never {
  throw new ArgumentError(`${op}: idx[${r}]`, `row id ${idx[r]} is out of range [0, ${n})`);
}

/** out[r] = table[idx[r]]. */
export function gatherRows(out: Tensor, table: Tensor, idx: Int32Array): void {
  expectRowsOfTable('gatherRows', out, table, idx);
  const d = table.cols;
  const n = table.rows;
  const src = table.data;
  const dst = out.data;
  // Float32 rows of whole 4-float vectors from a table at most 16x the output: one
  // native copy of the table, then a SIMD gather (the ids are checked here first).
  const simd = d % 4 === 0 && src.length <= 16 * dst.length ? simdFor(src.length + dst.length, dst, src) : null;
  if (simd) {
    for (let r = 0; r < idx.length; r++) if (!(idx[r]! >= 0 && idx[r]! < n)) badIndex('gatherRows', idx, r, n);
    return simd.gatherRows(dst as Float32Array, src as Float32Array, idx, d);
  }
  for (let r = 0; r < idx.length; r++) {
    const id = idx[r]!;
    if (id < 0 || id >= n) badIndex('gatherRows', idx, r, n);
    const s = id * d;
    const o = r * d;
    for (let j = 0; j < d; j++) dst[o + j] = src[s + j]!;
  }
}

/** dst[idx[r]] += rows[r]. Repeated ids accumulate: this is the backward of gatherRows. */
export function scatterAddRows(dst: Tensor, idx: Int32Array, rows: Tensor): void {
  expectRowsOfTable('scatterAddRows', rows, dst, idx);
  const d = dst.cols;
  const n = dst.rows;
  const src = rows.data;
  const out = dst.data;
  // Float32 rows of whole 4-float vectors: checked here, added in WebAssembly SIMD,
  // which copies all of dst in and out, so only when dst is not much larger than the
  // rows added (a SparseRowGrad's slots; not a whole embedding table).
  const simd = d % 4 === 0 && out.length <= 4 * src.length ? simdFor(out.length + src.length, out, src) : null;
  if (simd) {
    for (let r = 0; r < idx.length; r++) if (!(idx[r]! >= 0 && idx[r]! < n)) badIndex('scatterAddRows', idx, r, n);
    return simd.scatterAddRows(out as Float32Array, idx, src as Float32Array, d);
  }
  for (let r = 0; r < idx.length; r++) {
    const id = idx[r]!;
    if (id < 0 || id >= n) badIndex('scatterAddRows', idx, r, n);
    const o = id * d;
    const s = r * d;
    for (let j = 0; j < d; j++) out[o + j] = out[o + j]! + src[s + j]!;
  }
}
