import type { Tensor } from '../../src/tensor/tensor.js';
import * as cpu from '../cpu/activations.js';
import { expectSameSize } from '../shapes.js';
import type { GpuRuntime, KernelThis } from './runtime.js';
import { readInto } from './runtime.js';

// Backwards take the forward output y, as on the CPU: relu'/leaky' from the sign
// of y, sigmoid' = y(1 - y), tanh' = 1 - y². Work unit: elements.

export function reluBody(this: KernelThis, x: Float32Array): number {
  const t = x[this.thread.x]!;
  return t > 0 ? t : 0;
}

export function reluBackwardBody(this: KernelThis, y: Float32Array, dy: Float32Array): number {
  return y[this.thread.x]! > 0 ? dy[this.thread.x]! : 0;
}

export function leakyReluBody(this: KernelThis, x: Float32Array, slope: number): number {
  const t = x[this.thread.x]!;
  return t > 0 ? t : slope * t;
}

export function leakyReluBackwardBody(this: KernelThis, y: Float32Array, dy: Float32Array, slope: number): number {
  const g = dy[this.thread.x]!;
  return y[this.thread.x]! > 0 ? g : slope * g;
}

/** Stable logistic: exp is only ever taken of -|z|, so it never overflows. */
export function sigmoidBody(this: KernelThis, x: Float32Array): number {
  const z = x[this.thread.x]!;
  const e = Math.exp(-Math.abs(z));
  return z >= 0 ? 1 / (1 + e) : e / (1 + e);
}

export function sigmoidBackwardBody(this: KernelThis, y: Float32Array, dy: Float32Array): number {
  const s = y[this.thread.x]!;
  return dy[this.thread.x]! * s * (1 - s);
}

/** tanh(z) = sign(z) (1 - e) / (1 + e) with e = exp(-2|z|): finite for any z (GLSL ES 1.0 has no tanh). */
export function tanhBody(this: KernelThis, x: Float32Array): number {
  const z = x[this.thread.x]!;
  const e = Math.exp(-2 * Math.abs(z));
  const t = (1 - e) / (1 + e);
  return z >= 0 ? t : -t;
}

export function tanhBackwardBody(this: KernelThis, y: Float32Array, dy: Float32Array): number {
  const t = y[this.thread.x]!;
  return dy[this.thread.x]! * (1 - t * t);
}

type Unary = (this: KernelThis, x: Float32Array) => number;
type Backward = (this: KernelThis, y: Float32Array, dy: Float32Array) => number;

function forward(rt: GpuRuntime, op: string, body: Unary, out: Tensor, x: Tensor, onCpu: () => void): void {
  expectSameSize(op, out, x);
  if (!rt.onDevice(op, out.size, [out, x])) return onCpu();
  readInto(out.data, rt.exec(op, body, { output: [out.size] }, x.data));
}

function backward(rt: GpuRuntime, op: string, body: Backward, dx: Tensor, y: Tensor, dy: Tensor, onCpu: () => void): void {
  expectSameSize(op, dx, y, dy);
  if (!rt.onDevice(op, dx.size, [dx, y, dy])) return onCpu();
  readInto(dx.data, rt.exec(op, body, { output: [dx.size] }, y.data, dy.data));
}

export const relu = (rt: GpuRuntime, out: Tensor, x: Tensor): void => forward(rt, 'relu', reluBody, out, x, () => cpu.relu(out, x));
export const reluBackward = (rt: GpuRuntime, dx: Tensor, y: Tensor, dy: Tensor): void =>
  backward(rt, 'reluBackward', reluBackwardBody, dx, y, dy, () => cpu.reluBackward(dx, y, dy));
export const sigmoid = (rt: GpuRuntime, out: Tensor, x: Tensor): void => forward(rt, 'sigmoid', sigmoidBody, out, x, () => cpu.sigmoid(out, x));
export const sigmoidBackward = (rt: GpuRuntime, dx: Tensor, y: Tensor, dy: Tensor): void =>
  backward(rt, 'sigmoidBackward', sigmoidBackwardBody, dx, y, dy, () => cpu.sigmoidBackward(dx, y, dy));
export const tanh = (rt: GpuRuntime, out: Tensor, x: Tensor): void => forward(rt, 'tanh', tanhBody, out, x, () => cpu.tanh(out, x));
export const tanhBackward = (rt: GpuRuntime, dx: Tensor, y: Tensor, dy: Tensor): void =>
  backward(rt, 'tanhBackward', tanhBackwardBody, dx, y, dy, () => cpu.tanhBackward(dx, y, dy));

export function leakyRelu(rt: GpuRuntime, out: Tensor, x: Tensor, slope: number): void {
  expectSameSize('leakyRelu', out, x);
  if (!rt.onDevice('leakyRelu', out.size, [out, x])) return cpu.leakyRelu(out, x, slope);
  readInto(out.data, rt.exec('leakyRelu', leakyReluBody, { output: [out.size] }, x.data, slope));
}

export function leakyReluBackward(rt: GpuRuntime, dx: Tensor, y: Tensor, dy: Tensor, slope: number): void {
  expectSameSize('leakyReluBackward', dx, y, dy);
  if (!rt.onDevice('leakyReluBackward', dx.size, [dx, y, dy])) return cpu.leakyReluBackward(dx, y, dy, slope);
  readInto(dx.data, rt.exec('leakyReluBackward', leakyReluBackwardBody, { output: [dx.size] }, y.data, dy.data, slope));
}
