import type { Interactions } from './interactions.js';
import type { ReadOptions } from './read-options.js';
import type { LoadReport } from './report.js';

/**
 * Movie metadata aligned with the interactions' item index: entry i describes the
 * movie whose dense index is i (`interactions.itemIds.toExternal(i)` is its MovieLens id).
 */
export interface MovieMetadata {
  /** Title as published, e.g. "Toy Story (1995)"; null for a rated movie missing from the metadata file. */
  titles: (string | null)[];
  /** Year from the trailing "(YYYY)" of the title, NaN when absent. */
  years: Float32Array;
  /** Genre vocabulary in the order the dataset defines it (100K: u.genre order). */
  genres: string[];
  /** CSR: the genres of item i are genreIndices[genreOffsets[i] .. genreOffsets[i + 1]). */
  genreOffsets: Int32Array;
  genreIndices: Int32Array;
  /** Movies in the metadata file that no rating mentions (not indexed, only counted). */
  unratedMovies: number;
}

/** User demographics aligned with the user index; empty strings / NaN when missing. */
export interface UserDemographics {
  /** 100K: age in years. 1M: the age-group code (1 = under 18, 18 = 18-24, 25, 35, 45, 50, 56 = 56+). */
  ages: Float32Array;
  genders: string[];
  occupations: string[];
  zipCodes: string[];
  /** Users in the demographics file with no rating (not indexed, only counted). */
  unratedUsers: number;
}

export interface MovieLensData {
  interactions: Interactions;
  /** Report of the ratings file; metadata lines skipped under onBadLine: 'skip' are added to it. */
  report: LoadReport;
  items?: MovieMetadata;
  /** 100K and 1M only: the latest releases publish no demographics. */
  users?: UserDemographics;
}

export interface MovieLensOptions extends Pick<ReadOptions, 'duplicates' | 'onBadLine'> {
  /** Also read titles, genres and (100K, 1M) demographics. Default true. */
  metadata?: boolean;
}
