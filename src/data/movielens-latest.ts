import { join } from 'node:path';
import { parseQuoted, readDelimited } from './delimited.js';
import { addSkipped } from './movielens-100k.js';
import { splitGenres } from './movielens-1m.js';
import { MovieMetaBuilder, fileIfExists, intField } from './movielens-meta.js';
import type { MovieLensData, MovieLensOptions } from './movielens-types.js';
import { BadLineTracker } from './report.js';

/**
 * MovieLens latest (ml-latest-small, ml-latest, and the 20M/25M/32M releases, which share
 * the format): `ratings.csv` with header userId,movieId,rating,timestamp (ratings
 * 0.5-5 in half stars), and when present `movies.csv` (movieId,title,genres; titles are
 * CSV-quoted when they contain commas, genres `|`-separated). No demographics exist.
 */
export async function loadMovieLensLatest(dir: string, opts: MovieLensOptions = {}): Promise<MovieLensData> {
  const { interactions, report } = await readDelimited(join(dir, 'ratings.csv'), {
    columns: { user: 'userId', item: 'movieId', rating: 'rating', timestamp: 'timestamp' },
    delimiter: ',',
    // ratings.csv holds only numbers, so plain splitting is exact and about 3x faster than a CSV parser.
    quote: false,
    fieldCount: 4,
    idType: 'number',
    ratingRange: [0.5, 5],
    ...(opts.duplicates ? { duplicates: opts.duplicates } : {}),
    ...(opts.onBadLine ? { onBadLine: opts.onBadLine } : {}),
  });
  const out: MovieLensData = { interactions, report };
  if (opts.metadata === false) return out;
  const bad = new BadLineTracker(opts.onBadLine ?? 'error');
  const movieFile = fileIfExists(join(dir, 'movies.csv'));
  if (movieFile) {
    const meta = new MovieMetaBuilder(interactions.itemIds!, []);
    let header = true;
    await parseQuoted(movieFile, ',', '"', undefined, bad, (f, line, text) => {
      if (header) {
        header = false;
        if (f[0] === 'movieId') return;
      }
      if (f.length !== 3) return bad.bad(movieFile, line, text, `expected 3 fields (movieId,title,genres), found ${f.length}`);
      const id = intField(bad, movieFile, line, text, 'movie id', f[0]);
      if (id !== null) meta.add(id, f[1]!, splitGenres(f[2]!).map((g) => meta.genreIndex(g)));
    });
    out.items = meta.finish();
  }
  addSkipped(report, bad);
  return out;
}
