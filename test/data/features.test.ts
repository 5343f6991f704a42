import { describe, expect, it } from 'vitest';
import { CategoricalEncoder } from '../../src/data/encoder-categorical.js';
import { MultiHotEncoder } from '../../src/data/encoder-multi-hot.js';
import { Bucketizer, StandardScaler } from '../../src/data/encoder-numeric.js';
import { movieLensItemFeatures, movieLensUserFeatures } from '../../src/data/movielens-features.js';
import { ArgumentError } from '../../src/errors.js';

describe('encoders', () => {
  it('categorical: known values 1.., unknown and rare values 0, JSON round trip', () => {
    const e = CategoricalEncoder.fit(['a', 'b', 'a', 'c', 'a', 'b'], { minCount: 2 });
    expect(e.size).toBe(3);
    expect(['a', 'b', 'c', 'zz'].map((v) => e.encode(v))).toEqual([1, 2, 0, 0]);
    expect(e.decode(2)).toBe('b');
    expect(e.decode(0)).toBeNull();
    expect(CategoricalEncoder.fromJSON(JSON.parse(JSON.stringify(e))).encode('b')).toBe(2);
    expect(() => CategoricalEncoder.fromJSON({ vocabulary: ['a', 'a'] })).toThrow(ArgumentError);
  });

  it('multi-hot: sorted unique ids per row, unknown labels to bucket 0, dense expansion', () => {
    const e = MultiHotEncoder.fit([['Drama', 'Comedy'], ['Drama']]);
    const m = e.encodeAll([['Comedy', 'Drama', 'Drama'], [], ['Horror']]);
    expect(Array.from(m.offsets)).toEqual([0, 2, 2, 3]);
    expect(Array.from(m.indices)).toEqual([1, 2, 0]);
    const dense = new Float32Array(3);
    MultiHotEncoder.toDense(dense, 0, m, 0);
    expect(Array.from(dense)).toEqual([0, 1, 1]);
  });

  it('standard scaler: z-scores from finite values, missing to 0, constant column safe', () => {
    const s = StandardScaler.fit([1, 3, Number.NaN]);
    expect([s.mean, s.std]).toEqual([2, 1]);
    expect(Array.from(s.encodeAll([3, Number.NaN]))).toEqual([1, 0]);
    expect(StandardScaler.fit([5, 5]).std).toBe(1);
    expect(() => StandardScaler.fit([Number.NaN])).toThrow(ArgumentError);
  });

  it('bucketizer: half-open buckets from 1, missing 0; quantile fit', () => {
    const b = new Bucketizer([10, 20]);
    expect([5, 10, 19.9, 20, 99, Number.NaN].map((v) => b.encode(v))).toEqual([1, 2, 2, 3, 3, 0]);
    expect(b.size).toBe(4);
    const q = Bucketizer.fitQuantiles([1, 2, 3, 4, 5, 6, 7, 8], 4);
    expect(Array.from(q.boundaries)).toEqual([3, 5, 7]);
    expect(() => new Bucketizer([2, 1])).toThrow('strictly ascending');
  });
});

describe('MovieLens feature tables', () => {
  it('users: categorical gender / occupation / zip region / age group and a standardised age', () => {
    const { table } = movieLensUserFeatures({ ages: Float32Array.of(17, 30, Number.NaN), genders: ['M', 'F', ''], occupations: ['writer', 'writer', 'other'], zipCodes: ['85711', '10001', ''], unratedUsers: 0 });
    expect(table.rows).toBe(3);
    const byName = Object.fromEntries(table.categorical.map((c) => [c.name, Array.from(c.ids)]));
    expect(byName).toEqual({ gender: [1, 2, 0], occupation: [1, 1, 2], zip1: [1, 2, 0], ageGroup: [1, 3, 0] });
    expect(Array.from(table.numeric[0]!.values)).toEqual([-1, 1, 0]);
  });

  it('items: genres multi-hot over the dataset vocabulary, decade and year', () => {
    const { table } = movieLensItemFeatures({
      titles: ['A (1995)', 'B'],
      years: Float32Array.of(1995, Number.NaN),
      genres: ['Action', 'Drama'],
      genreOffsets: Int32Array.of(0, 2, 3),
      genreIndices: Int32Array.of(0, 1, 1),
      unratedMovies: 0,
    });
    const g = table.multiHot[0]!;
    expect(g.cardinality).toBe(3);
    expect(Array.from(g.indices)).toEqual([1, 2, 2]);
    expect(Array.from(table.categorical[0]!.ids)).toEqual([11, 0]); // 1990 <= 1995 < 2000 is bucket 11
  });
});
