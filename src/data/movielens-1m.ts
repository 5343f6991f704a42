import { join } from 'node:path';
import { MovieMetaBuilder, UserMetaBuilder, fileIfExists, intField, readTable } from './movielens-meta.js';
import { loadMovieLensRelease, type RatingsFormat } from './movielens-ratings.js';
import type { MovieLensData, MovieLensOptions } from './movielens-types.js';
import type { BadLineTracker } from './report.js';

/** Occupation codes of users.dat, from the ML-1M README. */
export const ML1M_OCCUPATIONS = [
  'other', 'academic/educator', 'artist', 'clerical/admin', 'college/grad student', 'customer service',
  'doctor/health care', 'executive/managerial', 'farmer', 'homemaker', 'K-12 student', 'lawyer', 'programmer',
  'retired', 'sales/marketing', 'scientist', 'self-employed', 'technician/engineer', 'tradesman/craftsman',
  'unemployed', 'writer',
] as const;

/** The genre list of the ML-1M README, in its order. */
export const ML1M_GENRES = [
  'Action', 'Adventure', 'Animation', "Children's", 'Comedy', 'Crime', 'Documentary', 'Drama', 'Fantasy',
  'Film-Noir', 'Horror', 'Musical', 'Mystery', 'Romance', 'Sci-Fi', 'Thriller', 'War', 'Western',
];

/**
 * MovieLens 1M: `ratings.dat` (UserID::MovieID::Rating::Timestamp, ratings 1-5), and when
 * present `movies.dat` (MovieID::Title::Genre|Genre, Latin-1) and `users.dat`
 * (UserID::Gender::AgeCode::OccupationCode::Zip; occupation codes become names).
 */
export function loadMovieLens1M(dir: string, opts: MovieLensOptions = {}): Promise<MovieLensData> {
  return loadMovieLensRelease(join(dir, 'ratings.dat'), RATINGS, opts, (out, bad) => readMetadata(dir, out, bad));
}

const RATINGS: RatingsFormat = { columns: { user: 0, item: 1, rating: 2, timestamp: 3 }, delimiter: '::', ratingRange: [1, 5], release: 'ml-1m' };

/** movies.dat and users.dat, each when present. */
async function readMetadata(dir: string, out: MovieLensData, bad: BadLineTracker): Promise<void> {
  const interactions = out.interactions;
  const movieFile = fileIfExists(join(dir, 'movies.dat'));
  if (movieFile) {
    const meta = new MovieMetaBuilder(interactions.itemIds!, ML1M_GENRES.slice());
    await readTable(movieFile, '::', 3, bad, (f, line, text) => {
      const id = intField(bad, movieFile, line, text, 'movie id', f[0]);
      if (id !== null) meta.add(id, f[1]!, splitGenres(f[2]!).map((g) => meta.genreIndex(g)));
    });
    out.items = meta.finish();
  }
  const userFile = fileIfExists(join(dir, 'users.dat'));
  if (userFile) {
    const users = new UserMetaBuilder(interactions.userIds!);
    await readTable(userFile, '::', 5, bad, (f, line, text) => {
      const id = intField(bad, userFile, line, text, 'user id', f[0]);
      const age = id === null ? null : intField(bad, userFile, line, text, 'age code', f[2]);
      const occ = age === null ? null : intField(bad, userFile, line, text, 'occupation code', f[3]);
      if (id === null || age === null || occ === null) return;
      const name = ML1M_OCCUPATIONS[occ];
      if (name === undefined) return bad.bad(userFile, line, text, `occupation code ${occ} outside 0..20`);
      users.add(id, age, f[1]!, name, f[4]!);
    });
    out.users = users.finish();
  }
}

/** "Action|Comedy" → ["Action", "Comedy"]; the latest releases' "(no genres listed)" → []. */
export function splitGenres(s: string): string[] {
  const t = s.trim();
  if (t === '' || t === '(no genres listed)') return [];
  return t.split('|');
}
