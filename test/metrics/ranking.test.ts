import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import {
  averagePrecisionAtK,
  hitRateAtK,
  ndcgAtK,
  ndcgGradedAtK,
  precisionAtK,
  rankingMetrics,
  recallAtK,
  reciprocalRank,
} from '../../src/metrics/index.js';

const log2 = Math.log2;

describe('binary top-K metrics, hand-computed', () => {
  // Item 5 repeats at position 2: it hits once (position 0), the repeat is a miss.
  const ranked = [5, 3, 5, 7, 1];
  const rel = new Set([5, 1, 9]);

  it('counts a repeated item once, at its first position', () => {
    expect(hitRateAtK(ranked, rel, 5)).toBe(1);
    expect(precisionAtK(ranked, rel, 5)).toBeCloseTo(2 / 5, 12);
    expect(recallAtK(ranked, rel, 5)).toBeCloseTo(2 / 3, 12);
    // hits at 0 and 4; ideal has min(|R|, K) = 3 hits at 0, 1, 2.
    expect(ndcgAtK(ranked, rel, 5)).toBeCloseTo((1 + 1 / log2(6)) / (1 + 1 / log2(3) + 1 / log2(4)), 12);
    expect(reciprocalRank(ranked, rel)).toBe(1);
    // AP@5 = (1/3) (1/1 + 2/5)
    expect(averagePrecisionAtK(ranked, rel, 5)).toBeCloseTo(1.4 / 3, 12);
  });

  it('cuts at K', () => {
    expect(precisionAtK(ranked, rel, 3)).toBeCloseTo(1 / 3, 12);
    expect(recallAtK(ranked, rel, 3)).toBeCloseTo(1 / 3, 12);
    expect(ndcgAtK(ranked, rel, 3)).toBeCloseTo(1 / (1 + 1 / log2(3) + 0.5), 12);
    expect(averagePrecisionAtK(ranked, rel, 3)).toBeCloseTo(1 / 3, 12);
    expect(hitRateAtK([3, 7, 1], rel, 2)).toBe(0);
  });

  it('gives a late single hit its discounted value', () => {
    const r = new Set([6]);
    expect(reciprocalRank([2, 4, 6], r)).toBeCloseTo(1 / 3, 12);
    expect(reciprocalRank([2, 4, 6], r, 2)).toBe(0);
    expect(ndcgAtK([2, 4, 6], r, 3)).toBeCloseTo(0.5, 12);
    expect(averagePrecisionAtK([2, 4, 6], r, 3)).toBeCloseTo(1 / 3, 12);
  });

  it('counts the empty slots of a short list as misses for precision', () => {
    expect(precisionAtK([1], new Set([1]), 10)).toBeCloseTo(0.1, 12);
    expect(ndcgAtK([1], new Set([1]), 10)).toBe(1);
  });

  it('is NaN where undefined (no relevant items) and 0 for HR and RR', () => {
    const none = new Set<number>();
    expect(recallAtK([1, 2], none, 2)).toBeNaN();
    expect(ndcgAtK([1, 2], none, 2)).toBeNaN();
    expect(averagePrecisionAtK([1, 2], none, 2)).toBeNaN();
    expect(hitRateAtK([1, 2], none, 2)).toBe(0);
    expect(reciprocalRank([1, 2], none)).toBe(0);
  });

  it('rejects a bad cutoff', () => {
    expect(() => ndcgAtK([1], new Set([1]), 0)).toThrow(ArgumentError);
    expect(() => precisionAtK([1], new Set([1]), 2.5)).toThrow(/k: must be a positive integer, got 2.5/);
  });
});

