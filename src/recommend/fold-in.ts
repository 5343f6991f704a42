import { ANCF } from '../models/ancf.js';
import { Ease } from '../models/baselines/ease.js';
import { ItemKNN } from '../models/baselines/knn.js';
import type { Tensor } from '../tensor/tensor.js';
import type { ServableModel } from './types.js';

/** How a user known only by their history is scored, by model kind. */
export type FoldInMethod = 'ancf' | 'item-knn' | 'ease' | 'embedding-cosine' | 'none';

export function foldInMethod(model: ServableModel): FoldInMethod {
  if (model instanceof ANCF) return 'ancf';
  if (model instanceof ItemKNN) return 'item-knn';
  if (model instanceof Ease) return 'ease';
  return itemTable(model) ? 'embedding-cosine' : 'none';
}

export function itemTable(model: ServableModel): Tensor | null {
  return typeof model.itemEmbeddings === 'function' ? model.itemEmbeddings() : null;
}

/**
 * Scores of every item for a history (item indices, oldest first), written to
 * out [numItems]; false when the model has no way to use a history.
 *
 * - ANCF: its own fold-in, the shared "unknown user" row plus attention over the
 *   last L history items (`scoreFromHistory`), exactly the model's scoring.
 * - ItemKNN: s_i = Σ_{h ∈ set(H)} sim(i, h), the model's formula with x_u = 1_H.
 * - EASE: s_i = Σ_{h ∈ set(H)} B[h, i], likewise (x_u B with x_u = 1_H).
 *   1_H is a 0/1 row like the training matrix's: a repeated item counts once.
 * - Any other model with item embeddings e: the mean cosine similarity to the
 *   history, s_i = ê_i · (1/|H|) Σ_h ê_h with ê = e / ‖e‖ (a zero row scores 0).
 *   This ignores the model's user-side parameters (there is no user), so it
 *   ranks by embedding geometry, not by the model's own scoring function.
 */
export function scoreHistory(model: ServableModel, history: Int32Array, out: Float32Array): boolean {
  const m = model.numItems;
  const method = foldInMethod(model);
  if (method === 'ancf') {
    (model as ANCF).scoreFromHistory(history, Int32Array.from({ length: m }, (_, i) => i), out);
    return true;
  }
  if (method === 'item-knn' || method === 'ease') {
    (model as Ease | ItemKNN).scoreFromHistory(history, out);
    return true;
  }
  if (method === 'embedding-cosine') {
    const e = itemTable(model)!;
    const d = e.cols;
    const norms = rowNorms(e);
    const query = new Float64Array(d);
    for (const h of history) {
      const inv = norms[h]! > 0 ? 1 / norms[h]! : 0;
      for (let t = 0; t < d; t++) query[t] = query[t]! + e.data[h * d + t]! * inv;
    }
    for (let t = 0; t < d; t++) query[t] = query[t]! / history.length;
    cosineTo(out, e, norms, query);
    return true;
  }
  return false;
}

/** ‖e_i‖ for each row of a [rows, d] table. */
export function rowNorms(e: Tensor): Float64Array {
  const d = e.cols;
  const norms = new Float64Array(e.rows);
  for (let i = 0; i < e.rows; i++) {
    let s = 0;
    for (let t = 0; t < d; t++) s += e.data[i * d + t]! ** 2;
    norms[i] = Math.sqrt(s);
  }
  return norms;
}

/** out[i] = (e_i / ‖e_i‖) · query, 0 for a zero row. */
export function cosineTo(out: Float32Array, e: Tensor, norms: Float64Array, query: ArrayLike<number>): void {
  const d = e.cols;
  for (let i = 0; i < e.rows; i++) {
    let s = 0;
    for (let t = 0; t < d; t++) s += e.data[i * d + t]! * query[t]!;
    out[i] = norms[i]! > 0 ? s / norms[i]! : 0;
  }
}
