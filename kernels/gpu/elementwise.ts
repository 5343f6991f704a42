import type { Tensor } from '../../src/tensor/tensor.js';
import * as cpu from '../cpu/elementwise.js';
import { dims, expectSameSize, fail } from '../shapes.js';
import type { GpuRuntime, KernelThis } from './runtime.js';
import { readInto } from './runtime.js';

// One thread per element over a 1-D output of out.size; every op's work unit is out.size.

export function addBody(this: KernelThis, a: Float32Array, b: Float32Array): number {
  return a[this.thread.x]! + b[this.thread.x]!;
}

export function subBody(this: KernelThis, a: Float32Array, b: Float32Array): number {
  return a[this.thread.x]! - b[this.thread.x]!;
}

export function mulBody(this: KernelThis, a: Float32Array, b: Float32Array): number {
  return a[this.thread.x]! * b[this.thread.x]!;
}

export function scaleBody(this: KernelThis, a: Float32Array, s: number): number {
  return s * a[this.thread.x]!;
}

export function axpyBody(this: KernelThis, y: Float32Array, x: Float32Array, alpha: number): number {
  return y[this.thread.x]! + alpha * x[this.thread.x]!;
}

export function fillBody(this: KernelThis, value: number): number {
  return value;
}

/** out[i, j] = a[i, j] + v[j] on a [w, rows] grid. */
export function addRowVectorBody(this: KernelThis<{ w: number }>, a: Float32Array, v: Float32Array): number {
  return a[this.thread.y * this.constants.w + this.thread.x]! + v[this.thread.x]!;
}

/** out[i, j] = s[i] · a[i, j] on a [w, rows] grid. */
export function scaleRowsBody(this: KernelThis<{ w: number }>, a: Float32Array, s: Float32Array): number {
  return s[this.thread.y]! * a[this.thread.y * this.constants.w + this.thread.x]!;
}

type Binary = (rt: GpuRuntime, out: Tensor, a: Tensor, b: Tensor) => void;

function binary(op: 'add' | 'sub' | 'mul', body: (this: KernelThis, a: Float32Array, b: Float32Array) => number): Binary {
  return (rt, out, a, b) => {
    expectSameSize(op, out, a, b);
    if (!rt.onDevice(op, out.size, [out, a, b])) return cpu[op](out, a, b);
    readInto(out.data, rt.exec(op, body, { output: [out.size] }, a.data, b.data));
  };
}

export const add: Binary = binary('add', addBody);
export const sub: Binary = binary('sub', subBody);
export const mul: Binary = binary('mul', mulBody);

export function scale(rt: GpuRuntime, out: Tensor, a: Tensor, s: number): void {
  expectSameSize('scale', out, a);
  if (!rt.onDevice('scale', out.size, [out, a])) return cpu.scale(out, a, s);
  readInto(out.data, rt.exec('scale', scaleBody, { output: [out.size] }, a.data, s));
}

export function axpy(rt: GpuRuntime, y: Tensor, alpha: number, x: Tensor): void {
  expectSameSize('axpy', y, x);
  if (!rt.onDevice('axpy', y.size, [y, x])) return cpu.axpy(y, alpha, x);
  readInto(y.data, rt.exec('axpy', axpyBody, { output: [y.size] }, y.data, x.data, alpha));
}

export function fill(rt: GpuRuntime, out: Tensor, value: number): void {
  if (!rt.onDevice('fill', out.size, [out])) return cpu.fill(out, value);
  readInto(out.data, rt.exec('fill', fillBody, { output: [out.size] }, value));
}

export function addRowVector(rt: GpuRuntime, out: Tensor, a: Tensor, v: Tensor): void {
  expectSameSize('addRowVector', out, a);
  const w = a.cols;
  if (v.size !== w) fail('addRowVector', `vector ${dims(v)} does not match row width ${w} of ${dims(a)}`);
  if (!rt.onDevice('addRowVector', out.size, [out, a, v], [w, a.rows])) return cpu.addRowVector(out, a, v);
  readInto(out.data, rt.exec('addRowVector', addRowVectorBody, { output: [w, a.rows], constants: { w } }, a.data, v.data));
}

export function scaleRows(rt: GpuRuntime, out: Tensor, a: Tensor, s: Tensor): void {
  expectSameSize('scaleRows', out, a);
  const w = a.cols;
  if (s.size !== a.rows) fail('scaleRows', `scales ${dims(s)} do not match the ${a.rows} rows of ${dims(a)}`);
  if (!rt.onDevice('scaleRows', out.size, [out, a, s], [w, a.rows])) return cpu.scaleRows(out, a, s);
  readInto(out.data, rt.exec('scaleRows', scaleRowsBody, { output: [w, a.rows], constants: { w } }, a.data, s.data));
}
