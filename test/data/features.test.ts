import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
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
    expect(() => StandardScaler.fit([Number.NaN])).toThrow(ArgumentError);
  });

  it.each([
    [[5, 5], 5],
    [[0.1, 0.1, 0.1], 0.1], // the float sum 0.30000000000000004 / 3 is not 0.1
    [Array.from({ length: 1000 }, () => 1.6e9), 1.6e9],
    [Float32Array.of(0.3, 0.3, 0.3, Number.NaN), Math.fround(0.3)],
  ])('standard scaler: a constant column has its value as mean and std 1 (%#)', (values, c) => {
    const s = StandardScaler.fit(values);
    expect([s.mean, s.std]).toEqual([c, 1]);
    expect(s.encode(c)).toBe(0);
    expect(s.encode(c + 2)).toBe(c + 2 - c);
  });

  it('standard scaler: unix-second values keep their spread (no E[x²] - mean² cancellation)', () => {
    const s = StandardScaler.fit([1e9, 1e9 + 1, 1e9 + 2]);
    expect(s.std).toBeCloseTo(Math.sqrt(2 / 3), 12);
    const z = Array.from(s.encodeAll([1e9, 1e9 + 1, 1e9 + 2]));
    z.forEach((v, k) => expect(v).toBeCloseTo([-1.2247449, 0, 1.2247449][k]!, 6));
  });

  test.prop([fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 2, maxLength: 60 }), fc.constantFrom(0, 1e6, 1e9, 1.7e9, -3e9)])(
    'standard scaler: std is shift-invariant and matches an exact integer reference',
    (ints, shift) => {
      fc.pre(new Set(ints).size > 1);
      const n = ints.length;
      // exact: n²·var = n·Σx² - (Σx)², all integers well below 2^53
      const sx = ints.reduce((a, v) => a + v, 0);
      const sxx = ints.reduce((a, v) => a + v * v, 0);
      const want = Math.sqrt(n * sxx - sx * sx) / n;
      const s = StandardScaler.fit(ints.map((v) => v + shift));
      expect(Math.abs(s.std - want)).toBeLessThanOrEqual(1e-9 * want);
      expect(Math.abs(s.mean - shift - sx / n)).toBeLessThanOrEqual(1e-6);
    },
  );

  it('bucketizer: half-open buckets from 1, missing 0; quantile fit', () => {
    const b = new Bucketizer([10, 20]);
    expect([5, 10, 19.9, 20, 99, Number.NaN].map((v) => b.encode(v))).toEqual([1, 2, 2, 3, 3, 0]);
    expect(b.size).toBe(4);
    const q = Bucketizer.fitQuantiles([1, 2, 3, 4, 5, 6, 7, 8], 4);
    expect(Array.from(q.boundaries)).toEqual([3, 5, 7]);
    expect(() => new Bucketizer([2, 1])).toThrow('strictly ascending');
  });

  it('bucketizer: a heavily repeated minimum moves the boundary up instead of leaving bucket 1 empty', () => {
    const v = [0, 0, 0, 0, 0, 0, 0, 1, 2, 3];
    const two = Bucketizer.fitQuantiles(v, 2);
    expect(Array.from(two.boundaries)).toEqual([1]);
    expect(Array.from(two.encodeAll(v))).toEqual([1, 1, 1, 1, 1, 1, 1, 2, 2, 2]);
    expect(Array.from(Bucketizer.fitQuantiles(v, 4).boundaries)).toEqual([1, 2, 3]);
    // ties at the top: fewer buckets than asked when the distinct values run out
    expect(Array.from(Bucketizer.fitQuantiles([0, 1, 2, 3, 3, 3, 3, 3, 3, 3], 4).boundaries)).toEqual([2, 3]);
    expect(Array.from(Bucketizer.fitQuantiles([4, 4, 4], 3).boundaries)).toEqual([]);
  });

  test.prop([fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 2, max: 8 })])(
    'bucketizer: every fitted bucket holds a training value; distinct data keep the plain quantiles',
    (v, buckets) => {
      const b = Bucketizer.fitQuantiles(v, buckets);
      expect(b.size - 1).toBeLessThanOrEqual(Math.min(buckets, new Set(v).size));
      const used = new Set(b.encodeAll(v));
      for (let id = 1; id < b.size; id++) expect(used.has(id)).toBe(true);
      const d = [...new Set(v)].sort((x, y) => x - y);
      const plain = Array.from({ length: buckets - 1 }, (_, k) => d[Math.min(d.length - 1, Math.floor(((k + 1) * d.length) / buckets))]!);
      if (d.length >= buckets && new Set(plain).size === plain.length && plain[0]! > d[0]!) expect(Array.from(Bucketizer.fitQuantiles(d, buckets).boundaries)).toEqual(plain);
    },
  );
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
