import { ArgumentError } from '../../errors.js';

/**
 * Inverse of a symmetric positive-definite matrix a [n, n] (row-major float64),
 * returned as a new array: Cholesky a = L Lᵀ, then a⁻¹ = L⁻ᵀ L⁻¹. About n³ flops
 * in float64, which EASE needs for an exact closed form.
 */
export function spdInverse(a: Float64Array, n: number): Float64Array {
  const L = Float64Array.from(a);
  // Cholesky, lower triangle in place (row-oriented).
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = L[rj + j]!;
    for (let k = 0; k < j; k++) d -= L[rj + k]! * L[rj + k]!;
    if (!(d > 0)) throw new ArgumentError('matrix', `not positive definite (pivot ${j} is ${d}); increase the regulariser`);
    const ljj = Math.sqrt(d);
    L[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = L[ri + j]!;
      for (let k = 0; k < j; k++) s -= L[ri + k]! * L[rj + k]!;
      L[ri + j] = s / ljj;
    }
  }
  // M = L⁻¹ (lower triangular), by forward substitution column by column of the identity.
  const M = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    M[ri + i] = 1 / L[ri + i]!;
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let k = j; k < i; k++) s += L[ri + k]! * M[k * n + j]!;
      M[ri + j] = -s / L[ri + i]!;
    }
  }
  // a⁻¹ = Mᵀ M: (a⁻¹)_ij = sum over k >= max(i, j) of M_ki M_kj.
  const inv = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    for (let i = 0; i <= k; i++) {
      const mki = M[rk + i]!;
      if (mki === 0) continue;
      const ri = i * n;
      for (let j = 0; j <= i; j++) inv[ri + j] = inv[ri + j]! + mki * M[rk + j]!;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) inv[j * n + i] = inv[i * n + j]!;
  return inv;
}
