import { CategoricalEncoder } from './encoder-categorical.js';
import { MultiHotEncoder, type MultiHot } from './encoder-multi-hot.js';
import { Bucketizer, StandardScaler } from './encoder-numeric.js';
import type { MovieMetadata, UserDemographics } from './movielens-types.js';

/** Encoded side features, one row per user (or item) index, for a two-tower model. */
export interface FeatureTable {
  rows: number;
  /** One id per row each, in [0, cardinality); 0 is the unknown / missing bucket. */
  categorical: { name: string; ids: Int32Array; cardinality: number }[];
  multiHot: ({ name: string } & MultiHot)[];
  numeric: { name: string; values: Float32Array }[];
}

/** The MovieLens age groups of ML-1M, used to bucket 100K's exact ages the same way. */
export const AGE_BOUNDARIES = [18, 25, 35, 45, 50, 56];

/**
 * User features: gender, occupation and zip prefix (first digit, US region) as
 * categorical ids; age bucketed by the ML-1M groups; age standardised as a number.
 * Encoders are returned so the same mapping applies to new users.
 */
export function movieLensUserFeatures(d: UserDemographics): {
  table: FeatureTable;
  encoders: { gender: CategoricalEncoder; occupation: CategoricalEncoder; zip: CategoricalEncoder; ageBucket: Bucketizer; age: StandardScaler };
} {
  const zips = d.zipCodes.map((z) => z.slice(0, 1));
  const gender = CategoricalEncoder.fit(d.genders.filter((g) => g !== ''));
  const occupation = CategoricalEncoder.fit(d.occupations.filter((o) => o !== ''));
  const zip = CategoricalEncoder.fit(zips.filter((z) => z !== ''));
  const ageBucket = new Bucketizer(AGE_BOUNDARIES);
  const age = StandardScaler.fit(d.ages);
  return {
    table: {
      rows: d.ages.length,
      categorical: [
        { name: 'gender', ids: gender.encodeAll(d.genders), cardinality: gender.size },
        { name: 'occupation', ids: occupation.encodeAll(d.occupations), cardinality: occupation.size },
        { name: 'zip1', ids: zip.encodeAll(zips), cardinality: zip.size },
        { name: 'ageGroup', ids: ageBucket.encodeAll(d.ages), cardinality: ageBucket.size },
      ],
      multiHot: [],
      numeric: [{ name: 'age', values: age.encodeAll(d.ages) }],
    },
    encoders: { gender, occupation, zip, ageBucket, age },
  };
}

/** Item features: genres multi-hot, release decade categorical, release year standardised. */
export function movieLensItemFeatures(m: MovieMetadata): {
  table: FeatureTable;
  encoders: { genres: MultiHotEncoder; decade: Bucketizer; year: StandardScaler | null };
} {
  const lists = m.titles.map((_, i) => Array.from(m.genreIndices.subarray(m.genreOffsets[i]!, m.genreOffsets[i + 1]!), (g) => m.genres[g]!));
  const genres = new MultiHotEncoder(CategoricalEncoder.fromJSON({ vocabulary: m.genres.slice() }));
  const decade = new Bucketizer(Array.from({ length: 13 }, (_, k) => 1900 + 10 * k));
  const finite = Array.from(m.years).some(Number.isFinite);
  const year = finite ? StandardScaler.fit(m.years) : null;
  return {
    table: {
      rows: m.titles.length,
      categorical: [{ name: 'decade', ids: decade.encodeAll(m.years), cardinality: decade.size }],
      multiHot: [{ name: 'genres', ...genres.encodeAll(lists) }],
      numeric: year ? [{ name: 'year', values: year.encodeAll(m.years) }] : [],
    },
    encoders: { genres, decade, year },
  };
}
