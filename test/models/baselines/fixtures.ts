import fc from 'fast-check';
import { Interactions } from '../../../src/data/interactions.js';
import type { Scorer } from '../../../src/eval/scorer.js';

/** Small random interactions (repeats allowed) with integer ratings 1..5. */
export const interactions = fc
  .record({ numUsers: fc.integer({ min: 1, max: 6 }), numItems: fc.integer({ min: 1, max: 7 }) })
  .chain(({ numUsers, numItems }) =>
    fc
      .array(fc.tuple(fc.integer({ min: 0, max: numUsers - 1 }), fc.integer({ min: 0, max: numItems - 1 }), fc.integer({ min: 1, max: 5 })), { minLength: 1, maxLength: 25 })
      .map((rows) => new Interactions({
        users: Int32Array.from(rows, (r) => r[0]),
        items: Int32Array.from(rows, (r) => r[1]),
        ratings: Float32Array.from(rows, (r) => r[2]),
        numUsers,
        numItems,
      })),
  );

/** The [users, items] matrix as nested float64 arrays: 1 (or the rating, last row wins) per interaction. */
export function denseRef(x: Interactions, useRatings = false): number[][] {
  const m = Array.from({ length: x.numUsers }, () => new Array<number>(x.numItems).fill(0));
  for (let r = 0; r < x.length; r++) m[x.users[r]!]![x.items[r]!] = useRatings ? x.ratings![r]! : 1;
  return m;
}

/** m [rows, cols] to [cols, rows]. */
export const transpose = (m: number[][], cols: number): number[][] => Array.from({ length: cols }, (_, j) => m.map((row) => row[j]!));

/** Every user and item pair, row-major, for score() against scoreAll(). */
export function allPairs(numUsers: number, numItems: number): { users: Int32Array; items: Int32Array } {
  const users = new Int32Array(numUsers * numItems);
  const items = new Int32Array(numUsers * numItems);
  for (let u = 0; u < numUsers; u++) for (let i = 0; i < numItems; i++) {
    users[u * numItems + i] = u;
    items[u * numItems + i] = i;
  }
  return { users, items };
}

/** score() over every (user, item) pair and scoreAll() over every user both equal ref (row-major). */
export function expectScores(model: Required<Scorer>, x: Interactions, ref: ArrayLike<number>): void {
  const { users, items } = allPairs(x.numUsers, x.numItems);
  const pairs = new Float32Array(users.length);
  model.score(users, items, pairs);
  expectClose(pairs, ref);
  const all = new Float32Array(users.length);
  model.scoreAll(Int32Array.from({ length: x.numUsers }, (_, u) => u), all);
  expectClose(all, ref);
}

export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-5): void {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  for (let k = 0; k < expected.length; k++) {
    const a = actual[k]!, e = expected[k]!;
    if (!(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)))) throw new Error(`element ${k}: ${a} != ${e}`);
  }
}

/**
 * Naive column cosine in float64: s_ij = x_i·x_j / (|x_i| |x_j| + shrink), zero
 * diagonal. (Pearson is tested against hand-computed values and its invariances
 * instead, not against a copy of the implementation.)
 */
export function refSimilarity(x: number[][], kind: 'cosine', shrink: number): number[][] {
  const m = x[0]!.length;
  if (kind !== 'cosine') throw new Error(`refSimilarity: only cosine, got ${String(kind)}`);
  const dot = (a: number, b: number): number => x.reduce((s, row) => s + row[a]! * row[b]!, 0);
  return Array.from({ length: m }, (_, i) =>
    Array.from({ length: m }, (_, j) => {
      const denom = Math.sqrt(dot(i, i)) * Math.sqrt(dot(j, j)) + shrink;
      return i === j || denom === 0 ? 0 : dot(i, j) / denom;
    }),
  );
}

/** Row-wise top k of s, ties to the lower column, non-positive entries dropped. */
export function refTopK(s: number[][], k: number): number[][] {
  return s.map((row) => {
    const order = row.map((v, j) => [v, j] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    const out = new Array<number>(row.length).fill(0);
    for (const [v, j] of order.slice(0, k)) if (v > 0) out[j] = v;
    return out;
  });
}

/**
 * Fold-in against the model's own scores: for every user, the history made of
 * their training items, each repeated 1-3 times and shuffled (repeats chosen by
 * `reps`), scores exactly like scoreAll scores that user (x = 1_H is 0/1).
 */
export function expectFoldInMatchesUsers(
  model: { numItems: number; scoreAll(users: Int32Array, out: Float32Array): void; scoreFromHistory(h: Int32Array, out: Float32Array): void },
  x: Interactions,
  reps: readonly number[],
): void {
  const m = x.numItems;
  for (let u = 0; u < x.numUsers; u++) {
    const own = new Float32Array(m);
    model.scoreAll(Int32Array.of(u), own);
    const items = Array.from(new Set(x.itemsOf(u)));
    const history: number[] = [];
    items.forEach((i, k) => {
      for (let t = 0; t < 1 + (reps[(u + k) % reps.length]! % 3); t++) history.push(i);
    });
    history.reverse();
    const folded = new Float32Array(m);
    model.scoreFromHistory(Int32Array.from(history), folded);
    expectClose(folded, own);
  }
}
