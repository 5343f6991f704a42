import { ArgumentError, UnknownIdError } from '../errors.js';

/** An external id as it appears in a file: MovieLens uses integers, other data strings. */
export type ExternalId = string | number;

/** The serialised form: the external ids in dense order (index i holds the id of i). */
export interface IdMapJSON {
  readonly kind: 'user' | 'item';
  readonly ids: ExternalId[];
}

/**
 * External ids (strings or numbers) to dense indices 0..size-1 and back.
 * Keys are compared with `Map` semantics, so the number 1 and the string "1" are
 * different ids: readers decide once per column which one they produce.
 */
export class IdMap {
  private readonly index = new Map<ExternalId, number>();
  private readonly external: ExternalId[] = [];

  constructor(readonly kind: 'user' | 'item' = 'item') {}

  /** Builds a map holding `ids` in the given order; duplicates are an error. */
  static from(ids: Iterable<ExternalId>, kind: 'user' | 'item' = 'item'): IdMap {
    const m = new IdMap(kind);
    for (const id of ids) {
      if (m.index.has(id)) throw new ArgumentError('ids', `duplicate ${kind} id ${JSON.stringify(id)}`);
      m.add(id);
    }
    return m;
  }

  static fromJSON(json: IdMapJSON): IdMap {
    if (json === null || typeof json !== 'object' || !Array.isArray(json.ids)) {
      throw new ArgumentError('json', 'expected { kind, ids: [...] }');
    }
    for (const id of json.ids) {
      if (typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) {
        throw new ArgumentError('json', `id ${JSON.stringify(id)} is neither a string nor a finite number`);
      }
    }
    if (json.kind !== 'user' && json.kind !== 'item') throw new ArgumentError('json.kind', `must be 'user' or 'item', got ${JSON.stringify(json.kind)}`);
    return IdMap.from(json.ids, json.kind);
  }

  get size(): number {
    return this.external.length;
  }

  /** The dense index of `id`, adding it at the end when it is new. */
  add(id: ExternalId): number {
    let i = this.index.get(id);
    if (i === undefined) {
      i = this.external.length;
      this.index.set(id, i);
      this.external.push(id);
    }
    return i;
  }

  has(id: ExternalId): boolean {
    return this.index.has(id);
  }

  get(id: ExternalId): number | undefined {
    return this.index.get(id);
  }

  /** The dense index of a known id; throws UnknownIdError otherwise. */
  toIndex(id: ExternalId): number {
    const i = this.index.get(id);
    if (i === undefined) throw new UnknownIdError(this.kind, id);
    return i;
  }

  /** The external id of dense index `i`. */
  toExternal(i: number): ExternalId {
    const id = Number.isInteger(i) ? this.external[i] : undefined;
    if (id === undefined) throw new ArgumentError('index', `${this.kind} index ${i} outside [0, ${this.size})`);
    return id;
  }

  /** The external ids in dense order (a copy). */
  ids(): ExternalId[] {
    return this.external.slice();
  }

  toJSON(): IdMapJSON {
    return { kind: this.kind, ids: this.external.slice() };
  }

  /**
   * The same ids renumbered in ascending order (numbers numerically before strings,
   * strings by code unit), with `remap[old] = new`. Readers use it so that dense ids
   * do not depend on the order of lines in a file.
   */
  sorted(): { map: IdMap; remap: Int32Array } {
    const order = this.external.map((_, i) => i);
    const ext = this.external;
    order.sort((a, b) => compareIds(ext[a]!, ext[b]!));
    const remap = new Int32Array(ext.length);
    order.forEach((old, k) => (remap[old] = k));
    return { map: IdMap.from(order.map((o) => ext[o]!), this.kind), remap };
  }

  /** A map holding only the indices in `keep` (ascending), renumbered 0..keep.length-1. */
  subset(keep: ArrayLike<number>): IdMap {
    const ids: ExternalId[] = [];
    for (let k = 0; k < keep.length; k++) ids.push(this.toExternal(keep[k]!));
    return IdMap.from(ids, this.kind);
  }
}

function compareIds(a: ExternalId, b: ExternalId): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
