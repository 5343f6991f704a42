import { ShapeError } from '../src/errors.js';
import type { Tensor } from '../src/tensor/tensor.js';

/**
 * Shape checks shared by every backend, so the CPU and GPU kernels reject the
 * same inputs with the same messages. They run once per call, never per element.
 */
export function fail(op: string, message: string): never {
  throw new ShapeError(`${op}: ${message}`);
}

export function dims(t: Tensor): string {
  return `[${t.shape.join(', ')}]`;
}

export function expectRank(op: string, name: string, t: Tensor, rank: number): void {
  if (t.rank !== rank) fail(op, `${name} must have rank ${rank}, got ${dims(t)}`);
}

export function expectSameSize(op: string, out: Tensor, ...inputs: Tensor[]): void {
  for (const t of inputs) {
    if (t.size !== out.size) fail(op, `sizes differ: ${dims(out)} vs ${dims(t)}`);
  }
}

export function expectSameShape(op: string, a: Tensor, b: Tensor): void {
  if (a.rank !== b.rank || a.shape.some((d, i) => d !== b.shape[i])) fail(op, `shapes differ: ${dims(a)} vs ${dims(b)}`);
}

export function expectLength(op: string, name: string, actual: number, expected: number): void {
  if (actual !== expected) fail(op, `${name} has length ${actual}, expected ${expected}`);
}

/** The (M, K, N) of out = op(A) op(B) for 2-D operands, validated. */
export function matmulDims(
  op: string,
  out: Tensor,
  a: Tensor,
  b: Tensor,
  transA: boolean,
  transB: boolean,
  batched: boolean,
): { batch: number; m: number; k: number; n: number } {
  const rank = batched ? 3 : 2;
  expectRank(op, 'out', out, rank);
  expectRank(op, 'a', a, rank);
  expectRank(op, 'b', b, rank);
  const o = batched ? 1 : 0;
  const batch = batched ? out.shape[0]! : 1;
  if (batched && (a.shape[0] !== batch || b.shape[0] !== batch)) {
    fail(op, `batch sizes differ: out ${dims(out)}, a ${dims(a)}, b ${dims(b)}`);
  }
  const [a0, a1] = [a.shape[o]!, a.shape[o + 1]!];
  const [b0, b1] = [b.shape[o]!, b.shape[o + 1]!];
  const m = transA ? a1 : a0;
  const k = transA ? a0 : a1;
  const kb = transB ? b1 : b0;
  const n = transB ? b0 : b1;
  if (k !== kb) fail(op, `inner dimensions differ: a ${dims(a)}${transA ? 'ᵀ' : ''} x b ${dims(b)}${transB ? 'ᵀ' : ''}`);
  if (out.shape[o] !== m || out.shape[o + 1] !== n) fail(op, `out is ${dims(out)}, expected [${batched ? `${batch}, ` : ''}${m}, ${n}]`);
  return { batch, m, k, n };
}

/** concatCols / splitCols: 2-D parts with the whole's row count whose widths add up to its width. */
export function expectColumnBlocks(op: string, whole: Tensor, parts: readonly Tensor[]): void {
  expectRank(op, 'whole', whole, 2);
  let width = 0;
  for (const p of parts) {
    expectRank(op, 'part', p, 2);
    if (p.rows !== whole.rows) fail(op, `row counts differ: ${dims(p)} vs ${dims(whole)}`);
    width += p.cols;
  }
  if (width !== whole.cols) fail(op, `parts are ${width} wide in total, the whole is ${dims(whole)}`);
}

/** gatherRows / scatterAddRows: one id per row, and rows as wide as the table's. */
export function expectRowsOfTable(op: string, rows: Tensor, table: Tensor, idx: Int32Array): void {
  expectLength(op, 'idx', idx.length, rows.rows);
  if (rows.cols !== table.cols) fail(op, `row widths differ: ${dims(rows)} vs table ${dims(table)}`);
}
