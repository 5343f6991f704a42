import type { Tensor } from '../../src/tensor/tensor.js';
import { gatherRows as cpuGatherRows, scatterAddRows as cpuScatterAddRows } from '../cpu/gather.js';
import { expectRowsOfTable } from '../shapes.js';
import type { GpuRuntime, KernelThis } from './runtime.js';
import { readInto } from './runtime.js';

/** The shared shape checks, then whether every id is in range (if not, the CPU kernel throws its exact error). */
function checkRows(op: string, rowsTensor: Tensor, table: Tensor, idx: Int32Array): boolean {
  expectRowsOfTable(op, rowsTensor, table, idx);
  const n = table.rows;
  for (let r = 0; r < idx.length; r++) if (idx[r]! < 0 || idx[r]! >= n) return false;
  return true;
}

/** out[r, j] = table[idx[r], j]: one thread per output cell. */
export function gatherRowsBody(this: KernelThis<{ d: number }>, table: Float32Array, idx: Float32Array): number {
  return table[idx[this.thread.y]! * this.constants.d + this.thread.x]!;
}

/**
 * The scatter written as a gather, so no two threads ever write one cell:
 * contributions are grouped by destination row on the CPU (a stable sort of
 * positions by id, CSR offsets per distinct id), and thread (u, j) sums
 * rows[order[e], j] over its segment e in [offsets[u], offsets[u + 1]).
 * Repeated ids therefore accumulate. Slots past the distinct ids have empty
 * segments; `maxSeg` bounds the loop (rounded up to a power of two so a
 * handful of compiled variants cover every batch).
 */
export function segmentSumBody(
  this: KernelThis<{ d: number; maxSeg: number }>,
  rows: Float32Array,
  order: Float32Array,
  offsets: Float32Array,
): number {
  const u = this.thread.y;
  const j = this.thread.x;
  const start = offsets[u]!;
  const len = offsets[u + 1]! - start;
  let s = 0;
  for (let q = 0; q < this.constants.maxSeg; q++) {
    if (q >= len) break;
    s += rows[order[start + q]! * this.constants.d + j]!;
  }
  return s;
}

/** Work unit: gathered elements, b·d. */
export function gatherRows(rt: GpuRuntime, out: Tensor, table: Tensor, idx: Int32Array): void {
  // An id out of range goes to the CPU kernel, which throws the same ArgumentError naming its position.
  if (!checkRows('gatherRows', out, table, idx) || !rt.onDevice('gatherRows', out.size, [out, table], [out.cols, out.rows])) {
    return cpuGatherRows(out, table, idx);
  }
  const d = table.cols;
  // gpu.js fixes every argument's size when it builds a kernel, and the cache keys
  // on output and constants: the table's row count must be a constant too, or two
  // tables of different sizes gathered into the same output shape (a model's user
  // and item embeddings) would share one kernel and the second call would throw.
  const constants = { d, rows: table.rows };
  readInto(out.data, rt.exec('gatherRows', gatherRowsBody, { output: [d, idx.length], constants }, table.data, rt.ids('idx', idx)));
}

/** Work unit: scattered elements, b·d. */
export function scatterAddRows(rt: GpuRuntime, dst: Tensor, idx: Int32Array, rows: Tensor): void {
  if (!checkRows('scatterAddRows', rows, dst, idx) || !rt.onDevice('scatterAddRows', rows.size, [dst, rows], [rows.cols, rows.rows])) {
    return cpuScatterAddRows(dst, idx, rows);
  }
  const b = idx.length;
  const d = dst.cols;
  const order = rt.i32('order', b);
  for (let r = 0; r < b; r++) order[r] = r;
  order.sort((x, y) => idx[x]! - idx[y]! || x - y);

  // CSR over distinct ids: uniq[u] is the id, offsets[u]..offsets[u+1] its positions in `order`.
  const orderF = rt.f32('order', b);
  const offsets = rt.f32('offsets', b + 1);
  const uniq = rt.f32('uniq', b);
  let u = 0;
  let maxSeg = 0;
  let segStart = 0;
  for (let e = 0; e < b; e++) {
    orderF[e] = order[e]!;
    if (e === 0 || idx[order[e]!] !== idx[order[e - 1]!]) {
      if (e > 0) maxSeg = Math.max(maxSeg, e - segStart);
      offsets[u] = e;
      uniq[u++] = idx[order[e]!]!;
      segStart = e;
    }
  }
  maxSeg = Math.max(maxSeg, b - segStart);
  for (let v = u; v <= b; v++) offsets[v] = b;

  const sums = rt.f32('segmentSums', b * d);
  const bound = 2 ** Math.ceil(Math.log2(maxSeg));
  readInto(sums, rt.exec('segmentSum', segmentSumBody, { output: [d, b], constants: { d, maxSeg: bound }, loops: bound }, rows.data, orderF, offsets));
  // Only the touched rows of dst change: dst[uniq[v]] += sums[v].
  const out = dst.data;
  for (let v = 0; v < u; v++) {
    const o = uniq[v]! * d;
    const s = v * d;
    for (let j = 0; j < d; j++) out[o + j] = out[o + j]! + sums[s + j]!;
  }
}
