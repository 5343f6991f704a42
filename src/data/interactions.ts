import { ArgumentError } from '../errors.js';
import type { IdMap } from './id-map.js';
import { computeStats, type InteractionStats } from './stats.js';

export interface InteractionsInit {
  users: Int32Array;
  items: Int32Array;
  ratings?: Float32Array | null;
  timestamps?: Float64Array | null;
  /** Defaults to userIds.size, else max user + 1. */
  numUsers?: number;
  numItems?: number;
  userIds?: IdMap;
  itemIds?: IdMap;
}

/** A compressed sparse layout: the entries of row r are `[offsets[r], offsets[r + 1])`. */
export interface Compressed {
  /** length rows + 1. */
  readonly offsets: Int32Array;
  /** The column index of each entry, ascending within a row (ties in original row order). */
  readonly indices: Int32Array;
  /** For each entry, the COO row it came from (to read its rating or timestamp). */
  readonly rows: Int32Array;
}

/**
 * Interactions in COO form (row r is `users[r]` x `items[r]`, with optional rating and
 * timestamp), plus CSR by user and CSC by item built on first use. Indices are dense:
 * users in [0, numUsers), items in [0, numItems). Instances are immutable; splits and
 * filters return new ones that share the id maps (same index spaces).
 */
export class Interactions {
  readonly users: Int32Array;
  readonly items: Int32Array;
  readonly ratings: Float32Array | null;
  readonly timestamps: Float64Array | null;
  readonly numUsers: number;
  readonly numItems: number;
  readonly userIds?: IdMap;
  readonly itemIds?: IdMap;
  private csr: Compressed | null = null;
  private csc: Compressed | null = null;

  constructor(init: InteractionsInit) {
    const n = init.users.length;
    if (init.items.length !== n) throw new ArgumentError('items', `length ${init.items.length} != users length ${n}`);
    if (init.ratings && init.ratings.length !== n) throw new ArgumentError('ratings', `length ${init.ratings.length} != ${n}`);
    if (init.timestamps && init.timestamps.length !== n) throw new ArgumentError('timestamps', `length ${init.timestamps.length} != ${n}`);
    this.users = init.users;
    this.items = init.items;
    this.ratings = init.ratings ?? null;
    this.timestamps = init.timestamps ?? null;
    this.numUsers = checkCount('numUsers', init.numUsers ?? init.userIds?.size ?? maxPlusOne(init.users));
    this.numItems = checkCount('numItems', init.numItems ?? init.itemIds?.size ?? maxPlusOne(init.items));
    if (init.userIds) this.userIds = init.userIds;
    if (init.itemIds) this.itemIds = init.itemIds;
    checkRange('users', init.users, this.numUsers);
    checkRange('items', init.items, this.numItems);
  }

  get length(): number {
    return this.users.length;
  }

  /** CSR by user, rows sorted by (item, original row); built once. */
  byUser(): Compressed {
    return (this.csr ??= compress(this.users, this.numUsers, this.items, this.numItems));
  }

  /** CSC by item, entries sorted by (user, original row); built on first call. */
  byItem(): Compressed {
    return (this.csc ??= compress(this.items, this.numItems, this.users, this.numUsers));
  }

  userOffsets(): Int32Array {
    return this.byUser().offsets;
  }

  userItems(): Int32Array {
    return this.byUser().indices;
  }

  itemOffsets(): Int32Array {
    return this.byItem().offsets;
  }

  itemUsers(): Int32Array {
    return this.byItem().indices;
  }

  /** The items of user u, ascending: a view into userItems(). u must be an index in [0, numUsers). */
  itemsOf(u: number): Int32Array {
    // One shift and compare (u >>> 0 === u only for integers in [0, 2^32)): without it a
    // fractional or out-of-range u reads undefined offsets and subarray returns every item.
    if (u >>> 0 !== u || u >= this.numUsers) throw badIndex('u', u, 'numUsers', this.numUsers);
    const { offsets, indices } = this.byUser();
    return indices.subarray(offsets[u]!, offsets[u + 1]!);
  }

  /** The users of item i, ascending: a view into itemUsers(). i must be an index in [0, numItems). */
  usersOf(i: number): Int32Array {
    if (i >>> 0 !== i || i >= this.numItems) throw badIndex('i', i, 'numItems', this.numItems);
    const { offsets, indices } = this.byItem();
    return indices.subarray(offsets[i]!, offsets[i + 1]!);
  }

