import type { Interactions } from '../../data/interactions.js';
import type { Scorer } from '../../eval/scorer.js';
import { positiveInt } from '../../layers/checks.js';
import { checkIds, checkPairs } from './ids.js';

/** Scores every item by its number of training interactions, for every user alike. */
export class Popularity implements Scorer {
  readonly kind = 'popularity';
  readonly numUsers: number;
  readonly numItems: number;
  readonly counts: Float32Array;

  constructor(train: Interactions) {
    this.numUsers = train.numUsers;
    this.numItems = train.numItems;
    this.counts = Float32Array.from(train.countsPerItem());
  }

  /** The same count for every user; users are still checked, so a bad id fails here as it does in the other models. */
  score(users: Int32Array, items: Int32Array, out: Float32Array): void {
    checkPairs(this, users, items);
    for (let r = 0; r < items.length; r++) out[r] = this.counts[items[r]!]!;
  }

  scoreAll(users: Int32Array, out: Float32Array): void {
    checkIds('users', 'user', users, this.numUsers);
    for (let r = 0; r < users.length; r++) out.set(this.counts, r * this.numItems);
  }

  /** The most popular items, best first (ties to the lower index). */
  top(k: number): Int32Array {
    positiveInt('Popularity.top', 'k', k);
    const order = Int32Array.from({ length: this.numItems }, (_, i) => i);
    order.sort((a, b) => this.counts[b]! - this.counts[a]! || a - b);
    return order.subarray(0, Math.min(k, this.numItems));
  }
}
