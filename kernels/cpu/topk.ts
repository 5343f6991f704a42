import { ArgumentError } from '../../src/errors.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import type { RowExclusions } from '../index.js';
import { expectLength, expectRank } from '../shapes.js';

/**
 * Top-K per row by partial selection: a size-k min-heap whose root is the worst
 * candidate kept so far, so each row costs O(m log k) instead of a full sort.
 * "Worse" means a lower score, or an equal score at a higher column (ties go to
 * the lower index, so results are deterministic). NaN scores are never selected.
 */
let heapScore = new Float64Array(0);
let heapIdx = new Int32Array(0);
let excluded = new Uint8Array(0);

function worse(sa: number, ia: number, sb: number, ib: number): boolean {
  return sa < sb || (sa === sb && ia > ib);
}

function siftDown(size: number, start: number): void {
  const hs = heapScore, hi = heapIdx;
  let i = start;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= size) return;
    const r = l + 1;
    let w = l;
    if (r < size && worse(hs[r]!, hi[r]!, hs[l]!, hi[l]!)) w = r;
    if (!worse(hs[w]!, hi[w]!, hs[i]!, hi[i]!)) return;
    const ts = hs[i]!, ti = hi[i]!;
    hs[i] = hs[w]!; hi[i] = hi[w]!;
    hs[w] = ts; hi[w] = ti;
    i = w;
  }
}

function siftUp(i: number): void {
  const hs = heapScore, hi = heapIdx;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!worse(hs[i]!, hi[i]!, hs[p]!, hi[p]!)) return;
    const ts = hs[i]!, ti = hi[i]!;
    hs[i] = hs[p]!; hi[i] = hi[p]!;
    hs[p] = ts; hi[p] = ti;
    i = p;
  }
}

export function topK(
  outIdx: Int32Array,
  outScores: Float32Array | Float64Array,
  scores: Tensor,
  k: number,
  exclude: RowExclusions | null = null,
): void {
  expectRank('topK', 'scores', scores, 2);
  if (!Number.isInteger(k) || k < 0) throw new ArgumentError('k', `must be a non-negative integer, got ${k}`);
  const n = scores.rows;
  const m = scores.cols;
  expectLength('topK', 'outIdx', outIdx.length, n * k);
  expectLength('topK', 'outScores', outScores.length, n * k);
  if (exclude) expectLength('topK', 'exclude.offsets', exclude.offsets.length, n + 1);
  if (heapScore.length < k) {
    heapScore = new Float64Array(k);
    heapIdx = new Int32Array(k);
  }
  if (exclude && excluded.length < m) excluded = new Uint8Array(m);
  const s = scores.data;

  for (let r = 0; r < n; r++) {
    if (exclude) {
      for (let e = exclude.offsets[r]!; e < exclude.offsets[r + 1]!; e++) {
        const c = exclude.indices[e]!;
        if (c >= 0 && c < m) excluded[c] = 1;
      }
    }
    let size = 0;
    const base = r * m;
    for (let j = 0; j < m && k > 0; j++) {
      const v = s[base + j]!;
      if (v !== v || (exclude && excluded[j] === 1)) continue;
      if (size < k) {
        heapScore[size] = v;
        heapIdx[size] = j;
        siftUp(size++);
      } else if (worse(heapScore[0]!, heapIdx[0]!, v, j)) {
        heapScore[0] = v;
        heapIdx[0] = j;
        siftDown(size, 0);
      }
    }
    // Pop worst-first into the tail of the output row so it ends up best-first.
    const o = r * k;
    for (let t = k - 1; t >= size; t--) {
      outIdx[o + t] = -1;
      outScores[o + t] = -Infinity;
    }
    for (let t = size - 1; t >= 0; t--) {
      outIdx[o + t] = heapIdx[0]!;
      outScores[o + t] = heapScore[0]!;
      heapScore[0] = heapScore[t]!;
      heapIdx[0] = heapIdx[t]!;
      siftDown(t, 0);
    }
    if (exclude) {
      for (let e = exclude.offsets[r]!; e < exclude.offsets[r + 1]!; e++) {
        const c = exclude.indices[e]!;
        if (c >= 0 && c < m) excluded[c] = 0;
      }
    }
  }
}
