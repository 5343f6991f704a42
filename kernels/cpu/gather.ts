import { ArgumentError } from '../../src/errors.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { expectRowsOfTable } from '../shapes.js';
import { simdFor } from './wasm/elementwise.js';

/**
 * The float32 routes copy a whole table into WebAssembly memory, which pays while
 * the table is at most this many times the rows moved: a gather's source table,
 * a scatter's destination (a SparseRowGrad's slot store, never an embedding table).
 */
const GATHER_TABLE_RATIO = 16;
const SCATTER_TABLE_RATIO = 4;

/** Every id is checked before anything is written, on every route. */
function checkIds(op: string, idx: Int32Array, n: number): void {
  for (let r = 0; r < idx.length; r++) {
    const id = idx[r]!;
    if (!(id >= 0 && id < n)) throw new ArgumentError(`${op}: idx[${r}]`, `row id ${id} is out of range [0, ${n})`);
  }
}

/** out[r] = table[idx[r]]. */
export function gatherRows(out: Tensor, table: Tensor, idx: Int32Array): void {
  expectRowsOfTable('gatherRows', out, table, idx);
  checkIds('gatherRows', idx, table.rows);
  const d = table.cols;
  const src = table.data;
  const dst = out.data;
  const simd = d % 4 === 0 && src.length <= GATHER_TABLE_RATIO * dst.length ? simdFor(src.length + dst.length, dst, src) : null;
  if (simd) return simd.gatherRows(dst as Float32Array, src as Float32Array, idx, d);
  for (let r = 0; r < idx.length; r++) {
    const s = idx[r]! * d;
    const o = r * d;
    for (let j = 0; j < d; j++) dst[o + j] = src[s + j]!;
  }
}

/** dst[idx[r]] += rows[r]. Repeated ids accumulate: this is the backward of gatherRows. */
export function scatterAddRows(dst: Tensor, idx: Int32Array, rows: Tensor): void {
  expectRowsOfTable('scatterAddRows', rows, dst, idx);
  checkIds('scatterAddRows', idx, dst.rows);
  const d = dst.cols;
  const src = rows.data;
  const out = dst.data;
  const simd = d % 4 === 0 && out.length <= SCATTER_TABLE_RATIO * src.length ? simdFor(out.length + src.length, out, src) : null;
  if (simd) return simd.scatterAddRows(out as Float32Array, idx, src as Float32Array, d);
  for (let r = 0; r < idx.length; r++) {
    const o = idx[r]! * d;
    const s = r * d;
    for (let j = 0; j < d; j++) out[o + j] = out[o + j]! + src[s + j]!;
  }
}
