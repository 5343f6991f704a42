import { ArgumentError } from '../../errors.js';
import { getBackend } from '../../backend/registry.js';
import { Tensor } from '../../tensor/tensor.js';

export type SimilarityKind = 'cosine' | 'pearson';

/**
 * Pairwise similarity between the columns of x [n, m] as an [m, m] tensor, with
 * a zero diagonal. cosine: s_ij = x_i·x_j / (|x_i| |x_j| + shrink). pearson: the
 * same on columns centred by the mean of their *observed* (non-zero) entries,
 * the usual neighbourhood-CF definition; it is meant for ratings (on 0/1 columns
 * every observed entry equals its mean and every similarity is 0, which is why
 * ItemKNN and UserKNN refuse 'pearson' without ratings). The Gram product runs on
 * the matmul kernel.
 */
export function columnSimilarity(x: Tensor, kind: SimilarityKind, shrink = 0): Tensor {
  const n = x.rows;
  const m = x.cols;
  let v = x;
  if (kind === 'pearson') {
    v = x.clone();
    const d = v.data;
    for (let j = 0; j < m; j++) {
      let sum = 0, count = 0;
      for (let i = 0; i < n; i++) {
        const e = d[i * m + j]!;
        if (e !== 0) {
          sum += e;
          count++;
        }
      }
      const mean = count > 0 ? sum / count : 0;
      for (let i = 0; i < n; i++) if (d[i * m + j] !== 0) d[i * m + j] = d[i * m + j]! - mean;
    }
  } else if (kind !== 'cosine') {
    throw new ArgumentError('similarity', `expected cosine or pearson, got ${JSON.stringify(kind)}`);
  }
  const sim = Tensor.zeros([m, m]);
  getBackend().kernels.matmul(sim, v, v, true, false);
  const norms = new Float64Array(m);
  for (let j = 0; j < m; j++) norms[j] = Math.sqrt(sim.data[j * m + j]!);
  const s = sim.data;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const denom = norms[i]! * norms[j]! + shrink;
      s[i * m + j] = i === j || denom === 0 ? 0 : s[i * m + j]! / denom;
    }
  }
  return sim;
}

/** Keeps the k largest entries of each row of sim (in place), zeroing the rest and any negatives. */
export function keepTopK(sim: Tensor, k: number): Tensor {
  if (!Number.isInteger(k) || k < 1) throw new ArgumentError('k', `neighbours must be an integer >= 1, got ${k}`);
  const m = sim.cols;
  const kk = Math.min(k, m);
  const idx = new Int32Array(sim.rows * kk);
  const val = new Float32Array(sim.rows * kk);
  getBackend().kernels.topK(idx, val, sim, kk);
  sim.data.fill(0);
  for (let r = 0; r < sim.rows; r++) {
    for (let t = 0; t < kk; t++) {
      const j = idx[r * kk + t]!;
      const s = val[r * kk + t]!;
      if (j >= 0 && s > 0) sim.data[r * m + j] = s;
    }
  }
  return sim;
}
