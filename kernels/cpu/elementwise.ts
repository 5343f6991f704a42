import type { Tensor } from '../../src/tensor/tensor.js';
import { dims, expectSameSize, fail } from '../shapes.js';
import { simdFor } from './wasm/elementwise.js';

// Float32 operands of SIMD_MIN_ELEMENTS or more run in WebAssembly SIMD
// (wasm/elementwise.ts), bit for bit the same results as the loops here.

export function add(out: Tensor, a: Tensor, b: Tensor): void {
  expectSameSize('add', out, a, b);
  const o = out.data, x = a.data, y = b.data;
  const simd = simdFor(o.length, o, x, y);
  if (simd) return simd.add(o as Float32Array, x as Float32Array, y as Float32Array);
  for (let i = 0; i < o.length; i++) o[i] = x[i]! + y[i]!;
}

export function sub(out: Tensor, a: Tensor, b: Tensor): void {
  expectSameSize('sub', out, a, b);
  const o = out.data, x = a.data, y = b.data;
  for (let i = 0; i < o.length; i++) o[i] = x[i]! - y[i]!;
}

export function mul(out: Tensor, a: Tensor, b: Tensor): void {
  expectSameSize('mul', out, a, b);
  const o = out.data, x = a.data, y = b.data;
  const simd = simdFor(o.length, o, x, y);
  if (simd) return simd.mul(o as Float32Array, x as Float32Array, y as Float32Array);
  for (let i = 0; i < o.length; i++) o[i] = x[i]! * y[i]!;
}

export function scale(out: Tensor, a: Tensor, s: number): void {
  expectSameSize('scale', out, a);
  const o = out.data, x = a.data;
  for (let i = 0; i < o.length; i++) o[i] = s * x[i]!;
}

export function axpy(y: Tensor, alpha: number, x: Tensor): void {
  expectSameSize('axpy', y, x);
  const o = y.data, v = x.data;
  for (let i = 0; i < o.length; i++) o[i] = o[i]! + alpha * v[i]!;
}

export function fill(out: Tensor, value: number): void {
  out.data.fill(value);
}

export function scaleRows(out: Tensor, a: Tensor, s: Tensor): void {
  expectSameSize('scaleRows', out, a);
  const w = a.cols;
  if (s.size !== a.rows) fail('scaleRows', `scales ${dims(s)} do not match the ${a.rows} rows of ${dims(a)}`);
  const o = out.data, x = a.data, f = s.data;
  for (let i = 0, n = a.rows; i < n; i++) {
    const r = i * w;
    const k = f[i]!;
    for (let j = 0; j < w; j++) o[r + j] = k * x[r + j]!;
  }
}

export function addRowVector(out: Tensor, a: Tensor, v: Tensor): void {
  expectSameSize('addRowVector', out, a);
  const w = a.cols;
  if (v.size !== w) fail('addRowVector', `vector ${dims(v)} does not match row width ${w} of ${dims(a)}`);
  const o = out.data, x = a.data, b = v.data;
  const simd = w % 4 === 0 ? simdFor(o.length, o, x, b) : null;
  if (simd) return simd.addRowVector(o as Float32Array, x as Float32Array, b as Float32Array, a.rows, w);
  for (let i = 0, n = a.rows; i < n; i++) {
    const r = i * w;
    for (let j = 0; j < w; j++) o[r + j] = x[r + j]! + b[j]!;
  }
}