  /** Whether (u, i) occurs: binary search in u's sorted CSR row, O(log deg u). */
  hasInteraction(u: number, i: number): boolean {
    if (u >>> 0 !== u || u >= this.numUsers) throw badIndex('u', u, 'numUsers', this.numUsers);
    const { offsets, indices } = this.byUser();
    let lo = offsets[u]!;
    let hi = offsets[u + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = indices[mid]!;
      if (v === i) return true;
      if (v < i) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  countsPerUser(): Int32Array {
    return diffs(this.userOffsets());
  }

  countsPerItem(): Int32Array {
    return diffs(this.itemOffsets());
  }

  stats(): InteractionStats {
    return computeStats(this);
  }

  /**
   * A new Interactions holding COO rows `rows` (in that order), with the same index
   * spaces and id maps. Splits are built from this, so train and test always agree on
   * what index 17 means.
   */
  select(rows: ArrayLike<number>): Interactions {
    const k = rows.length;
    const users = new Int32Array(k);
    const items = new Int32Array(k);
    const ratings = this.ratings ? new Float32Array(k) : null;
    const timestamps = this.timestamps ? new Float64Array(k) : null;
    for (let j = 0; j < k; j++) {
      const r = rows[j]!;
      if (r >>> 0 !== r || r >= this.length) throw new ArgumentError('rows', `rows[${j}] = ${r} is not a row index in [0, ${this.length})`);
      users[j] = this.users[r]!;
      items[j] = this.items[r]!;
      if (ratings) ratings[j] = this.ratings![r]!;
      if (timestamps) timestamps[j] = this.timestamps![r]!;
    }
    return this.derive(users, items, ratings, timestamps);
  }

  /** Same index spaces and id maps, new columns (used by filters and splits). */
  derive(users: Int32Array, items: Int32Array, ratings: Float32Array | null, timestamps: Float64Array | null): Interactions {
    const init: InteractionsInit = { users, items, ratings, timestamps, numUsers: this.numUsers, numItems: this.numItems };
    if (this.userIds) init.userIds = this.userIds;
    if (this.itemIds) init.itemIds = this.itemIds;
    return new Interactions(init);
  }
}

function maxPlusOne(a: Int32Array): number {
  let m = -1;
  for (let r = 0; r < a.length; r++) if (a[r]! > m) m = a[r]!;
  return m + 1;
}

/** numUsers / numItems: index counts that fit the Int32Array columns. */
function checkCount(name: string, n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) throw new ArgumentError(name, `must be an integer in [0, 2^31), got ${n}`);
  return n;
}

export function badIndex(name: string, v: number, countName: string, count: number): ArgumentError {
  return new ArgumentError(name, `${v} is not an index in [0, ${countName} = ${count})`);
}

function checkRange(name: string, a: Int32Array, n: number): void {
  for (let r = 0; r < a.length; r++) {
    const v = a[r]!;
    if (v < 0 || v >= n) throw new ArgumentError(name, `row ${r} has index ${v} outside [0, ${n})`);
  }
}

function diffs(offsets: Int32Array): Int32Array {
  const out = new Int32Array(offsets.length - 1);
  for (let k = 0; k < out.length; k++) out[k] = offsets[k + 1]! - offsets[k]!;
  return out;
}

/**
 * Sorts rows by (major, minor) with two stable counting sorts (LSD radix): first by
 * minor, then by major. O(n + numMajor + numMinor), no comparator, and rows with equal
 * (major, minor) keep their original order.
 */
export function compress(major: Int32Array, numMajor: number, minor: Int32Array, numMinor: number): Compressed {
  const n = major.length;
  const byMinor = countingSort(minor, numMinor, null);
  const rows = countingSort(major, numMajor, byMinor.order);
  const indices = new Int32Array(n);
  for (let p = 0; p < n; p++) indices[p] = minor[rows.order[p]!]!;
  return { offsets: rows.offsets, indices, rows: rows.order };
}

/** Stable counting sort of `order` (identity when null) by key[row]. */
function countingSort(key: Int32Array, numKeys: number, order: Int32Array | null): { order: Int32Array; offsets: Int32Array } {
  const n = key.length;
  const offsets = new Int32Array(numKeys + 1);
  for (let r = 0; r < n; r++) offsets[key[r]! + 1]!++;
  for (let k = 0; k < numKeys; k++) offsets[k + 1]! += offsets[k]!;
  const cursor = offsets.slice(0, numKeys);
  const out = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    const r = order ? order[p]! : p;
    out[cursor[key[r]!]!++] = r;
  }
  return { order: out, offsets };
}
