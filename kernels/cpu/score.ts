import type { Tensor } from '../../src/tensor/tensor.js';
import { matmul } from './matmul.js';

/** out[u, i] = users[u] · items[i]: users [n, d] times itemsᵀ, through the SIMD matmul. */
export function scoreUsers(out: Tensor, users: Tensor, items: Tensor): void {
  matmul(out, users, items, false, true);
}
