import type { Tensor } from '../../src/tensor/tensor.js';
import { dims, expectLength, expectSameShape, fail } from '../shapes.js';
import { simdFor } from './wasm/elementwise.js';

export function sumRows(out: Tensor, x: Tensor): void {
  expectLength('sumRows', 'out', out.size, x.rows);
  const n = x.rows, m = x.cols, o = out.data, v = x.data;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0, b = i * m; j < m; j++) s += v[b + j]!;
    o[i] = s;
  }
}

export function sumCols(out: Tensor, x: Tensor, accumulate = false): void {
  expectLength('sumCols', 'out', out.size, x.cols);
  const n = x.rows, m = x.cols, o = out.data, v = x.data;
  // Float32 with whole 4-float vectors per row: WebAssembly SIMD, same summation order.
  const simd = m % 4 === 0 ? simdFor(v.length, o, v) : null;
  if (simd) return simd.sumCols(o as Float32Array, v as Float32Array, n, m, accumulate);
  if (!accumulate) o.fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0, b = i * m; j < m; j++) o[j] = o[j]! + v[b + j]!;
  }
}

export function rowDot(out: Tensor, a: Tensor, b: Tensor): void {
  expectSameShape('rowDot', a, b);
  if (out.size !== a.rows) fail('rowDot', `out ${dims(out)} needs one element per row of ${dims(a)}`);
  const n = a.rows, m = a.cols, o = out.data, x = a.data, y = b.data;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0, r = i * m; j < m; j++) s += x[r + j]! * y[r + j]!;
    o[i] = s;
  }
}
