import type { Tensor } from '../../src/tensor/tensor.js';
import * as cpu from '../cpu/losses.js';
import { expectSameSize } from '../shapes.js';
import type { GpuRuntime, KernelThis } from './runtime.js';

/**
 * Per-element loss and gradient on an [n, 2] grid (thread.y = 0: the weighted
 * loss term, 1: the gradient, so the result comes back as two rows of n); the sum of the loss column is taken on the CPU
 * in float64 from the read-back terms. Unweighted calls pass `weighted = 0`
 * and any array of the right size as w. Work unit: elements.
 *
 * BCE from logits: l = max(z, 0) - z·y + log(1 + exp(-|z|)), dl/dz = sigmoid(z) - y.
 */
export function bceWithLogitsBody(
  this: KernelThis<{ weighted: number }>,
  z: Float32Array,
  y: Float32Array,
  w: Float32Array,
): number {
  const i = this.thread.x;
  const zi = z[i]!;
  const yi = y[i]!;
  const wi = this.constants.weighted > 0 ? w[i]! : 1;
  const e = Math.exp(-Math.abs(zi));
  if (this.thread.y === 0) return wi * (Math.max(zi, 0) - zi * yi + Math.log(1 + e));
  const p = zi >= 0 ? 1 / (1 + e) : e / (1 + e);
  return wi * (p - yi);
}

/** (p - t)²·w and its gradient 2w(p - t). */
export function mseBody(this: KernelThis<{ weighted: number }>, p: Float32Array, t: Float32Array, w: Float32Array): number {
  const i = this.thread.x;
  const d = p[i]! - t[i]!;
  const wi = this.constants.weighted > 0 ? w[i]! : 1;
  return this.thread.y === 0 ? wi * d * d : 2 * wi * d;
}

function lossOnDevice(
  rt: GpuRuntime,
  op: string,
  body: (this: KernelThis<{ weighted: number }>, a: Float32Array, b: Float32Array, w: Float32Array) => number,
  grad: Tensor | null,
  a: Tensor,
  b: Tensor,
  weights: Tensor | null,
): number {
  const n = a.size;
  const result = rt.exec(op, body, { output: [n, 2], constants: { weighted: weights ? 1 : 0 } }, a.data, b.data, (weights ?? b).data) as ArrayLike<ArrayLike<number>>;
  const terms = result[0]!;
  let total = 0;
  for (let i = 0; i < n; i++) total += terms[i]!;
  grad?.data.set(result[1]!);
  return total;
}

export function bceWithLogits(rt: GpuRuntime, grad: Tensor | null, logits: Tensor, targets: Tensor, weights: Tensor | null = null): number {
  const extra = [...(grad ? [grad] : []), ...(weights ? [weights] : [])];
  expectSameSize('bceWithLogits', logits, targets, ...extra);
  if (!rt.onDevice('bceWithLogits', logits.size, [logits, targets, ...extra], [logits.size, 2])) return cpu.bceWithLogits(grad, logits, targets, weights);
  return lossOnDevice(rt, 'bceWithLogits', bceWithLogitsBody, grad, logits, targets, weights);
}

export function mse(rt: GpuRuntime, grad: Tensor | null, pred: Tensor, targets: Tensor, weights: Tensor | null = null): number {
  const extra = [...(grad ? [grad] : []), ...(weights ? [weights] : [])];
  expectSameSize('mse', pred, targets, ...extra);
  if (!rt.onDevice('mse', pred.size, [pred, targets, ...extra], [pred.size, 2])) return cpu.mse(grad, pred, targets, weights);
  return lossOnDevice(rt, 'mse', mseBody, grad, pred, targets, weights);
}
