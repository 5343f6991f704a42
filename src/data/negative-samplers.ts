import { ArgumentError } from '../errors.js';
import type { Rng } from '../tensor/rng.js';
import { AliasTable } from './alias-table.js';
import { FastRandom } from '../tensor/fast-random.js';
import type { Interactions } from './interactions.js';
import { PositiveSet } from './positive-set.js';

/** Draws one item that user u has not interacted with. */
export interface NegativeSampler {
  sample(u: number): number;
}

/**
 * Uniform over the items user u has not interacted with, exactly. Rejection sampling:
 * draw uniformly, retry on a positive; the expected number of draws is
 * numItems / (numItems - deg u). Users with more than half the catalogue instead map
 * a uniform rank among their non-positives to the item (O(deg) per draw), so no user
 * can make the loop slow.
 */
export class UniformNegativeSampler implements NegativeSampler {
  readonly positives: PositiveSet;
  private readonly numItems: number;
  /** Seeded once from the Rng given to the constructor. */
  private readonly random: FastRandom;

  constructor(positives: Interactions | PositiveSet, rng: Rng) {
    this.positives = positives instanceof PositiveSet ? positives : new PositiveSet(positives);
    this.numItems = this.positives.numItems;
    this.random = new FastRandom(rng);
  }

  sample(u: number): number {
    const pos = this.positives;
    // rowLength, not itemsOf(u).length: this runs once per negative drawn, and a
    // view per draw was 400k allocations an ML-100K epoch.
    if (pos.rowLength(u) * 2 <= this.numItems) {
      for (;;) {
        const i = this.random.below(this.numItems);
        if (!pos.has(u, i)) return i;
      }
    }
    return this.complement(u);
  }

  /** The r-th non-positive item of u for uniform r: walk the sorted positives. */
  private complement(u: number): number {
    const items = this.positives.itemsOf(u);
    const free = this.numItems - this.positives.degree(u);
    if (free <= 0) throw new ArgumentError('u', `user ${u} has interacted with every item; no negative exists`);
    let c = this.random.below(free);
    for (let p = 0; p < items.length; p++) {
      if (p > 0 && items[p] === items[p - 1]) continue;
      if (items[p]! <= c) c++;
      else break;
    }
    return c;
  }
}

/**
 * Popularity-weighted negatives: item i with probability proportional to
 * count_i^exponent (word2vec uses 0.75; 0 is uniform over all items, 1 proportional to
 * popularity), conditioned on not being a positive of u. Draws come from an alias table
 * and positives are rejected, which samples the conditional distribution exactly; after
 * 64 rejections it falls back to an O(numItems) scan of the conditional weights.
 */
export class PopularityNegativeSampler implements NegativeSampler {
  readonly positives: PositiveSet;
  readonly weights: Float64Array;
  private readonly table: AliasTable;

  constructor(
    train: Interactions,
    readonly rng: Rng,
    opts: { exponent?: number; positives?: PositiveSet } = {},
  ) {
    const e = opts.exponent ?? 0.75;
    if (!Number.isFinite(e) || e < 0) throw new ArgumentError('exponent', `must be finite and >= 0, got ${e}`);
    this.positives = opts.positives ?? new PositiveSet(train);
    const counts = train.countsPerItem();
    this.weights = new Float64Array(counts.length);
    for (let i = 0; i < counts.length; i++) this.weights[i] = e === 0 ? 1 : Math.pow(counts[i]!, e);
    this.table = new AliasTable(this.weights);
  }

  sample(u: number): number {
    for (let t = 0; t < 64; t++) {
      const i = this.table.sample(this.rng);
      if (!this.positives.has(u, i)) return i;
    }
    let total = 0;
    for (let i = 0; i < this.weights.length; i++) if (!this.positives.has(u, i)) total += this.weights[i]!;
    if (!(total > 0)) throw new ArgumentError('u', `user ${u} has no non-positive item with positive weight`);
    let x = this.rng.next() * total;
    let last = -1;
    for (let i = 0; i < this.weights.length; i++) {
      if (this.positives.has(u, i) || this.weights[i] === 0) continue;
      last = i;
      x -= this.weights[i]!;
      if (x < 0) return i;
    }
    return last;
  }
}

/**
 * Fixed evaluation negatives as in the NCF protocol: for each test row, `count`
 * distinct items the user has no interaction with in `all` (pass train and test
 * together, so a held-out positive is never a negative of any row). Drawn once, seeded.
 */
export function sampleTestNegatives(all: Interactions | PositiveSet, test: Interactions, count: number, rng: Rng): Int32Array[] {
  const pos = all instanceof PositiveSet ? all : new PositiveSet(all);
  const out: Int32Array[] = [];
  const seen = new Set<number>();
  const sampler = new UniformNegativeSampler(pos, rng);
  for (let r = 0; r < test.length; r++) {
    const u = test.users[r]!;
    if (!pos.has(u, test.items[r]!)) throw new ArgumentError('all', `test row ${r} (${u}, ${test.items[r]}) is not in the positives; pass train and test together`);
    if (pos.numItems - pos.degree(u) < count) throw new ArgumentError('count', `user ${u} has fewer than ${count} non-positive items`);
    const neg = new Int32Array(count);
    seen.clear();
    for (let k = 0; k < count; ) {
      const i = sampler.sample(u);
      if (seen.has(i)) continue;
      seen.add(i);
      neg[k++] = i;
    }
    out.push(neg);
  }
  return out;
}
