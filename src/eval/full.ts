import { getBackend } from '../backend/registry.js';
import { ArgumentError } from '../errors.js';
import { rankingMetrics } from '../metrics/ranking.js';
import { expectCutoff } from '../metrics/summary.js';
import { Tensor } from '../tensor/tensor.js';
import { HeldOutLast } from './held-out-last.js';
import type { Csr, Scorer } from './scorer.js';

export interface FullRankingSet {
  /** The user of each evaluated row. */
  readonly users: Int32Array;
  /** Row r's held-out (relevant) items; offsets has users.length + 1 entries. */
  readonly heldOut: Csr;
  /** Each user's training items, indexed by user id (offsets has numUsers + 1 entries); never recommended. */
  readonly train?: Csr | null;
}

export interface FullRankingOptions {
  readonly k?: number;
  /** Upper bound on scores held at once (default 2^20, i.e. 4 MiB); a row is never split. */
  readonly chunkScores?: number;
}

export interface FullRankingReport {
  readonly k: number;
  readonly rows: number;
  /** Rows with at least one held-out item (the ones averaged). */
  readonly users: number;
  readonly hr: number;
  readonly precision: number;
  readonly recall: number;
  readonly ndcg: number;
  readonly map: number;
  /** Mean reciprocal rank of the first hit within the top K. */
  readonly mrr: number;
  readonly perUser: {
    readonly hr: Float64Array;
    readonly precision: Float64Array;
    readonly recall: Float64Array;
    readonly ndcg: Float64Array;
    readonly ap: Float64Array;
    readonly rr: Float64Array;
  };
  /** The top-K items of each row, best first, [rows * k]; -1 marks an empty slot. */
  readonly recommended: Int32Array;
  /** Held-out items that are also training items of the same user: excluded, so they can never be hit. */
  readonly heldOutInTrain: number;
}

/**
 * Full ranking: each user's K best items over the whole catalogue, their
 * training items excluded, against their held-out items. Scores come from
 * scoreAll when the scorer has it, else from score() on every (user, item)
 * pair; the selection is the active backend's topK kernel (NaN never selected).
 * Ties count against the held-out items, as in the sampled protocol: among
 * equal scores the other items rank first (then the lower item id), so a
 * constant model hits nothing (held-out-last.ts). Metrics as in
 * metrics/ranking.ts, with |R| the number of distinct held-out items.
 */
