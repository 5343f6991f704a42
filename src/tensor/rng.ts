import seedrandom from 'seedrandom';
import { ArgumentError } from '../errors.js';

/**
 * The only source of randomness in the library. It wraps seedrandom's `alea`
 * generator (fast, 53-bit doubles, identical on every platform), and is passed
 * explicitly to whatever needs it: no `Math.random`, no hidden global state.
 */
export class Rng {
  private readonly gen: seedrandom.PRNG;
  private spareNormal = Number.NaN;

  constructor(readonly seed: number | string = 42) {
    this.gen = seedrandom.alea(String(seed));
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.gen.double();
  }

  /** Uniform in [lo, hi). */
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.gen.double();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.gen.double() * n);
  }

  /** Standard normal by the Box-Muller transform; the second value is kept for the next call. */
  normal(mean = 0, std = 1): number {
    if (!Number.isNaN(this.spareNormal)) {
      const z = this.spareNormal;
      this.spareNormal = Number.NaN;
      return mean + std * z;
    }
    let u = 0;
    while (u === 0) u = this.gen.double();
    const v = this.gen.double();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + std * r * Math.cos(2 * Math.PI * v);
  }

  /** In-place Fisher-Yates shuffle; returns its argument. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.gen.double() * (i + 1));
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /**
   * k distinct integers from [0, n) in random order. Uses Floyd's algorithm with a
   * set when k is small relative to n, a partial shuffle otherwise.
   */
  sampleWithoutReplacement(n: number, k: number): Int32Array {
    // NaN or Infinity as n used to return zeros; n also sizes an Int32Array.
    if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) throw new ArgumentError('n', `sampleWithoutReplacement needs an integer n in [0, 2^31), got ${n}`);
    if (!Number.isInteger(k) || k < 0 || k > n) throw new ArgumentError('k', `sampleWithoutReplacement needs an integer 0 <= k <= n = ${n}, got ${k}`);
    const out = new Int32Array(k);
    if (k * 4 < n) {
      const seen = new Set<number>();
      for (let j = n - k, o = 0; j < n; j++, o++) {
        const t = this.int(j + 1);
        const pick = seen.has(t) ? j : t;
        seen.add(pick);
        out[o] = pick;
      }
      return this.shuffle(out);
    }
    const p = this.permutation(n);
    out.set(p.subarray(0, k));
    return out;
  }
}
