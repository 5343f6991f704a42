import type { Tensor } from '../../src/tensor/tensor.js';
import * as cpu from '../cpu/reduce.js';
import { dims, expectLength, expectSameShape, fail } from '../shapes.js';
import type { GpuRuntime, KernelThis } from './runtime.js';
import { readInto } from './runtime.js';

// One thread per output element, looping over the reduced axis. Work unit: input elements.

export function sumRowsBody(this: KernelThis<{ m: number }>, x: Float32Array): number {
  const base = this.thread.x * this.constants.m;
  let s = 0;
  for (let j = 0; j < this.constants.m; j++) s += x[base + j]!;
  return s;
}

export function sumColsBody(this: KernelThis<{ n: number; m: number }>, x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < this.constants.n; i++) s += x[i * this.constants.m + this.thread.x]!;
  return s;
}

export function sumColsAccBody(this: KernelThis<{ n: number; m: number }>, x: Float32Array, c0: Float32Array): number {
  let s = 0;
  for (let i = 0; i < this.constants.n; i++) s += x[i * this.constants.m + this.thread.x]!;
  return c0[this.thread.x]! + s;
}

export function rowDotBody(this: KernelThis<{ m: number }>, a: Float32Array, b: Float32Array): number {
  const base = this.thread.x * this.constants.m;
  let s = 0;
  for (let j = 0; j < this.constants.m; j++) s += a[base + j]! * b[base + j]!;
  return s;
}

export function sumRows(rt: GpuRuntime, out: Tensor, x: Tensor): void {
  expectLength('sumRows', 'out', out.size, x.rows);
  const m = x.cols;
  if (!rt.onDevice('sumRows', x.size, [out, x])) return cpu.sumRows(out, x);
  readInto(out.data, rt.exec('sumRows', sumRowsBody, { output: [x.rows], constants: { m }, loops: m }, x.data));
}

export function sumCols(rt: GpuRuntime, out: Tensor, x: Tensor, accumulate = false): void {
  expectLength('sumCols', 'out', out.size, x.cols);
  const n = x.rows;
  const m = x.cols;
  if (!rt.onDevice('sumCols', x.size, [out, x])) return cpu.sumCols(out, x, accumulate);
  const s = { output: [m], constants: { n, m }, loops: n };
  readInto(out.data, accumulate ? rt.exec('sumColsAcc', sumColsAccBody, s, x.data, out.data) : rt.exec('sumCols', sumColsBody, s, x.data));
}

export function rowDot(rt: GpuRuntime, out: Tensor, a: Tensor, b: Tensor): void {
  expectSameShape('rowDot', a, b);
  if (out.size !== a.rows) fail('rowDot', `out ${dims(out)} needs one element per row of ${dims(a)}`);
  const m = a.cols;
  if (!rt.onDevice('rowDot', a.size, [out, a, b])) return cpu.rowDot(out, a, b);
  readInto(out.data, rt.exec('rowDot', rowDotBody, { output: [a.rows], constants: { m }, loops: m }, a.data, b.data));
}