export function evaluateFullRanking(scorer: Scorer, set: FullRankingSet, options: FullRankingOptions = {}): FullRankingReport {
  const k = options.k ?? 10;
  expectCutoff(k);
  const { users, heldOut } = set;
  const train = set.train ?? null;
  const m = scorer.numItems;
  const rows = users.length;
  checkCsr('heldOut', heldOut, rows, m);
  if (train) checkCsr('train', train, scorer.numUsers, m);
  for (let r = 0; r < rows; r++) {
    const u = users[r]!;
    if (u < 0 || u >= scorer.numUsers) throw new ArgumentError('users', `row ${r}: user ${u} is outside [0, ${scorer.numUsers})`);
  }

  const chunk = Math.max(1, Math.min(rows, Math.floor((options.chunkScores ?? 1 << 20) / Math.max(1, m))));
  const scores = new Float32Array(chunk * m);
  let pairUsers: Int32Array | null = null, pairItems: Int32Array | null = null;
  if (!scorer.scoreAll) {
    pairUsers = new Int32Array(chunk * m);
    pairItems = new Int32Array(chunk * m);
    for (let r = 0; r < chunk; r++) for (let j = 0; j < m; j++) pairItems[r * m + j] = j;
  }
  const exOffsets = new Int32Array(chunk + 1);
  let exIndices = new Int32Array(0);
  const recommended = new Int32Array(rows * k);
  const topScores = new Float32Array(chunk * k);
  const topK = getBackend().kernels.topK;
  const ties = new HeldOutLast();

  for (let r0 = 0; r0 < rows; r0 += chunk) {
    const n = Math.min(chunk, rows - r0);
    const chunkUsers = users.subarray(r0, r0 + n);
    const out = scores.subarray(0, n * m);
    if (scorer.scoreAll) scorer.scoreAll(chunkUsers, out);
    else {
      for (let r = 0; r < n; r++) pairUsers!.fill(chunkUsers[r]!, r * m, (r + 1) * m);
      scorer.score(pairUsers!.subarray(0, n * m), pairItems!.subarray(0, n * m), out);
    }
    ties.arrange(out, n, m, heldOut, r0);
    let exclude = null;
    if (train) {
      // Gather the chunk's users' training rows into one contiguous CSR for the kernel.
      let need = 0;
      for (let r = 0; r < n; r++) need += train.offsets[chunkUsers[r]! + 1]! - train.offsets[chunkUsers[r]!]!;
      if (exIndices.length < need) exIndices = new Int32Array(Math.max(need, 2 * exIndices.length));
      let o = 0;
      for (let r = 0; r < n; r++) {
        exOffsets[r] = o;
        const u = chunkUsers[r]!;
        const a = train.offsets[u]!, b = train.offsets[u + 1]!;
        for (let e = a; e < b; e++) exIndices[o++] = ties.column(r, train.indices[e]!);
      }
      exOffsets[n] = o;
      exclude = { offsets: exOffsets.subarray(0, n + 1), indices: exIndices.subarray(0, o) };
    }
    const top = recommended.subarray(r0 * k, (r0 + n) * k);
    topK(top, topScores.subarray(0, n * k), new Tensor(out, [n, m]), k, exclude);
    for (let r = 0; r < n; r++) for (let s = r * k; s < (r + 1) * k; s++) top[s] = ties.item(r, top[s]!);
  }
  return scoreLists(users, heldOut, train, recommended, k);
}

/**
 * The metrics of metrics/ranking.ts over each row's top-K list against its
 * held-out items, plus how many held-out items were also training items (those
 * were excluded from the ranking, so they can never be hit).
 */
function scoreLists(users: Int32Array, heldOut: Csr, train: Csr | null, recommended: Int32Array, k: number): FullRankingReport {
  const rows = users.length;
  const lists: Int32Array[] = [];
  const relevant: Array<Set<number>> = [];
  let heldOutInTrain = 0;
  for (let r = 0; r < rows; r++) {
    const rel = new Set(heldOut.indices.subarray(heldOut.offsets[r]!, heldOut.offsets[r + 1]!));
    if (train) {
      const u = users[r]!;
      for (let e = train.offsets[u]!; e < train.offsets[u + 1]!; e++) if (rel.has(train.indices[e]!)) heldOutInTrain++;
    }
    lists.push(recommended.subarray(r * k, (r + 1) * k));
    relevant.push(rel);
  }
  const m = rankingMetrics(lists, relevant, k);
  return {
    k,
    rows,
    users: m.users,
    hr: m.hr,
    precision: m.precision,
    recall: m.recall,
    ndcg: m.ndcg,
    map: m.map,
    mrr: m.mrr,
    perUser: m.perUser,
    recommended,
    heldOutInTrain,
  };
}

function checkCsr(name: string, csr: Csr, rows: number, numItems: number): void {
  const { offsets, indices } = csr;
  if (offsets.length !== rows + 1) throw new ArgumentError(name, `offsets has ${offsets.length} entries, expected ${rows + 1}`);
  if (offsets[0] !== 0 || offsets[rows] !== indices.length) {
    throw new ArgumentError(name, `offsets must run from 0 to indices.length = ${indices.length}, got ${offsets[0]} .. ${offsets[rows]}`);
  }
  for (let r = 0; r < rows; r++) {
    if (offsets[r + 1]! < offsets[r]!) throw new ArgumentError(name, `offsets decrease at row ${r}`);
  }
  for (let e = 0; e < indices.length; e++) {
    const it = indices[e]!;
    if (it < 0 || it >= numItems) throw new ArgumentError(name, `entry ${e}: item ${it} is outside [0, ${numItems})`);
  }
}
