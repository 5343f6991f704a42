import { ArgumentError } from '../errors.js';

/**
 * z = (x - mean) / std with statistics from the finite training values; a missing
 * (non-finite) value encodes as 0, the mean. A constant column has std 1.
 */
export class StandardScaler {
  constructor(
    readonly mean: number,
    readonly std: number,
  ) {}

  static fit(values: ArrayLike<number>): StandardScaler {
    let n = 0;
    let sum = 0;
    let sq = 0;
    for (let k = 0; k < values.length; k++) {
      const v = values[k]!;
      if (!Number.isFinite(v)) continue;
      n++;
      sum += v;
      sq += v * v;
    }
    if (n === 0) throw new ArgumentError('values', 'no finite value to fit');
    const mean = sum / n;
    const std = Math.sqrt(Math.max(0, sq / n - mean * mean));
    return new StandardScaler(mean, std > 1e-12 ? std : 1);
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

  static fitQuantiles(values: ArrayLike<number>, buckets: number): Bucketizer {
    if (!Number.isInteger(buckets) || buckets < 2) throw new ArgumentError('buckets', `must be an integer >= 2, got ${buckets}`);
    const s = Float64Array.from(Array.from(values).filter(Number.isFinite)).sort();
    if (s.length === 0) throw new ArgumentError('values', 'no finite value to fit');
    const b: number[] = [];
    for (let k = 1; k < buckets; k++) {
      const q = s[Math.min(s.length - 1, Math.floor((k * s.length) / buckets))]!;
      if (b.length === 0 || q > b[b.length - 1]!) b.push(q);
    }
    return new Bucketizer(b);
  }

  /** Number of ids, including the missing bucket 0. */
  get size(): number {
    return this.boundaries.length + 2;
  }

  encode(v: number): number {
    if (!Number.isFinite(v)) return 0;
    let lo = 0;
    let hi = this.boundaries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (v >= this.boundaries[mid]!) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }

  encodeAll(values: ArrayLike<number>): Int32Array {
    const out = new Int32Array(values.length);
    for (let k = 0; k < values.length; k++) out[k] = this.encode(values[k]!);
    return out;
  }
}
