/**
 * The rank of a held-out positive among its sampled negatives, and the metrics
 * that follow from it. scores[start] is the positive, scores[start + 1 ..
 * start + count] its negatives.
 *
 * rank = #{negatives j : !(s_j < s_pos)}: every negative that is not strictly
 * below the positive counts against it. That puts ties against the positive (a
 * constant model gets rank = count and HR@K = 0, not a lucky hit), and makes a
 * NaN on either side count against it too, so a broken model can never look
 * good. It is exactly the `(s[:, 1:] >= pos).sum(1)` of the reference
 * torch_ncf.py for finite scores.
 */
export function rankOfPositive(scores: Float32Array, start: number, count: number): number {
  const pos = scores[start]!;
  let rank = 0;
  const end = start + 1 + count;
  for (let j = start + 1; j < end; j++) if (!(scores[j]! < pos)) rank++;
  return rank;
}

/** Per-row metrics of a sampled-ranking evaluation (one row per held-out positive). */
export interface SampledPerRow {
  /** 0-based rank of the positive among its negatives (0 = best). */
  readonly rank: Int32Array;
  /** 1 when rank < K. */
  readonly hr: Float64Array;
  /** 1 / log2(rank + 2) when rank < K, else 0. */
  readonly ndcg: Float64Array;
  /** 1 / (rank + 1), not cut at K. */
  readonly rr: Float64Array;
  /** (negatives - rank) / negatives: the share of negatives strictly below the positive. */
  readonly auc: Float64Array;
}

export interface SampledSummary {
  readonly k: number;
  readonly rows: number;
  readonly hr: number;
  readonly ndcg: number;
  readonly mrr: number;
  readonly auc: number;
}

export function allocPerRow(rows: number): SampledPerRow {
  return {
    rank: new Int32Array(rows),
    hr: new Float64Array(rows),
    ndcg: new Float64Array(rows),
    rr: new Float64Array(rows),
    auc: new Float64Array(rows),
  };
}

export function recordRow(per: SampledPerRow, row: number, rank: number, negatives: number, k: number): void {
  const hit = rank < k;
  per.rank[row] = rank;
  per.hr[row] = hit ? 1 : 0;
  per.ndcg[row] = hit ? 1 / Math.log2(rank + 2) : 0;
  per.rr[row] = 1 / (rank + 1);
  per.auc[row] = (negatives - rank) / negatives;
}

/** Means over the rows listed in `rows` (all rows when null). */
export function summarizeRows(per: SampledPerRow, k: number, rows: ArrayLike<number> | null = null): SampledSummary {
  const n = rows ? rows.length : per.rank.length;
  let hr = 0, ndcg = 0, rr = 0, auc = 0;
  for (let i = 0; i < n; i++) {
    const r = rows ? rows[i]! : i;
    hr += per.hr[r]!;
    ndcg += per.ndcg[r]!;
    rr += per.rr[r]!;
    auc += per.auc[r]!;
  }
  return n === 0
    ? { k, rows: 0, hr: Number.NaN, ndcg: Number.NaN, mrr: Number.NaN, auc: Number.NaN }
    : { k, rows: n, hr: hr / n, ndcg: ndcg / n, mrr: rr / n, auc: auc / n };
}
