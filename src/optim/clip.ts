import { ArgumentError } from '../errors.js';
import { SparseRowGrad, type Parameter } from '../layers/parameter.js';

/**
 * Scales every gradient by min(1, maxNorm / ||g||) where ||g|| is the L2 norm of
 * all gradients together (dense tensors and the held rows of sparse ones).
 * Returns the norm before clipping.
 */
export function clipGradNorm(params: readonly Parameter[], maxNorm: number): number {
  if (!(maxNorm > 0)) throw new ArgumentError('maxNorm', `must be > 0, got ${maxNorm}`);
  let sq = 0;
  for (const p of params) {
    const g = gradData(p);
    for (let i = 0; i < g.length; i++) sq += g[i]! * g[i]!;
  }
  const norm = Math.sqrt(sq);
  if (norm > maxNorm) {
    const s = maxNorm / norm;
    for (const p of params) {
      const g = gradData(p);
      for (let i = 0; i < g.length; i++) g[i] = g[i]! * s;
    }
  }
  return norm;
}

function gradData(p: Parameter): Float32Array | Float64Array {
  return p.grad instanceof SparseRowGrad ? p.grad.values.data : p.grad.data;
}
