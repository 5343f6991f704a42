/**
 * What the evaluators need from a model, and nothing more, so they work for any
 * model (NCF, MF, two-tower...) and for plain score tables in tests.
 */
export interface Scorer {
  readonly numUsers: number;
  readonly numItems: number;
  /** out[i] = score of (users[i], items[i]); the three arrays have the same length. Higher is better. */
  score(users: Int32Array, items: Int32Array, out: Float32Array): void;
  /**
   * Optional fast path for full ranking: out[r * numItems + j] = score of
   * (users[r], j), row-major [users.length, numItems].
   */
  scoreAll?(users: Int32Array, out: Float32Array): void;
}

/** A compressed sparse row list: row r owns indices[offsets[r] .. offsets[r + 1]). */
export interface Csr {
  readonly offsets: Int32Array;
  readonly indices: Int32Array;
}
