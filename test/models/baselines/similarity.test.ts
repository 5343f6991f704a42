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

  it('pearson, hand-computed on a 3 x 3 rated matrix (0 = unrated)', () => {
    // Columns (5, 4, 1), (3, -, 5), (-, 2, 4). Observed means 10/3, 4, 3, so the
    // centred columns are c0 = (5/3, 2/3, -7/3), c1 = (-1, 0, 1), c2 = (0, -1, 1):
    // |c0|² = 78/9 = 26/3, |c1|² = |c2|² = 2, c0·c1 = -5/3 - 7/3 = -4,
    // c0·c2 = -2/3 - 7/3 = -3, c1·c2 = 1.
    const x = Tensor.from([[5, 3, 0], [4, 0, 2], [1, 5, 4]]);
    for (const shrink of [0, 1]) {
      const d0 = Math.sqrt((26 / 3) * 2) + shrink, d1 = 2 + shrink;
      const s01 = -4 / d0, s02 = -3 / d0, s12 = 1 / d1;
      expectClose(columnSimilarity(x, 'pearson', shrink).data, [0, s01, s02, s01, 0, s12, s02, s12, 0], 1e-6);
    }
    // Sanity of the hand values: shrink 0 gives s01 = -0.9608, s02 = -0.7206, s12 = 0.5.
    expect(-4 / Math.sqrt(52 / 3)).toBeCloseTo(-0.96077, 5);
  });

  it('pearson, hand-computed: a column with one rating centres to 0 and has similarity 0 to everything', () => {
    // Column 1 is rated once: its centred column is all zeros (zero norm -> 0).
    // Columns 0 and 2, (1, 3) and (2, 4), centre to (-1, 1) and (-1, 1): similarity 1.
    const s = columnSimilarity(Tensor.from([[1, 0, 2], [3, 5, 4]]), 'pearson');
    expectClose(s.data, [0, 0, 1, 0, 0, 0, 1, 0, 0], 1e-6);
  });

  it('pearson properties: symmetric, in [-1, 1], unchanged by shifting or scaling a column\'s ratings', () => {
    fc.assert(
      fc.property(matrix(false), fc.nat(5), fc.integer({ min: 1, max: 3 }), fc.constantFrom(0.5, 3), (x, col, shift, scale) => {
        const m = x[0]!.length;
        const j = col % m;
        const s = columnSimilarity(Tensor.from(x), 'pearson');
        for (let a = 0; a < m; a++) {
          for (let b = 0; b < m; b++) {
            expect(s.data[a * m + b]).toBe(s.data[b * m + a]);
            expect(Math.abs(s.data[a * m + b]!)).toBeLessThanOrEqual(1 + 1e-6);
          }
        }
        // Pearson is invariant to affine maps r -> scale · r + shift of one item's
        // ratings (its observed entries: unrated stays 0); cosine would not be.
        const y = x.map((row) => row.map((v, k) => (k === j && v !== 0 ? scale * v + shift : v)));
        expectClose(columnSimilarity(Tensor.from(y), 'pearson').data, s.data, 1e-4);
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
