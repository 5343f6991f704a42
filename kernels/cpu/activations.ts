import type { Tensor } from '../../src/tensor/tensor.js';
import { expectSameSize } from '../shapes.js';
import { simdFor } from './wasm/elementwise.js';

// Backwards take the forward output y: for ReLU and LeakyReLU (slope > 0) y > 0
// exactly when x > 0, and sigmoid' = y(1 - y), tanh' = 1 - y².
//
// Float32 ReLUs of SIMD_MIN_ELEMENTS or more run in WebAssembly SIMD (wasm/elementwise.ts),
// branch-free and with the same select semantics as the loops here and the gpu.js
// bodies: x > 0 ? x : 0 and y > 0 ? g : 0 (a NaN input or an infinite gradient at
// a dead unit gives 0). Branchy loops cost 7-9 ns an element on random signs; they
// now run only for float64 (gradient checks) and small tensors.

export function relu(out: Tensor, x: Tensor): void {
  expectSameSize('relu', out, x);
  const o = out.data, v = x.data;
  const simd = simdFor(o.length, o, v);
  if (simd) return simd.relu(o as Float32Array, v as Float32Array);
  for (let i = 0; i < o.length; i++) {
    const t = v[i]!;
    o[i] = t > 0 ? t : 0;
  }
}

export function reluBackward(dx: Tensor, y: Tensor, dy: Tensor): void {
  expectSameSize('reluBackward', dx, y, dy);
  const o = dx.data, v = y.data, g = dy.data;
  const simd = simdFor(o.length, o, v, g);
  if (simd) return simd.reluBackward(o as Float32Array, v as Float32Array, g as Float32Array);
  for (let i = 0; i < o.length; i++) o[i] = v[i]! > 0 ? g[i]! : 0;
}

export function leakyRelu(out: Tensor, x: Tensor, slope: number): void {
  expectSameSize('leakyRelu', out, x);
  const o = out.data, v = x.data;
  for (let i = 0; i < o.length; i++) {
    const t = v[i]!;
    o[i] = t > 0 ? t : slope * t;
  }
}

export function leakyReluBackward(dx: Tensor, y: Tensor, dy: Tensor, slope: number): void {
  expectSameSize('leakyReluBackward', dx, y, dy);
  const o = dx.data, v = y.data, g = dy.data;
  for (let i = 0; i < o.length; i++) o[i] = v[i]! > 0 ? g[i]! : slope * g[i]!;
}

/** Stable logistic: never evaluates exp of a large positive number. */
export function sigmoidScalar(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export function sigmoid(out: Tensor, x: Tensor): void {
  expectSameSize('sigmoid', out, x);
  const o = out.data, v = x.data;
  for (let i = 0; i < o.length; i++) o[i] = sigmoidScalar(v[i]!);
}

export function sigmoidBackward(dx: Tensor, y: Tensor, dy: Tensor): void {
  expectSameSize('sigmoidBackward', dx, y, dy);
  const o = dx.data, v = y.data, g = dy.data;
  for (let i = 0; i < o.length; i++) {
    const s = v[i]!;
    o[i] = g[i]! * s * (1 - s);
  }
}

export function tanh(out: Tensor, x: Tensor): void {
  expectSameSize('tanh', out, x);
  const o = out.data, v = x.data;
  for (let i = 0; i < o.length; i++) o[i] = Math.tanh(v[i]!);
}

export function tanhBackward(dx: Tensor, y: Tensor, dy: Tensor): void {
  expectSameSize('tanhBackward', dx, y, dy);
  const o = dx.data, v = y.data, g = dy.data;
  for (let i = 0; i < o.length; i++) {
    const t = v[i]!;
    o[i] = g[i]! * (1 - t * t);
  }
}
