import { ArgumentError } from '../errors.js';
import { Rng } from '../tensor/rng.js';
import { IdMap } from './id-map.js';
import { Interactions } from './interactions.js';

export interface SyntheticOptions {
  users: number;
  items: number;
  /** Dimension of the planted preference factors (default 8). */
  rank?: number;
  /** Mean interactions per user (default 20); each user gets round(perUser * U(0.5, 1.5)), at least 1. */
  perUser?: number;
  /** Alternative to perUser: mean fraction of the catalogue per user. */
  density?: number;
  /** Item i of popularity rank k has base weight (k + 1)^-exponent (default 1, Zipf). */
  popularityExponent?: number;
  /** How strongly preferences beat popularity: the weight is multiplied by exp(signal * <p_u, q_i>) (default 3). */
  signal?: number;
  seed: number | string;
  /** First timestamp, seconds (default 1e9) and the span users' activity covers (default one year). */
  startTime?: number;
  timeSpan?: number;
  /** Produce 1-5 ratings that rise with affinity (default true). */
  ratings?: boolean;
}

/** What the generator planted, so tests can check a model recovers it. */
export interface SyntheticTruth {
  rank: number;
  /** Row-major [users, rank] and [items, rank]; entries N(0, 1/rank), so <p_u, q_i> is about N(0, 1). */
  userFactors: Float64Array;
  itemFactors: Float64Array;
  /** Base popularity weights, summing to 1. */
  popularity: Float64Array;
  signal: number;
  /** <p_u, q_i>: the planted preference. */
  affinity(u: number, i: number): number;
  /** log popularity_i + signal * affinity: the log-weight interactions were drawn with. */
  score(u: number, i: number): number;
}

/**
 * Synthetic implicit feedback with planted low-rank preferences and power-law
 * popularity, fully determined by `seed`. User u draws n_u distinct items without
 * replacement with probability proportional to popularity_i * exp(signal * <p_u, q_i>)
 * (exactly, via Gumbel top-k: the n_u largest log-weight + Gumbel noise). Timestamps
 * increase along each user's sequence in random order; ids are "u<k>" / "i<k>".
 */
export function syntheticInteractions(opts: SyntheticOptions): { interactions: Interactions; truth: SyntheticTruth } {
  const { users, items } = opts;
  for (const [k, v] of [['users', users], ['items', items]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ArgumentError(k, `must be an integer >= 1, got ${v}`);
  }
  const rank = opts.rank ?? 8;
  if (!Number.isInteger(rank) || rank < 1) throw new ArgumentError('rank', `must be an integer >= 1, got ${rank}`);
  const signal = opts.signal ?? 3;
  if (opts.density !== undefined && !(opts.density > 0 && opts.density <= 1)) throw new ArgumentError('density', `must be in (0, 1], got ${opts.density}`);
  const mean = opts.perUser ?? (opts.density !== undefined ? opts.density * items : 20);
  if (!(mean > 0 && Number.isFinite(mean))) throw new ArgumentError('perUser', `must be finite and > 0, got ${mean}`);
  const start = opts.startTime ?? 1e9;
  for (const [name, v] of [['signal', signal], ['popularityExponent', opts.popularityExponent ?? 1], ['startTime', start]] as const) {
    if (!Number.isFinite(v)) throw new ArgumentError(name, `must be finite, got ${v}`);
  }
  const timeSpan = opts.timeSpan ?? 365 * 86400;
  if (!(timeSpan >= 0 && Number.isFinite(timeSpan))) throw new ArgumentError('timeSpan', `must be finite and >= 0, got ${timeSpan}`);
  const rng = new Rng(opts.seed);
  const sd = 1 / Math.sqrt(rank);
  const userFactors = new Float64Array(users * rank).map(() => rng.normal(0, sd));
  const itemFactors = new Float64Array(items * rank).map(() => rng.normal(0, sd));
  const order = rng.permutation(items);
  const popularity = new Float64Array(items);
  let total = 0;
  for (let k = 0; k < items; k++) total += popularity[order[k]!] = Math.pow(k + 1, -(opts.popularityExponent ?? 1));
  for (let i = 0; i < items; i++) popularity[i]! /= total;
  const logPop = popularity.map(Math.log);
  const affinity = (u: number, i: number): number => {
    let s = 0;
    for (let d = 0; d < rank; d++) s += userFactors[u * rank + d]! * itemFactors[i * rank + d]!;
    return s;
  };
  const score = (u: number, i: number): number => logPop[i]! + signal * affinity(u, i);

  const uCol: number[] = [];
  const iCol: number[] = [];
  const rCol: number[] = [];
  const tCol: number[] = [];
  const keys = new Float64Array(items);
  const idx = new Int32Array(items);
  for (let u = 0; u < users; u++) {
    const n = Math.max(1, Math.min(items, Math.round(mean * (0.5 + rng.next()))));
    for (let i = 0; i < items; i++) {
      keys[i] = score(u, i) - Math.log(-Math.log(1 - rng.next()));
      idx[i] = i;
    }
    idx.sort((a, b) => keys[b]! - keys[a]!);
    const chosen = rng.shuffle(Int32Array.from(idx.subarray(0, n)));
    let t = start + Math.floor(rng.next() * timeSpan * 0.5);
    const gap = (timeSpan * 0.5) / n;
    for (const i of chosen) {
      t += 1 + Math.floor(rng.next() * gap);
      uCol.push(u);
      iCol.push(i);
      tCol.push(t);
      rCol.push(Math.min(5, Math.max(1, Math.round(3 + 1.5 * affinity(u, i) + rng.normal(0, 0.5)))));
    }
  }
  const interactions = new Interactions({
    users: Int32Array.from(uCol),
    items: Int32Array.from(iCol),
    ratings: opts.ratings === false ? null : Float32Array.from(rCol),
    timestamps: Float64Array.from(tCol),
    numUsers: users,
    numItems: items,
    userIds: IdMap.from(Array.from({ length: users }, (_, k) => `u${k}`), 'user'),
    itemIds: IdMap.from(Array.from({ length: items }, (_, k) => `i${k}`), 'item'),
  });
  return { interactions, truth: { rank, userFactors, itemFactors, popularity, signal, affinity, score } };
}
