import { getBackend } from '../backend/registry.js';
import { Tensor } from '../tensor/tensor.js';

/** Per-row exclusions in CSR form (the topK kernel's RowExclusions), built row by row. */
export class ExclusionRows {
  offsets = new Int32Array(1);
  indices = new Int32Array(64);
  private rows = 0;
  private used = 0;

  reset(): void {
    this.rows = 0;
    this.used = 0;
    this.offsets[0] = 0;
  }

  /** Appends one row made of the given lists (duplicates are harmless to the kernel). */
  push(...lists: readonly Int32Array[]): void {
    let need = this.used;
    for (const l of lists) need += l.length;
    if (need > this.indices.length) {
      const grown = new Int32Array(Math.max(need, 2 * this.indices.length));
      grown.set(this.indices.subarray(0, this.used));
      this.indices = grown;
    }
    for (const l of lists) {
      this.indices.set(l, this.used);
      this.used += l.length;
    }
    if (this.offsets.length < this.rows + 2) {
      const grown = new Int32Array(Math.max(this.rows + 2, 2 * this.offsets.length));
      grown.set(this.offsets.subarray(0, this.rows + 1));
      this.offsets = grown;
    }
    this.offsets[++this.rows] = this.used;
  }

  view(): { offsets: Int32Array; indices: Int32Array } {
    return { offsets: this.offsets.subarray(0, this.rows + 1), indices: this.indices.subarray(0, this.used) };
  }
}

/**
 * The k best items of each row, best first. idx -1 marks an empty slot (its score
 * is -Infinity); a real item may score -Infinity too, so test idx, not the score.
 */
export interface TopRows {
  readonly idx: Int32Array;
  readonly scores: Float32Array;
  readonly k: number;
}

/**
 * The top k of each of n score rows [n, m] through the active backend's topK
 * kernel: excluded items are never chosen, NaN never wins, and ties go to the
 * lower item index, so results are deterministic.
 *
 * With `candidates` (ascending, distinct item indices), only those columns
 * compete: they are gathered into an [n, c] block first. Candidates ascend, so
 * the kernel's "lower column wins a tie" is still "lower item index wins".
 */
export function selectTop(scores: Float32Array, n: number, m: number, k: number, exclude: ExclusionRows, candidates: Int32Array | null): TopRows {
  const topK = getBackend().kernels.topK;
  const idx = new Int32Array(n * k);
  const top = new Float32Array(n * k);
  const ex = exclude.view();
  if (!candidates) {
    topK(idx, top, new Tensor(scores.subarray(0, n * m), [n, m]), k, ex);
    return { idx, scores: top, k };
  }
  const c = candidates.length;
  const block = new Float32Array(n * c);
  for (let r = 0; r < n; r++) for (let j = 0; j < c; j++) block[r * c + j] = scores[r * m + candidates[j]!]!;
  // Exclusions move to candidate positions; excluded items that are not candidates drop out.
  const pos = new Int32Array(m).fill(-1);
  for (let j = 0; j < c; j++) pos[candidates[j]!] = j;
  const mapped = new Int32Array(ex.indices.length);
  for (let e = 0; e < mapped.length; e++) mapped[e] = pos[ex.indices[e]!]!;
  topK(idx, top, new Tensor(block, [n, c]), k, { offsets: ex.offsets, indices: mapped });
  for (let t = 0; t < idx.length; t++) if (idx[t]! >= 0) idx[t] = candidates[idx[t]!]!;
  return { idx, scores: top, k };
}
