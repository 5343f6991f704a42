import { ArgumentError, EmptyDataError } from '../errors.js';
import { IdMap } from './id-map.js';
import { Interactions, type InteractionsInit } from './interactions.js';

/**
 * Implicit feedback from explicit ratings: keeps rows with rating >= threshold (the
 * usual MovieLens choice is 4) and drops the ratings column, so every kept row is a
 * positive. Index spaces and id maps are unchanged.
 */
export function binarize(x: Interactions, threshold: number): Interactions {
  if (!x.ratings) throw new ArgumentError('x', 'binarize needs ratings');
  if (!Number.isFinite(threshold)) throw new ArgumentError('threshold', `must be finite, got ${threshold}`);
  const rows: number[] = [];
  for (let r = 0; r < x.length; r++) if (x.ratings[r]! >= threshold) rows.push(r);
  if (rows.length === 0) throw new EmptyDataError('binarize', `no rating >= ${threshold}`);
  const kept = x.select(rows);
  return kept.derive(kept.users, kept.items, null, kept.timestamps);
}

export interface KCoreOptions {
  /** Every kept user has at least this many interactions (default 1). */
  minUser?: number;
  /** Every kept item has at least this many interactions (default 1). */
  minItem?: number;
  /** Renumber surviving users and items densely, with id maps to match (default true). */
  compact?: boolean;
}

export interface KCoreResult {
  interactions: Interactions;
  /** Passes until no user or item fell below its minimum. */
  iterations: number;
  removedRows: number;
  removedUsers: number;
  removedItems: number;
}

/**
 * The (minUser, minItem)-core: repeatedly drops users and items with too few
 * interactions until none remain, because dropping an item can push a user under the
 * limit and vice versa. Each pass is O(rows); the result is the largest sub-matrix
 * meeting both minimums, which is unique, so the order of removal does not matter.
 */
export function kCore(x: Interactions, opts: KCoreOptions): KCoreResult {
  const minUser = opts.minUser ?? 1;
  const minItem = opts.minItem ?? 1;
  for (const [name, v] of [['minUser', minUser], ['minItem', minItem]] as const) {
    // NaN compares false with every count, which kept everything; a negative minimum means nothing.
    if (!Number.isInteger(v) || v < 0) throw new ArgumentError(name, `must be an integer >= 0, got ${v}`);
  }
  const alive = new Uint8Array(x.length).fill(1);
  const uCount = new Int32Array(x.numUsers);
  const iCount = new Int32Array(x.numItems);
  for (let r = 0; r < x.length; r++) {
    uCount[x.users[r]!]!++;
    iCount[x.items[r]!]!++;
  }
  let iterations = 0;
  for (;;) {
    iterations++;
    let changed = false;
    for (let r = 0; r < x.length; r++) {
      if (!alive[r]) continue;
      const u = x.users[r]!;
      const i = x.items[r]!;
      if (uCount[u]! < minUser || iCount[i]! < minItem) {
        alive[r] = 0;
        uCount[u]!--;
        iCount[i]!--;
        changed = true;
      }
    }
    if (!changed) break;
  }
  const rows: number[] = [];
  for (let r = 0; r < x.length; r++) if (alive[r]) rows.push(r);
  if (rows.length === 0) throw new EmptyDataError('kCore', `nothing survives minUser=${minUser}, minItem=${minItem}`);
  let out = x.select(rows);
  const before = { users: countPositive(x.countsPerUser()), items: countPositive(x.countsPerItem()) };
  if (opts.compact !== false) out = compactIds(out);
  const after = { users: countPositive(out.countsPerUser()), items: countPositive(out.countsPerItem()) };
  return { interactions: out, iterations, removedRows: x.length - rows.length, removedUsers: before.users - after.users, removedItems: before.items - after.items };
}

/** Renumbers the users and items that occur, densely and in their old order; id maps follow. */
export function compactIds(x: Interactions): Interactions {
  const [users, userIds] = compactColumn(x.users, x.numUsers, x.userIds, 'user');
  const [items, itemIds] = compactColumn(x.items, x.numItems, x.itemIds, 'item');
  const init: InteractionsInit = { users, items, ratings: x.ratings, timestamps: x.timestamps, numUsers: userIds.size, numItems: itemIds.size, userIds, itemIds };
  return new Interactions(init);
}

function compactColumn(col: Int32Array, n: number, ids: IdMap | undefined, kind: 'user' | 'item'): [Int32Array, IdMap] {
  const used = new Uint8Array(n);
  for (let r = 0; r < col.length; r++) used[col[r]!] = 1;
  const remap = new Int32Array(n).fill(-1);
  const keep: number[] = [];
  for (let k = 0; k < n; k++) if (used[k]) remap[k] = keep.push(k) - 1;
  const out = new Int32Array(col.length);
  for (let r = 0; r < col.length; r++) out[r] = remap[col[r]!]!;
  // Without external ids the old dense index becomes the external id, so nothing is lost.
  return [out, ids ? ids.subset(keep) : IdMap.from(keep, kind)];
}

function countPositive(a: Int32Array): number {
  let c = 0;
  for (let k = 0; k < a.length; k++) if (a[k]! > 0) c++;
  return c;
}
