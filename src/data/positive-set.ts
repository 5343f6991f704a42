import { badIndex, type Interactions } from './interactions.js';

/**
 * Exact (user, item) membership for negative sampling. A dense bitset over
 * numUsers x numItems when it fits in `maxBitsetBytes` (default 64 MiB: ML-1M needs
 * 2.7 MB, ML-20M 0.5 GB and falls back; never above 2^32 bits, whatever the cap), one
 * load and mask per query; otherwise binary search in the user's sorted CSR row, O(log deg).
 */
export class PositiveSet {
  private readonly bits: Uint32Array | null;
  private readonly offsets: Int32Array;
  private readonly items: Int32Array;
  readonly numItems: number;

  constructor(x: Interactions, opts: { maxBitsetBytes?: number } = {}) {
    const { offsets, indices } = x.byUser();
    this.offsets = offsets;
    this.items = indices;
    this.numItems = x.numItems;
    const nbits = x.numUsers * x.numItems;
    // Bit addresses are taken with `b >>> 5`, which is exact only below 2^32 bits (512 MiB).
    if (nbits <= 2 ** 32 && nbits / 8 <= (opts.maxBitsetBytes ?? 64 << 20)) {
      this.bits = new Uint32Array(Math.ceil(nbits / 32));
      for (let r = 0; r < x.length; r++) {
        const b = x.users[r]! * x.numItems + x.items[r]!;
        this.bits[b >>> 5]! |= 1 << (b & 31);
      }
    } else this.bits = null;
  }

  get usesBitset(): boolean {
    return this.bits !== null;
  }

  /** How many distinct positives user u has. */
  degree(u: number): number {
    let d = 0;
    const lo = this.offsets[u]!;
    const hi = this.offsets[u + 1]!;
    for (let p = lo; p < hi; p++) if (p === lo || this.items[p] !== this.items[p - 1]) d++;
    return d;
  }

  /** Entries of u's row (an upper bound on its degree), without allocating a view. */
  rowLength(u: number): number {
    return this.offsets[u + 1]! - this.offsets[u]!;
  }

  /** The sorted positives of u (a view; may hold duplicates if the data does). u must be in [0, numUsers). */
  itemsOf(u: number): Int32Array {
    if (u >>> 0 !== u || u >= this.offsets.length - 1) throw badIndex('u', u, 'numUsers', this.offsets.length - 1);
    return this.items.subarray(this.offsets[u]!, this.offsets[u + 1]!);
  }

  has(u: number, i: number): boolean {
    if (this.bits !== null) {
      const b = u * this.numItems + i;
      return (this.bits[b >>> 5]! & (1 << (b & 31))) !== 0;
    }
    let lo = this.offsets[u]!;
    let hi = this.offsets[u + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.items[mid]!;
      if (v === i) return true;
      if (v < i) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}
