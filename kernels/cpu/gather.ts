import { ArgumentError } from '../../src/errors.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { expectRowsOfTable } from '../shapes.js';


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
  for (let r = 0; r < idx.length; r++) {
    const id = idx[r]!;
    if (id < 0 || id >= n) badIndex('scatterAddRows', idx, r, n);
    const o = id * d;
    const s = r * d;
    for (let j = 0; j < d; j++) out[o + j] = out[o + j]! + src[s + j]!;
  }
}
