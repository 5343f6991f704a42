import { ArgumentError } from '../errors.js';
import { expectCutoff } from '../metrics/summary.js';
import { allocPerRow, rankOfPositive, recordRow, summarizeRows, type SampledPerRow, type SampledSummary } from './rank.js';
import type { Scorer } from './scorer.js';

/** One held-out positive per row, against that row's fixed negatives (the NCF protocol). */
export interface SampledTestSet {
  readonly users: Int32Array;
  readonly positives: Int32Array;
  readonly negatives: readonly Int32Array[];
}

export interface SampledOptions {
  /** Cutoff for HR and NDCG (default 10). */
  readonly k?: number;
  /** Upper bound on (user, item) pairs per score() call (default 32768; a row is never split). */
  readonly chunkPairs?: number;
}

export interface SampledReport extends SampledSummary {
  /** Per-row values, in test-set order (one row per user in the NCF files). */
  readonly perUser: SampledPerRow;
  /** Negatives dropped because they were the row's own positive. */
  readonly removedPositives: number;
  /** Negatives dropped because they repeated another negative of the same row. */
  readonly removedDuplicates: number;
  /** Rows where the positive or some negative scored NaN (each counted against the positive). */
  readonly nanRows: number;
}

/**
 * The sampled-ranking evaluator, built once per test set and run every epoch.
 * Construction cleans the negatives (a negative equal to the row's positive is
 * removed, as are repeats, and both are counted: the reference NCF code
 * silently scores such a positive against itself) and lays every row out as
 * one flat (user, item) list, positive first, so an evaluation is a handful
 * of batched score() calls into one preallocated buffer plus one pass of
 * comparisons. See rank.ts for the tie rule.
 */
export class SampledEvaluator {
  readonly rows: number;
  readonly k: number;
  readonly removedPositives: number;
  readonly removedDuplicates: number;
  private readonly users: Int32Array;
  private readonly items: Int32Array;
  /** Row r occupies flat positions [rowStart[r], rowStart[r + 1]). */
  private readonly rowStart: Int32Array;
  /** Rows [chunkRow[c], chunkRow[c + 1]) form score() call c. */
  private readonly chunkRow: Int32Array;
  private readonly scores: Float32Array;
  private checkedFor: Scorer | null = null;

  constructor(test: SampledTestSet, options: SampledOptions = {}) {
    const { users, positives, negatives } = test;
    this.k = options.k ?? 10;
    expectCutoff(this.k);
    const chunkPairs = options.chunkPairs ?? 32768;
    if (!Number.isInteger(chunkPairs) || chunkPairs < 1) throw new ArgumentError('chunkPairs', `must be a positive integer, got ${chunkPairs}`);
    if (positives.length !== users.length || negatives.length !== users.length) {
      throw new ArgumentError('test', `users, positives and negatives have ${users.length}, ${positives.length}, ${negatives.length} rows`);
    }
    const rows = (this.rows = users.length);
    const kept: Int32Array[] = [];
    let removedPositives = 0, removedDuplicates = 0, total = 0;
    for (let r = 0; r < rows; r++) {
      const pos = positives[r]!;
      const seen = new Set<number>();
      const out: number[] = [];
      for (const n of negatives[r]!) {
        if (n === pos) removedPositives++;
        else if (seen.has(n)) removedDuplicates++;
        else {
          seen.add(n);
          out.push(n);
        }
      }
      if (out.length === 0) throw new ArgumentError('negatives', `row ${r} (user ${users[r]}) has no negatives besides its positive ${pos}`);
      kept.push(Int32Array.from(out));
      total += 1 + out.length;
    }
    this.removedPositives = removedPositives;
    this.removedDuplicates = removedDuplicates;
    this.users = new Int32Array(total);
    this.items = new Int32Array(total);
    this.rowStart = new Int32Array(rows + 1);
    const chunks = [0];
    let o = 0, chunkStart = 0, largest = 0;
    for (let r = 0; r < rows; r++) {
      const len = 1 + kept[r]!.length;
      if (o + len - chunkStart > chunkPairs && o > chunkStart) {
        largest = Math.max(largest, o - chunkStart);
        chunks.push(r);
        chunkStart = o;
      }
      this.rowStart[r] = o;
      this.users.fill(users[r]!, o, o + len);
      this.items[o] = positives[r]!;
      this.items.set(kept[r]!, o + 1);
      o += len;
    }
    this.rowStart[rows] = o;
    if (rows > 0) chunks.push(rows);
    this.chunkRow = Int32Array.from(chunks.length > 1 ? chunks : [0, 0]);
    this.scores = new Float32Array(Math.max(largest, o - chunkStart));
  }

  evaluate(scorer: Scorer): SampledReport {
    this.checkIds(scorer);
    const { rowStart, chunkRow, scores, k } = this;
    const per = allocPerRow(this.rows);
    let nanRows = 0;
    for (let c = 0; c + 1 < chunkRow.length; c++) {
      const r0 = chunkRow[c]!, r1 = chunkRow[c + 1]!;
      const a = rowStart[r0]!, b = rowStart[r1]!;
      if (a === b) continue;
      const out = scores.subarray(0, b - a);
      scorer.score(this.users.subarray(a, b), this.items.subarray(a, b), out);
      for (let r = r0; r < r1; r++) {
        const start = rowStart[r]! - a;
        const negatives = rowStart[r + 1]! - rowStart[r]! - 1;
        const rank = rankOfPositive(out, start, negatives);
        recordRow(per, r, rank, negatives, k);
        // A NaN anywhere in the row is counted against the positive, so only a row
        // with a NaN positive or a non-zero rank can hold one.
        if (rank > 0 && hasNaN(out, start, negatives + 1)) nanRows++;
      }
    }
    return {
      ...summarizeRows(per, k),
      perUser: per,
      removedPositives: this.removedPositives,
      removedDuplicates: this.removedDuplicates,
      nanRows,
    };
  }

  /** Every id must fit the scorer; checked once per scorer, not every epoch. */
  private checkIds(scorer: Scorer): void {
    if (this.checkedFor === scorer) return;
    for (let r = 0; r < this.rows; r++) {
      for (let j = this.rowStart[r]!; j < this.rowStart[r + 1]!; j++) {
        const u = this.users[j]!, i = this.items[j]!;
        if (u < 0 || u >= scorer.numUsers) throw new ArgumentError('users', `row ${r}: user ${u} is outside [0, ${scorer.numUsers})`);
        if (i < 0 || i >= scorer.numItems) throw new ArgumentError('items', `row ${r}: item ${i} is outside [0, ${scorer.numItems})`);
      }
    }
    this.checkedFor = scorer;
  }
}

function hasNaN(a: Float32Array, start: number, count: number): boolean {
  for (let j = start; j < start + count; j++) if (a[j] !== a[j]) return true;
  return false;
}

/** One-shot form of SampledEvaluator (rebuilds the layout each call; keep an evaluator for per-epoch use). */
export function evaluateSampled(scorer: Scorer, test: SampledTestSet, options: SampledOptions = {}): SampledReport {
  return new SampledEvaluator(test, options).evaluate(scorer);
}
