import { ArgumentError } from '../../errors.js';

/**
 * One range check per call, before anything is read. The baselines index dense
 * row-major tables (x[u * m + j], B[h * m + i]) without bounds: an id past the
 * end reads NaN, and an item id >= m silently reads the next row. The message
 * follows the evaluators' (src/eval) and ANCF's: ArgumentError naming the
 * argument, the position and the id.
 */
export function checkIds(name: string, kind: 'user' | 'item', ids: Int32Array, n: number): void {
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r]!;
    if (!(id >= 0 && id < n)) throw new ArgumentError(name, `row ${r}: ${kind} ${id} is outside [0, ${n})`);
  }
}

/** score(users, items, out)'s ids: one check of each array per call. */
export function checkPairs(model: { readonly numUsers: number; readonly numItems: number }, users: Int32Array, items: Int32Array): void {
  if (users.length !== items.length) throw new ArgumentError('items', `has ${items.length} entries, users ${users.length}`);
  checkIds('users', 'user', users, model.numUsers);
  checkIds('items', 'item', items, model.numItems);
}

/**
 * The distinct items of a history, in first-seen order, range-checked. Fold-in
 * scores x·W with x = 1_H, the 0/1 indicator of the history (the training matrix
 * is 0/1 too): an item seen three times is still one 1, so repeats must not add
 * its row three times.
 */
export function distinctItems(history: Int32Array, numItems: number): Int32Array {
  checkIds('history', 'item', history, numItems);
  const seen = new Uint8Array(numItems);
  const out = new Int32Array(history.length);
  let n = 0;
  for (const h of history) {
    if (seen[h] === 0) {
      seen[h] = 1;
      out[n++] = h;
    }
  }
  return out.subarray(0, n);
}
