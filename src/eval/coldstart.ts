import { ArgumentError } from '../errors.js';
import { expectCutoff } from '../metrics/summary.js';
import { allocPerRow, rankOfPositive, recordRow, summarizeRows, type SampledPerRow, type SampledSummary } from './rank.js';

/** A user the model never trained on: what they interacted with, and a held-out positive with fixed negatives. */
export interface ColdStartUser {
  readonly history: Int32Array;
  readonly positive: number;
  readonly negatives: Int32Array;
}

/** Scores items for a user known only by their history: out[i] = score of items[i]. */
export type HistoryScorer = (history: Int32Array, items: Int32Array, out: Float32Array) => void;

export interface ColdStartEvalOptions {
  /**
   * Folds the user in from their history (e.g. solving for a user vector with the
   * item embeddings fixed) and scores. Returns false when it cannot for this
   * user (empty history, unsupported model), and the fallback scores instead.
   */
  readonly foldIn?: ((history: Int32Array, items: Int32Array, out: Float32Array) => boolean) | null;
  /** Used when fold-in is absent or declines: popularity, a content model... */
  readonly fallback: HistoryScorer;
  readonly k?: number;
  /** Item ids must lie in [0, numItems). */
  readonly numItems: number;
}

export interface ColdStartReport {
  /** Users scored by fold-in, by the fallback, and all together. */
  readonly foldIn: SampledSummary;
  readonly fallback: SampledSummary;
  readonly overall: SampledSummary;
  /** 1 where the user was scored by fold-in, 0 by the fallback. */
  readonly foldedIn: Uint8Array;
  readonly perUser: SampledPerRow;
  /** Negatives dropped because they equalled the user's positive. */
  readonly removedPositives: number;
  /** Negatives dropped because they repeated another negative of the same user. */
  readonly removedDuplicates: number;
}

/**
 * Cold-start evaluation with the sampled protocol and its tie rule (rank.ts):
 * each held-out user is scored once, by fold-in where it works, otherwise by
 * the fallback, and the two groups are reported separately because they
 * measure different things (how well the model generalises to new users vs.
 * how good the safety net is).
 */
export function evaluateColdStart(users: readonly ColdStartUser[], options: ColdStartEvalOptions): ColdStartReport {
  const k = options.k ?? 10;
  expectCutoff(k);
  const per = allocPerRow(users.length);
  const foldedIn = new Uint8Array(users.length);
  const viaFoldIn: number[] = [], viaFallback: number[] = [];
  let removedPositives = 0, removedDuplicates = 0;
  users.forEach((user, u) => {
    // Before anything reads it: Int32Array.from would turn NaN into 0, 2.7 into 2
    // and 2^32 + 1 into 1, scoring a different item than the one held out.
    const pos = user.positive;
    if (!Number.isInteger(pos) || pos < 0 || pos >= options.numItems) {
      throw new ArgumentError('positive', `cold user ${u}: positive ${pos} is not an item id in [0, ${options.numItems})`);
    }
    const negs = [...new Set(user.negatives)].filter((n) => n !== user.positive);
    const own = user.negatives.filter((n) => n === user.positive).length;
    removedPositives += own;
    removedDuplicates += user.negatives.length - own - negs.length;
    if (negs.length === 0) throw new ArgumentError('negatives', `cold user ${u} has no negatives besides its positive ${user.positive}`);
    // negatives and history are Int32Arrays (integers); the positive was checked above.
    const inRange = (it: number): void => {
      if (it < 0 || it >= options.numItems) throw new ArgumentError('items', `cold user ${u}: item ${it} is outside [0, ${options.numItems})`);
    };
    negs.forEach(inRange);
    user.history.forEach(inRange);
    const items = Int32Array.from([user.positive, ...negs]);
    const out = new Float32Array(items.length);
    const ok = options.foldIn ? options.foldIn(user.history, items, out) : false;
    if (!ok) options.fallback(user.history, items, out);
    foldedIn[u] = ok ? 1 : 0;
    (ok ? viaFoldIn : viaFallback).push(u);
    recordRow(per, u, rankOfPositive(out, 0, negs.length), negs.length, k);
  });
  return {
    foldIn: summarizeRows(per, k, viaFoldIn),
    fallback: summarizeRows(per, k, viaFallback),
    overall: summarizeRows(per, k),
    foldedIn,
    perUser: per,
    removedPositives,
    removedDuplicates,
  };
}
