import { ArgumentError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { summarizeMetric } from './summary.js';

/**
 * Intra-list diversity of one list: the mean pairwise cosine distance
 * 1 - cos(e_i, e_j) over all pairs i < j of distinct positions, where e_i is
 * row i of `features` ([numItems, d]: item embeddings or feature vectors).
 * A zero vector has cosine 0 with everything (distance 1). Negative ids (empty
 * slots) are skipped; NaN when fewer than two items remain. A NaN or infinite
 * embedding value of a listed item is an ArgumentError.
 */
export function intraListDiversity(list: ArrayLike<number>, features: Tensor): number {
  if (features.rank !== 2) throw new ArgumentError('features', `must be [numItems, dim], got [${features.shape.join(', ')}]`);
  const items: number[] = [];
  const positions: number[] = [];
  for (let p = 0; p < list.length; p++) {
    const it = list[p]!;
    if (it < 0) continue;
    if (!Number.isInteger(it) || it >= features.rows) {
      throw new ArgumentError('list', `position ${p}: item ${it} is outside [0, ${features.rows})`);
    }
    items.push(it);
    positions.push(p);
  }
  if (items.length < 2) return Number.NaN;
  const d = features.cols;
  const x = features.data;
  const norms = items.map((it, k) => {
    let s = 0;
    for (let c = 0; c < d; c++) {
      const v = x[it * d + c]!;
      // A NaN norm would fail 'denom > 0' below and rate the pair as orthogonal
      // (distance 1, maximally diverse): a diverged model must not score well.
      if (!Number.isFinite(v)) throw new ArgumentError('features', `item ${it} (list position ${positions[k]}) has a non-finite embedding value ${v} in column ${c}`);
      s += v * v;
    }
    return Math.sqrt(s);
  });
  let sum = 0;
  let pairs = 0;
  for (let a = 0; a < items.length; a++) {
    for (let b = a + 1; b < items.length; b++) {
      let dot = 0;
      const ia = items[a]! * d, ib = items[b]! * d;
      for (let c = 0; c < d; c++) dot += x[ia + c]! * x[ib + c]!;
      const denom = norms[a]! * norms[b]!;
      sum += 1 - (denom > 0 ? dot / denom : 0);
      pairs++;
    }
  }
  return sum / pairs;
}

/** Mean intra-list diversity over lists with at least two items. */
export function meanIntraListDiversity(lists: readonly ArrayLike<number>[], features: Tensor): number {
  return summarizeMetric(lists.map((l) => intraListDiversity(l, features))).mean;
}
