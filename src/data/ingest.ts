import { ArgumentError } from '../errors.js';
import type { InteractionsBuilder } from './builder.js';
import type { ExternalId } from './id-map.js';
import { parseIsoSeconds } from './iso-time.js';
import { decimalInteger, toNumber } from './numbers.js';
import type { BadLineTracker } from './report.js';

/** How raw fields become ids, ratings and timestamps. */
export interface FieldOptions {
  /**
   * 'number': ids must be decimal safe integers (optional sign, surrounding spaces
   * allowed; `0x10`, `1.6e1` or `16.0` are bad lines, so distinct texts never merge into
   * one id except by leading zeros); 'string': trimmed non-empty text;
   * 'auto' (JSON lines): a JSON number stays a number, a string stays a string.
   */
  idType?: 'number' | 'string' | 'auto';
  /** Inclusive [min, max] with min <= max (either may be infinite); ratings outside are bad lines. */
  ratingRange?: readonly [number, number];
  /**
   * Timestamps are stored as seconds since the epoch: 'unix' (default), 'unix-ms', or
   * 'iso' (ISO 8601 only, see parseIsoSeconds; a time without an offset is UTC).
   */
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
    const range = opts.ratingRange;
    if (range !== undefined && !(Array.isArray(range) && range.length === 2 && typeof range[0] === 'number' && typeof range[1] === 'number' && range[0] <= range[1])) {
      throw new ArgumentError('ratingRange', `must be [min, max] with min <= max and neither NaN, got ${JSON.stringify(range, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))}`);
    }
    this.lo = range?.[0] ?? -Infinity;
    this.hi = range?.[1] ?? Infinity;
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
    // Resolve against a frozen map before adding to a fresh one: a row rejected for an
    // unknown item must not leave its user behind (a user with no interactions), and vice versa.
    const b = this.builder;
    let u: number;
    let i: number;
    if (b.frozenUsers) {
      if ((u = b.user(uid)) < 0) return this.unknown(file, line, text, 'user', uid);
      if ((i = b.item(iid)) < 0) return this.unknown(file, line, text, 'item', iid);
    } else {
      if ((i = b.item(iid)) < 0) return this.unknown(file, line, text, 'item', iid);
      u = b.user(uid);
    }
    b.push(u, i, r, t);
    return true;
  }

  private unknown(file: string, line: number, text: string, kind: 'user' | 'item', id: ExternalId): false {
    this.bad.unknownIds++;
    return this.reject(file, line, text, `${kind} ${JSON.stringify(id)} is not in the given id map`);
  }

  reject(file: string, line: number, text: string, reason: string): false {
    this.bad.bad(file, line, text, reason);
    return false;
  }

  private id(v: unknown): ExternalId | null {
    if (this.idType === 'number') {
      const x = typeof v === 'string' ? decimalInteger(v) : v;
      return Number.isSafeInteger(x) ? (x as number) : null;
    }
    if (this.idType === 'auto' && typeof v === 'number') return Number.isFinite(v) ? v : null;
    if (typeof v !== 'string' && typeof v !== 'number') return null;
    const s = String(v).trim();
    return s.length > 0 ? s : null;
  }

  private time(v: unknown): number {
    if (this.tsFormat === 'iso') return typeof v === 'string' ? parseIsoSeconds(v) : Number.NaN;
    const x = toNumber(v);
    return this.tsFormat === 'unix-ms' ? x / 1000 : x;
  }
}

function describe(v: unknown): string {
  return v === undefined ? '(missing)' : JSON.stringify(v);
}
