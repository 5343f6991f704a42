import { ArgumentError } from '../errors.js';

/**
 * z = (x - mean) / std with statistics from the finite training values; a missing
 * (non-finite) value encodes as 0, the mean. A constant column has its value as mean
 * and std 1, so it encodes as x - c.
 *
 * Two passes (mean, then centred squares) rather than E[x²] - mean², which cancels
 * catastrophically for large offsets: unix seconds (~1.7e9) have E[x²] ~ 3e18, whose
 * float64 spacing (512) swamps a variance of a few units. The second pass also adds the
 * correction -(Σd)²/n (Chan, Golub & LeVeque's corrected two-pass), which removes the
 * rounding error left in the mean.
 */
export class StandardScaler {
  constructor(
    readonly mean: number,
    readonly std: number,
  ) {}

  static fit(values: ArrayLike<number>): StandardScaler {
    let n = 0;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let k = 0; k < values.length; k++) {
      const v = values[k]!;
      if (!Number.isFinite(v)) continue;
      n++;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (n === 0) throw new ArgumentError('values', 'no finite value to fit');
    if (min === max) return new StandardScaler(min, 1);
    const mean = sum / n;
    let d1 = 0;
    let d2 = 0;
    for (let k = 0; k < values.length; k++) {
      const v = values[k]!;
      if (!Number.isFinite(v)) continue;
      const d = v - mean;
      d1 += d;
      d2 += d * d;
    }
    const std = Math.sqrt(Math.max(0, (d2 - (d1 * d1) / n) / n));
    return new StandardScaler(mean, std > 0 ? std : 1);
  }

  encode(v: number): number {
    return Number.isFinite(v) ? (v - this.mean) / this.std : 0;
  }

  encodeAll(values: ArrayLike<number>): Float32Array {
    const out = new Float32Array(values.length);
    for (let k = 0; k < values.length; k++) out[k] = this.encode(values[k]!);
    return out;
  }
}

/**
 * Numeric to bucket id for a categorical embedding: with ascending boundaries
 * b_1 < ... < b_m, bucket k (1..m+1) holds b_{k-1} <= x < b_k; bucket 0 is missing.
 * `fitQuantiles` picks boundaries at equal-frequency quantiles of the training values.
 */
export class Bucketizer {
  readonly boundaries: Float64Array;

  constructor(boundaries: ArrayLike<number>) {
    this.boundaries = Float64Array.from(boundaries);
    for (let k = 0; k < this.boundaries.length; k++) {
      if (!Number.isFinite(this.boundaries[k]!) || (k > 0 && this.boundaries[k]! <= this.boundaries[k - 1]!)) {
        throw new ArgumentError('boundaries', 'must be finite and strictly ascending');
      }
    }
  }

  /**
   * Boundary k is the value at sorted position floor(k·n / buckets), moved up to the
   * next distinct training value when it does not exceed the minimum or the previous
   * boundary. Every boundary is thus a training value above the minimum, and every
   * bucket 1..size-1 holds at least one training value. Heavy ties can leave fewer
   * buckets than asked: [0×7, 1, 2, 3] with 2 buckets gives boundary 1 ({0×7}, {1, 2, 3})
   * where the plain quantile 0 would leave bucket 1 empty and everything in bucket 2.
   */
  static fitQuantiles(values: ArrayLike<number>, buckets: number): Bucketizer {
    if (!Number.isInteger(buckets) || buckets < 2) throw new ArgumentError('buckets', `must be an integer >= 2, got ${buckets}`);
    const s = Float64Array.from(Array.from(values).filter(Number.isFinite)).sort();
    const n = s.length;
    if (n === 0) throw new ArgumentError('values', 'no finite value to fit');
    const b: number[] = [];
    let below = s[0]!; // each boundary must exceed this: the minimum, then the last boundary
    for (let k = 1; k < buckets; k++) {
      let q = s[Math.min(n - 1, Math.floor((k * n) / buckets))]!;
      if (q <= below) {
        const j = firstAbove(s, below);
        if (j === n) break;
        q = s[j]!;
      }
      b.push(q);
      below = q;
    }
    return new Bucketizer(b);
  }

  /** Number of ids, including the missing bucket 0. */
  get size(): number {
    return this.boundaries.length + 2;
  }

  /** 1 + the number of boundaries <= v (so b_{k-1} <= v < b_k is bucket k); 0 when missing. */
  encode(v: number): number {
    return Number.isFinite(v) ? firstAbove(this.boundaries, v) + 1 : 0;
  }

  encodeAll(values: ArrayLike<number>): Int32Array {
    const out = new Int32Array(values.length);
    for (let k = 0; k < values.length; k++) out[k] = this.encode(values[k]!);
    return out;
  }
}

/** First index of ascending `s` holding a value > v (s.length when none): the count of values <= v. */
function firstAbove(s: Float64Array, v: number): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s[mid]! > v) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
