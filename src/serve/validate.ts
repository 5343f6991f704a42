import { badRequest } from './http-error.js';

/** An id as JSON carries it: MovieLens ids are numbers, other catalogues strings. */
export type JsonId = string | number;

export interface Limits {
  /** Largest k a request may ask for (default 100). */
  readonly maxK: number;
  /** Longest itemIds / exclude / candidates list (default 10,000). */
  readonly maxList: number;
}

export interface RecommendBody {
  userId: JsonId;
  k: number;
  excludeSeen?: boolean;
  exclude?: JsonId[];
  candidates?: JsonId[];
}

export interface HistoryBody {
  itemIds: JsonId[];
  k: number;
  exclude?: JsonId[];
  candidates?: JsonId[];
}

type Obj = Record<string, unknown>;

function object(body: unknown): Obj {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the body must be a JSON object');
  return body as Obj;
}

function known(o: Obj, fields: readonly string[]): void {
  for (const key of Object.keys(o)) if (!fields.includes(key)) throw badRequest(`unknown field ${JSON.stringify(key)}; expected ${fields.join(', ')}`, key);
}

export function id(v: unknown, field: string): JsonId {
  if (typeof v === 'string' && v.length > 0 && v.length <= 256) return v;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw badRequest(`${field} must be a non-empty string (up to 256 characters) or a finite number`, field);
}

/** k: a JSON integer in [1, maxK]; `fallback` when absent. */
export function k(v: unknown, limits: Limits, fallback = 10, field = 'k'): number {
  if (v === undefined) return Math.min(fallback, limits.maxK);
  const n = v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > limits.maxK) throw badRequest(`${field} must be an integer from 1 to ${limits.maxK}`, field);
  return n;
}

function idList(v: unknown, field: string, limits: Limits, required: boolean): JsonId[] | undefined {
  if (v === undefined && !required) return undefined;
  if (!Array.isArray(v)) throw badRequest(`${field} must be an array of ids`, field);
  if (v.length > limits.maxList) throw badRequest(`${field} has ${v.length} ids; at most ${limits.maxList} are allowed`, field);
  return v.map((x, j) => id(x, `${field}[${j}]`));
}

export function parseRecommend(body: unknown, limits: Limits): RecommendBody {
  const o = object(body);
  known(o, ['userId', 'k', 'excludeSeen', 'exclude', 'candidates']);
  if (o.userId === undefined) throw badRequest('userId is required', 'userId');
  const out: RecommendBody = { userId: id(o.userId, 'userId'), k: k(o.k, limits) };
  if (o.excludeSeen !== undefined) {
    if (typeof o.excludeSeen !== 'boolean') throw badRequest('excludeSeen must be true or false', 'excludeSeen');
    out.excludeSeen = o.excludeSeen;
  }
  const exclude = idList(o.exclude, 'exclude', limits, false);
  const candidates = idList(o.candidates, 'candidates', limits, false);
  if (exclude) out.exclude = exclude;
  if (candidates) out.candidates = candidates;
  return out;
}

export function parseHistory(body: unknown, limits: Limits): HistoryBody {
  const o = object(body);
  known(o, ['itemIds', 'k', 'exclude', 'candidates']);
  const out: HistoryBody = { itemIds: idList(o.itemIds, 'itemIds', limits, true)!, k: k(o.k, limits) };
  const exclude = idList(o.exclude, 'exclude', limits, false);
  const candidates = idList(o.candidates, 'candidates', limits, false);
  if (exclude) out.exclude = exclude;
  if (candidates) out.candidates = candidates;
  return out;
}
