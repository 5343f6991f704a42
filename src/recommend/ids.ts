import type { ExternalId, IdMap } from '../data/id-map.js';
import { ArgumentError, UnknownIdError } from '../errors.js';
import type { RecommendOptions } from './types.js';

/**
 * The dense index of an external id, or undefined. An exact match wins; failing
 * that, a canonical decimal-integer string finds the number ("42" -> 42) and a number finds its
 * string form, because ids arriving over HTTP or a command line are strings
 * while MovieLens maps hold numbers. Results always carry the map's own id.
 */
export function lookupId(map: IdMap, id: ExternalId): number | undefined {
  const exact = map.get(id);
  if (exact !== undefined) return exact;
  if (typeof id === 'string') {
    // Only an integer in its canonical decimal form converts: "1e2", "0x10", " 7 ",
    // "007" or "-0" must not silently resolve to user 100, 16, 7, 7 or 0.
    return /^(0|-?[1-9]\d*)$/.test(id) ? map.get(Number(id)) : undefined;
  }
  if (typeof id === 'number') return map.get(String(id));
  return undefined;
}

/** lookupId or an UnknownIdError naming the id. */
export function requireId(map: IdMap, id: ExternalId): number {
  if (typeof id !== 'string' && typeof id !== 'number') throw new ArgumentError(`${map.kind}Id`, `must be a string or a number, got ${JSON.stringify(id)}`);
  const i = lookupId(map, id);
  if (i === undefined) throw new UnknownIdError(map.kind, id);
  return i;
}

/** The list size: a positive integer. */
export function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new ArgumentError('k', `must be a positive integer, got ${k}`);
}

/** RecommendOptions resolved to dense indices, validated once per call. */
export interface ResolvedOptions {
  readonly excludeSeen: boolean;
  /** Distinct excluded item indices. */
  readonly exclude: Int32Array;
  /** Ascending distinct candidate indices, or null for the whole catalogue. */
  readonly candidates: Int32Array | null;
}

export function resolveOptions(items: IdMap, opts: RecommendOptions = {}): ResolvedOptions {
  if (opts === null || typeof opts !== 'object') throw new ArgumentError('options', 'must be an object');
  const excludeSeen = opts.excludeSeen ?? true;
  if (typeof excludeSeen !== 'boolean') throw new ArgumentError('excludeSeen', `must be a boolean, got ${JSON.stringify(excludeSeen)}`);
  const toIndices = (name: string, ids: ReadonlyArray<ExternalId> | undefined): Int32Array | null => {
    if (ids === undefined) return null;
    if (!Array.isArray(ids)) throw new ArgumentError(name, 'must be an array of item ids');
    const set = new Set<number>();
    for (const id of ids) set.add(requireId(items, id));
    return Int32Array.from(set).sort();
  };
  return {
    excludeSeen,
    exclude: toIndices('exclude', opts.exclude) ?? new Int32Array(0),
    candidates: toIndices('candidates', opts.candidates),
  };
}
