import type { InteractionsBuilder } from './builder.js';
import type { ExternalId } from './id-map.js';
import type { BadLineTracker } from './report.js';

/** How raw fields become ids, ratings and timestamps. */
export interface FieldOptions {
  /**
   * 'number': ids must be safe integers (MovieLens); 'string': trimmed non-empty text;
   * 'auto' (JSON lines): a JSON number stays a number, a string stays a string.
   */
  idType?: 'number' | 'string' | 'auto';
  /** Inclusive [min, max]; ratings outside are bad lines. */
  ratingRange?: readonly [number, number];
  /** Timestamps are stored as seconds since the epoch: 'unix' (default), 'unix-ms' or 'iso' (Date.parse). */
  timestampFormat?: 'unix' | 'unix-ms' | 'iso';
}

/**
 * Validates one row's raw fields and pushes it into the builder, or reports the line
 * as bad (which throws under onBadLine: 'error'). Shared by every reader so they all
 * reject the same things the same way.
 */
export class RowIngest {
  private readonly idType: 'number' | 'string' | 'auto';
  private readonly lo: number;
  private readonly hi: number;
  private readonly tsFormat: 'unix' | 'unix-ms' | 'iso';

  constructor(
    readonly builder: InteractionsBuilder,
    readonly bad: BadLineTracker,
    opts: FieldOptions,
  ) {
    this.idType = opts.idType ?? 'string';
    this.lo = opts.ratingRange?.[0] ?? -Infinity;
    this.hi = opts.ratingRange?.[1] ?? Infinity;
    this.tsFormat = opts.timestampFormat ?? 'unix';
  }

  /** Returns true when the row was kept. `rating` / `timestamp` are ignored when the builder lacks them. */
  row(file: string, line: number, text: string, user: unknown, item: unknown, rating: unknown, timestamp: unknown, hasRating: boolean, hasTime: boolean): boolean {
    const uid = this.id(user);
    if (uid === null) return this.reject(file, line, text, `user id ${describe(user)} is not a valid ${this.idType === 'number' ? 'integer' : ''} id`.replace('  ', ' '));
    const iid = this.id(item);
    if (iid === null) return this.reject(file, line, text, `item id ${describe(item)} is not a valid ${this.idType === 'number' ? 'integer' : ''} id`.replace('  ', ' '));
    let r = 1;
    if (hasRating) {
      r = toNumber(rating);
      if (!Number.isFinite(r)) return this.reject(file, line, text, `rating ${describe(rating)} is not a finite number`);
      if (r < this.lo || r > this.hi) return this.reject(file, line, text, `rating ${r} outside [${this.lo}, ${this.hi}]`);
    }
    let t = 0;
    if (hasTime) {
      t = this.time(timestamp);
      if (!Number.isFinite(t)) return this.reject(file, line, text, `timestamp ${describe(timestamp)} is not a valid ${this.tsFormat} time`);
    }
    const u = this.builder.user(uid);
    const i = this.builder.item(iid);
    if (u < 0 || i < 0) {
      this.bad.unknownIds++;
      return this.reject(file, line, text, `${u < 0 ? `user ${JSON.stringify(uid)}` : `item ${JSON.stringify(iid)}`} is not in the given id map`);
    }
    this.builder.push(u, i, r, t);
    return true;
  }

  reject(file: string, line: number, text: string, reason: string): false {
    this.bad.bad(file, line, text, reason);
    return false;
  }

  private id(v: unknown): ExternalId | null {
    if (this.idType === 'number') {
      const x = toNumber(v);
      return Number.isSafeInteger(x) ? x : null;
    }
    if (this.idType === 'auto' && typeof v === 'number') return Number.isFinite(v) ? v : null;
    if (typeof v !== 'string' && typeof v !== 'number') return null;
    const s = String(v).trim();
    return s.length > 0 ? s : null;
  }

  private time(v: unknown): number {
    if (this.tsFormat === 'iso') return typeof v === 'string' && v.trim() !== '' ? Date.parse(v) / 1000 : Number.NaN;
    const x = toNumber(v);
    return this.tsFormat === 'unix-ms' ? x / 1000 : x;
  }
}

/** Number() except that blank text is NaN rather than 0. */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || v.trim() === '') return Number.NaN;
  return Number(v);
}

function describe(v: unknown): string {
  return v === undefined ? '(missing)' : JSON.stringify(v);
}
