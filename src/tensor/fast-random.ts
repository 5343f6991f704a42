import type { Rng } from './rng.js';

/**
 * A xoshiro128** stream seeded from an Rng, for the sampling hot loops: one draw is a
 * few 32-bit integer ops instead of a call into seedrandom's double generator, which
 * roughly halves the cost of an NCF epoch. It is still fully determined by the Rng it
 * was seeded from (four 32-bit draws), so runs stay reproducible.
 */
export class FastRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(rng: Rng) {
    this.a = rng.int(0x100000000) | 0;
    this.b = rng.int(0x100000000) | 0;
    this.c = rng.int(0x100000000) | 0;
    this.d = rng.int(0x100000000) | 1; // the all-zero state is a fixed point; d is never 0
  }

  /** Uniform 32-bit unsigned integer. */
  nextU32(): number {
    const r = Math.imul(rotl(Math.imul(this.b, 5), 7), 9);
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return r >>> 0;
  }

  /** Uniform integer in [0, n) for n <= 2^32 (multiply-shift; bias below 2^-32 * n, immaterial here). */
  below(n: number): number {
    return Math.floor((this.nextU32() / 4294967296) * n);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
