import type { Tensor } from '../../src/tensor/tensor.js';
import { matmul as cpuMatmul } from '../cpu/matmul.js';
import { matmulDims } from '../shapes.js';
import type { GpuRuntime, KernelThis } from './runtime.js';
import { readInto } from './runtime.js';

/**
 * Scoring a batch of users against the whole catalogue: S = U Vᵀ, with U
 * [users, d] and V [items, d] both row-major, so each thread reads two
 * contiguous rows. This is matmul(out, users, items, false, true) under a
 * name callers can look for; the threshold is its own because the shape
 * (few long dot products per cell, a wide output) differs from training.
 */
export function scoreUsersBody(this: KernelThis<{ d: number }>, users: Float32Array, items: Float32Array): number {
  const u = this.thread.y * this.constants.d;
  const v = this.thread.x * this.constants.d;
  let s = 0;
  for (let p = 0; p < this.constants.d; p++) s += users[u + p]! * items[v + p]!;
  return s;
}

/** out[u, i] = users[u] · items[i]. Work unit: users·items·d multiply-adds. */
export function scoreUsers(rt: GpuRuntime, out: Tensor, users: Tensor, items: Tensor): void {
  const { m, k, n } = matmulDims('scoreUsers', out, users, items, false, true, false);
  if (!rt.onDevice('scoreUsers', m * n * k, [out, users, items], [n, m])) return cpuMatmul(out, users, items, false, true);
  readInto(out.data, rt.exec('scoreUsers', scoreUsersBody, { output: [n, m], constants: { d: k }, loops: k }, users.data, items.data));
}
