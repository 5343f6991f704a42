/**
 * One mini-batch of (user, item, label) samples, in preallocated typed arrays:
 * entries [0, size) are valid (the last batch of an epoch is shorter).
 * History-aware models (ANCF) also read each sample's earlier items: row k's
 * history is `history[k·L .. (k+1)·L)` with L = historyLength, of which
 * `lengths[k]` slots are real (the data pipeline's HistoryBatch has this shape).
 */
export interface Batch {
  readonly size: number;
  readonly users: Int32Array;
  readonly items: Int32Array;
  readonly labels: Float32Array;
  readonly history?: Int32Array;
  readonly lengths?: Int32Array;
  readonly historyLength?: number;
  /** 'right' (real slots first, the default) or 'left' (real slots last). */
  readonly padding?: 'left' | 'right';
}