describe('graded NDCG, hand-computed', () => {
  const grades = new Map([[1, 0], [2, 3], [3, 1], [4, 2]]);
  const ideal = (g: (x: number) => number): number => g(3) + g(2) / log2(3) + g(1) / 2;

  it('exponential gain 2^g - 1', () => {
    const g = (x: number): number => 2 ** x - 1;
    expect(ndcgGradedAtK([1, 2, 3], grades, 3)).toBeCloseTo((7 / log2(3) + 1 / 2) / ideal(g), 12);
  });

  it('linear gain g', () => {
    expect(ndcgGradedAtK([1, 2, 3], grades, 3, 'linear')).toBeCloseTo((3 / log2(3) + 1 / 2) / ideal((x) => x), 12);
  });

  it('gains a repeated item once', () => {
    expect(ndcgGradedAtK([2, 2, 3], grades, 3)).toBeCloseTo((7 + 1 / 2) / ideal((x) => 2 ** x - 1), 12);
  });

  it('is NaN without a positive grade and rejects non-finite grades', () => {
    expect(ndcgGradedAtK([1], new Map([[1, 0]]), 1)).toBeNaN();
    expect(() => ndcgGradedAtK([1], new Map([[1, Infinity]]), 1)).toThrow(/grade of item 1 is Infinity/);
  });
});

describe('properties against a naive reference', () => {
  // Naive: first-occurrence hits found with a Set, metrics from their definitions.
  const naive = (ranked: number[], rel: Set<number>, k: number) => {
    const seen = new Set<number>();
    const hits: number[] = [];
    ranked.slice(0, k).forEach((it, p) => {
      if (rel.has(it) && !seen.has(it)) hits.push(p);
      seen.add(it);
    });
    const idcg = Array.from({ length: Math.min(rel.size, k) }, (_, p) => 1 / log2(p + 2)).reduce((a, b) => a + b, 0);
    return {
      precision: hits.length / k,
      ndcg: hits.reduce((a, p) => a + 1 / log2(p + 2), 0) / idcg,
      ap: hits.reduce((a, p, h) => a + (h + 1) / (p + 1), 0) / Math.min(rel.size, k),
      rr: hits.length ? 1 / (hits[0]! + 1) : 0,
    };
  };

  it('matches on random lists with duplicates', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 0, maxLength: 12 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 12 }),
        (ranked, relArr, k) => {
          const rel = new Set(relArr);
          const ref = naive(ranked, rel, k);
          expect(precisionAtK(ranked, rel, k)).toBeCloseTo(ref.precision, 12);
          expect(ndcgAtK(ranked, rel, k)).toBeCloseTo(ref.ndcg, 12);
          expect(averagePrecisionAtK(ranked, rel, k)).toBeCloseTo(ref.ap, 12);
          expect(reciprocalRank(ranked, rel, k)).toBeCloseTo(ref.rr, 12);
          // Graded NDCG with every grade 1 is binary NDCG (2^1 - 1 = 1).
          const ones = new Map(relArr.map((i) => [i, 1]));
          expect(ndcgGradedAtK(ranked, ones, k)).toBeCloseTo(ref.ndcg, 12);
        },
      ),
    );
  });
});

describe('rankingMetrics', () => {
  it('averages over users with relevant items and reports the skipped', () => {
    const m = rankingMetrics([[1, 2], [3, 4], [5]], [new Set([2]), new Set([9]), new Set()], 2);
    expect(m.users).toBe(2);
    expect(m.skipped).toBe(1);
    expect(m.hr).toBeCloseTo(0.5, 12);
    expect(m.precision).toBeCloseTo(0.25, 12);
    expect(m.recall).toBeCloseTo(0.5, 12);
    expect(m.ndcg).toBeCloseTo((1 / log2(3)) / 2, 12);
    expect(m.mrr).toBeCloseTo(0.25, 12);
    expect(m.map).toBeCloseTo(0.25, 12);
    expect(Array.from(m.perUser.hr)).toEqual([1, 0, Number.NaN]);
  });

  it('rejects mismatched inputs', () => {
    expect(() => rankingMetrics([[1]], [], 1)).toThrow(/relevant: lengths differ: 1 vs 0/);
  });
});
