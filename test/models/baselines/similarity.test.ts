import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../../src/errors.js';
import { columnSimilarity, keepTopK } from '../../../src/models/baselines/similarity.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { expectClose, refSimilarity, refTopK } from './fixtures.js';

const matrix = (binary: boolean) =>
  fc.record({ n: fc.integer({ min: 1, max: 6 }), m: fc.integer({ min: 1, max: 6 }) }).chain(({ n, m }) =>
    fc.array(fc.array(binary ? fc.constantFrom(0, 1) : fc.constantFrom(0, 1, 2, 3, 4, 5), { minLength: m, maxLength: m }), { minLength: n, maxLength: n }),
  );

describe('columnSimilarity', () => {
  it('cosine on 0/1 data matches the definition exactly (integer Gram), zero diagonal and zero-norm columns', () => {
    fc.assert(
      fc.property(matrix(true), fc.constantFrom(0, 0.5, 3), (x, shrink) => {
        const got = columnSimilarity(Tensor.from(x), 'cosine', shrink);
        expect(Array.from(got.data)).toEqual(refSimilarity(x, 'cosine', shrink).flat().map(Math.fround));
      }),
    );
  });

  it('pearson centres each column on its observed entries', () => {
    fc.assert(
      fc.property(matrix(false), fc.constantFrom(0, 1), (x, shrink) => {
        expectClose(columnSimilarity(Tensor.from(x), 'pearson', shrink).data, refSimilarity(x, 'pearson', shrink).flat(), 1e-5);
      }),
    );
  });

  it('hand-computed: two users, three items', () => {
    // Columns (1,1), (1,0), (0,1): cos(0,1) = cos(0,2) = 1/√2, cos(1,2) = 0.
    const s = columnSimilarity(Tensor.from([[1, 1, 0], [1, 0, 1]]), 'cosine');
    expectClose(s.data, [0, Math.SQRT1_2, Math.SQRT1_2, Math.SQRT1_2, 0, 0, Math.SQRT1_2, 0, 0], 1e-7);
  });

  it('rejects an unknown kind with a typed error', () => {
    expect(() => columnSimilarity(Tensor.from([[1]]), 'jaccard' as 'cosine')).toThrow(ArgumentError);
    expect(() => columnSimilarity(Tensor.from([[1]]), 'jaccard' as 'cosine')).toThrow(/similarity: expected cosine or pearson, got "jaccard"/);
  });
});

describe('keepTopK', () => {
  it('keeps the k largest positive entries per row, ties to the lower column (in place)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((m) => fc.array(fc.array(fc.constantFrom(-1, 0, 0.25, 0.5, 1), { minLength: m, maxLength: m }), { minLength: 1, maxLength: 5 })),
        fc.integer({ min: 1, max: 8 }),
        (s, k) => {
          const t = Tensor.from(s);
          expect(keepTopK(t, k)).toBe(t);
          expect(Array.from(t.data)).toEqual(refTopK(s, k).flat());
        },
      ),
    );
  });

  it('rejects k < 1 or fractional', () => {
    expect(() => keepTopK(Tensor.from([[1]]), 0)).toThrow(/k: neighbours must be an integer >= 1, got 0/);
    expect(() => keepTopK(Tensor.from([[1]]), 1.5)).toThrow(ArgumentError);
  });
});
