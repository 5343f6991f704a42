import { EmptyDataError } from '../errors.js';
import { GrowableColumn } from './growable.js';
import { IdMap, type ExternalId } from './id-map.js';
import { Interactions, compress, type InteractionsInit } from './interactions.js';
import type { DuplicatePolicy } from './report.js';

export interface BuilderOptions {
  hasRatings: boolean;
  hasTimestamps: boolean;
  duplicates?: DuplicatePolicy;
  /** Existing maps to resolve ids against; they are never modified (unknown ids are rejected). */
  userIds?: IdMap;
  itemIds?: IdMap;
  /** Renumber fresh maps in ascending id order once all rows are in (default true). */
  sortIds?: boolean;
}

/**
 * Accumulates rows streamed from a file into growing typed columns, then merges
 * duplicate (user, item) pairs and produces an Interactions sorted by (user, item).
 */
export class InteractionsBuilder {
  readonly userIds: IdMap;
  readonly itemIds: IdMap;
  /** True when ids resolve against a given map, which is never modified. */
  readonly frozenUsers: boolean;
  readonly frozenItems: boolean;
  private readonly u = new GrowableColumn(Int32Array);
  private readonly i = new GrowableColumn(Int32Array);
  private readonly r: GrowableColumn<Float32Array> | null;
  private readonly t: GrowableColumn<Float64Array> | null;

  constructor(private readonly opts: BuilderOptions) {
    this.frozenUsers = opts.userIds !== undefined;
    this.frozenItems = opts.itemIds !== undefined;
    this.userIds = opts.userIds ?? new IdMap('user');
    this.itemIds = opts.itemIds ?? new IdMap('item');
    this.r = opts.hasRatings ? new GrowableColumn(Float32Array) : null;
    this.t = opts.hasTimestamps ? new GrowableColumn(Float64Array) : null;
  }

  get length(): number {
    return this.u.length;
  }

  /** Dense index of a user id, or -1 when the map is frozen and does not hold it. */
  user(id: ExternalId): number {
    return this.frozenUsers ? (this.userIds.get(id) ?? -1) : this.userIds.add(id);
  }

  item(id: ExternalId): number {
    return this.frozenItems ? (this.itemIds.get(id) ?? -1) : this.itemIds.add(id);
  }

  push(user: number, item: number, rating: number, timestamp: number): void {
    this.u.push(user);
    this.i.push(item);
    this.r?.push(rating);
    this.t?.push(timestamp);
  }

  /** The finished data and how many rows duplicate merging removed. Throws on no rows. */
  finish(source: string): { interactions: Interactions; duplicatesMerged: number } {
    if (this.u.length === 0) throw new EmptyDataError(source, 'no interactions were read');
    let users: Int32Array = this.u.toArray();
    let items: Int32Array = this.i.toArray();
    let userIds = this.userIds;
    let itemIds = this.itemIds;
    if (this.opts.sortIds !== false) {
      if (!this.frozenUsers) ({ map: userIds } = remapInPlace(users, this.userIds));
      if (!this.frozenItems) ({ map: itemIds } = remapInPlace(items, this.itemIds));
    }
    const merged = mergeDuplicates(users, items, this.r?.toArray() ?? null, this.t?.toArray() ?? null, userIds.size, itemIds.size, this.opts.duplicates ?? 'last');
    users = merged.users;
    items = merged.items;
    const init: InteractionsInit = { users, items, ratings: merged.ratings, timestamps: merged.timestamps, numUsers: userIds.size, numItems: itemIds.size, userIds, itemIds };
    return { interactions: new Interactions(init), duplicatesMerged: merged.merged };
  }
}

function remapInPlace(col: Int32Array, ids: IdMap): { map: IdMap } {
  const { map, remap } = ids.sorted();
  for (let r = 0; r < col.length; r++) col[r] = remap[col[r]!]!;
  return { map };
}

/**
 * Sorts rows by (user, item) and collapses each run of equal pairs to one row:
 * 'last' keeps the row that came last in the input; 'max' the row with the highest
 * rating (the later one on ties); 'sum' adds the ratings and keeps the latest
 * timestamp. Without ratings every policy keeps the last row. Columns are permuted
 * one at a time so peak memory stays near one extra column.
 */
export function mergeDuplicates(
  users: Int32Array,
  items: Int32Array,
  ratings: Float32Array | null,
  timestamps: Float64Array | null,
  numUsers: number,
  numItems: number,
  policy: DuplicatePolicy,
): { users: Int32Array; items: Int32Array; ratings: Float32Array | null; timestamps: Float64Array | null; merged: number } {
  const { offsets, indices, rows } = compress(users, numUsers, items, numItems);
  const n = rows.length;
  // keep[k] = the COO row that represents output row k; runs of equal items are adjacent in CSR.
  const keep = new Int32Array(n);
  let sums: Float32Array | null = null;
  let latest: Float64Array | null = null;
  let k = 0;
  for (let u = 0; u < numUsers; u++) {
    const end = offsets[u + 1]!;
    for (let p = offsets[u]!; p < end; ) {
      let q = p + 1;
      while (q < end && indices[q] === indices[p]) q++;
      if (q - p === 1) keep[k] = rows[p]!;
      else {
        keep[k] = pick(rows, p, q, ratings, policy);
        if (policy === 'sum' && ratings) {
          sums ??= new Float32Array(n).fill(Number.NaN);
          let s = 0;
          for (let j = p; j < q; j++) s += ratings[rows[j]!]!;
          sums[k] = s;
        }
        if (policy === 'sum' && timestamps) {
          latest ??= new Float64Array(n).fill(Number.NaN);
          let m = -Infinity;
          for (let j = p; j < q; j++) m = Math.max(m, timestamps[rows[j]!]!);
          latest[k] = m;
        }
      }
      k++;
      p = q;
    }
  }
  const sel = keep.subarray(0, k);
  const outUsers = gather(users, sel, new Int32Array(k));
  const outItems = gather(items, sel, new Int32Array(k));
  const outRatings = ratings ? gather(ratings, sel, new Float32Array(k)) : null;
  const outTimes = timestamps ? gather(timestamps, sel, new Float64Array(k)) : null;
  if (sums && outRatings) for (let j = 0; j < k; j++) if (!Number.isNaN(sums[j]!)) outRatings[j] = sums[j]!;
  if (latest && outTimes) for (let j = 0; j < k; j++) if (!Number.isNaN(latest[j]!)) outTimes[j] = latest[j]!;
  return { users: outUsers, items: outItems, ratings: outRatings, timestamps: outTimes, merged: n - k };
}

function pick(rows: Int32Array, p: number, q: number, ratings: Float32Array | null, policy: DuplicatePolicy): number {
  if (policy !== 'max' || !ratings) return rows[q - 1]!;
  let best = rows[p]!;
  for (let j = p + 1; j < q; j++) if (ratings[rows[j]!]! >= ratings[best]!) best = rows[j]!;
  return best;
}

function gather<T extends Int32Array | Float32Array | Float64Array>(src: T, sel: Int32Array, out: T): T {
  for (let j = 0; j < sel.length; j++) out[j] = src[sel[j]!]!;
  return out;
}
