import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import {
  averagePopularity,
  catalogueCoverage,
  intraListDiversity,
  itemPopularity,
  meanIntraListDiversity,
  meanNovelty,
  novelty,
} from '../../src/metrics/index.js';
import { Tensor } from '../../src/tensor/tensor.js';

describe('catalogue coverage', () => {
  it('counts distinct recommended items; -1 slots are ignored', () => {
    expect(catalogueCoverage([[0, 1], [1, 2], [-1]], 10)).toBeCloseTo(0.3, 12);
    expect(catalogueCoverage([new Int32Array([4, 4, 4])], 4 + 1)).toBeCloseTo(0.2, 12);
  });
  it('rejects ids outside the catalogue', () => {
    expect(() => catalogueCoverage([[0], [3, 10]], 10)).toThrow(/list 1 position 1: item 10 is outside \[0, 10\)/);
    expect(() => catalogueCoverage([], 0)).toThrow(ArgumentError);
  });
});

describe('intra-list diversity', () => {
  const f = Tensor.from([[1, 0], [0, 1], [1, 1], [0, 0]]);
  it('is the mean pairwise cosine distance', () => {
    const d45 = 1 - Math.SQRT1_2;
    expect(intraListDiversity([0, 1, 2], f)).toBeCloseTo((1 + 2 * d45) / 3, 6);
  });
  it('treats a zero vector as orthogonal, a repeated item as distance 0, one item as NaN', () => {
    expect(intraListDiversity([0, 3], f)).toBe(1);
    expect(intraListDiversity([2, 2], f)).toBeCloseTo(0, 6);
    expect(intraListDiversity([1, -1], f)).toBeNaN();
    expect(meanIntraListDiversity([[0, 1], [1]], f)).toBe(1);
  });
  it('rejects NaN or infinite embeddings of listed items (a diverged model is not maximally diverse); a true zero vector is fine', () => {
    const g = Tensor.from([[1, 0], [1, 0.01], [Number.NaN, Number.NaN], [0, Infinity], [0, 0]]);
    expect(() => intraListDiversity([0, -1, 2], g)).toThrow(ArgumentError);
    expect(() => intraListDiversity([0, -1, 2], g)).toThrow('features: item 2 (list position 2) has a non-finite embedding value NaN in column 0');
    expect(() => intraListDiversity([3, 0], g)).toThrow(/item 3 \(list position 0\) has a non-finite embedding value Infinity in column 1/);
    expect(() => meanIntraListDiversity([[0, 1], [2, 0]], g)).toThrow(/item 2/);
    expect(intraListDiversity([0, 4], g)).toBe(1);
    expect(intraListDiversity([0, 1], g)).toBeCloseTo(1 - 1 / Math.sqrt(1.0001), 9);
  });

  it('rejects unknown items and non-matrix features', () => {
    expect(() => intraListDiversity([0, 4], f)).toThrow(/item 4 is outside \[0, 4\)/);
    expect(() => intraListDiversity([0], Tensor.zeros([4]))).toThrow(/features: must be \[numItems, dim\]/);
  });
});

describe('novelty and popularity', () => {
  const pop = [10, 5, 0, 1];
  it('self-information, with never-seen items floored at one interaction', () => {
    // -log2(10/10) = 0, -log2(5/10) = 1, -log2(1/10) = log2(10)
    expect(novelty([0, 1, 2], pop, 10)).toBeCloseTo((0 + 1 + Math.log2(10)) / 3, 12);
    expect(novelty([2], pop, 10)).toBeCloseTo(novelty([3], pop, 10), 12);
    expect(meanNovelty([[0], [1], []], pop, 10)).toBeCloseTo(0.5, 12);
  });
  it('average recommended popularity', () => {
    expect(averagePopularity([0, 1, 2], pop)).toBeCloseTo(5, 12);
    expect(averagePopularity([-1], pop)).toBeNaN();
    expect(() => averagePopularity([7], pop)).toThrow(/item 7 is outside \[0, 4\)/);
  });
  it('counts each (user, item) pair once', () => {
    const counts = itemPopularity(Int32Array.from([0, 0, 1, 2]), Int32Array.from([1, 1, 1, 0]), 3);
    expect(Array.from(counts)).toEqual([1, 2, 0]);
    expect(() => itemPopularity(Int32Array.from([0]), Int32Array.from([3]), 3)).toThrow(/row 0: item 3/);
  });
});
