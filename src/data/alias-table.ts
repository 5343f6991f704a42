import { ArgumentError } from '../errors.js';
import type { Rng } from '../tensor/rng.js';

/**
 * Walker's alias method (Vose's O(n) construction): after setup, each draw from a
 * discrete distribution costs one uniform and one comparison. Column k holds
 * probability prob[k] of k itself and the rest of alias[k], each column scaled to 1/n.
 */
export class AliasTable {
  readonly prob: Float64Array;
  readonly alias: Int32Array;
  readonly size: number;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    let total = 0;
    for (let k = 0; k < n; k++) {
      const w = weights[k]!;
      if (!(w >= 0) || !Number.isFinite(w)) throw new ArgumentError('weights', `weight ${k} is ${w}; weights must be finite and >= 0`);
      total += w;
    }
    if (!(total > 0)) throw new ArgumentError('weights', 'all weights are zero');
    this.size = n;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = new Float64Array(n);
    const small: number[] = [];
    const large: number[] = [];
    for (let k = 0; k < n; k++) {
      scaled[k] = (weights[k]! * n) / total;
      (scaled[k]! < 1 ? small : large).push(k);
    }
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.prob[s] = scaled[s]!;
      this.alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      (scaled[l]! < 1 ? small : large).push(l);
    }
    // Leftovers are 1 up to rounding.
    for (const k of large) this.prob[k] = 1;
    for (const k of small) this.prob[k] = 1;
  }

  /** One draw: column k uniform, then k or its alias. */
  sample(rng: Rng): number {
    const x = rng.next() * this.size;
    const k = Math.floor(x);
    return x - k < this.prob[k]! ? k : this.alias[k]!;
  }
}
