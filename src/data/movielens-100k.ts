import { join } from 'node:path';
import { MovieMetaBuilder, UserMetaBuilder, fileIfExists, intField, readTable } from './movielens-meta.js';
import { loadMovieLensRelease, type RatingsFormat } from './movielens-ratings.js';
import type { MovieLensData, MovieLensOptions } from './movielens-types.js';
import type { BadLineTracker } from './report.js';

/**
 * MovieLens 100K: `u.data` (user TAB item TAB rating TAB unix-seconds, ratings 1-5),
 * plus, when present and `metadata` is not false, `u.genre`, `u.item` (pipe-separated:
 * id|title|release date|video date|IMDb URL|19 genre flags) and `u.user`
 * (id|age|gender|occupation|zip). Dense ids follow ascending MovieLens ids, so user 1
 * is index 0 and movie 1 is index 0.
 */
export function loadMovieLens100K(dir: string, opts: MovieLensOptions = {}): Promise<MovieLensData> {
  return loadMovieLensRelease(join(dir, 'u.data'), RATINGS, opts, (out, bad) => readMetadata(dir, out, bad));
}

const RATINGS: RatingsFormat = { columns: { user: 0, item: 1, rating: 2, timestamp: 3 }, delimiter: '\t', ratingRange: [1, 5], release: 'ml-100k' };

/** u.genre, u.item and u.user, each when present. */
async function readMetadata(dir: string, out: MovieLensData, bad: BadLineTracker): Promise<void> {
  const interactions = out.interactions;
  const genres: string[] = [];
  const genreFile = fileIfExists(join(dir, 'u.genre'));
  if (genreFile) {
    await readTable(genreFile, '|', 2, bad, (f, line, text) => {
      const g = intField(bad, genreFile, line, text, 'genre index', f[1]);
      if (g !== null) genres[g] = f[0]!;
    });
  }
  const itemFile = fileIfExists(join(dir, 'u.item'));
  if (itemFile) {
    const nFlags = genres.length || 19;
    const meta = new MovieMetaBuilder(interactions.itemIds!, genres.length ? genres : Array.from({ length: nFlags }, (_, g) => `genre${g}`));
    await readTable(itemFile, '|', 5 + nFlags, bad, (f, line, text) => {
      const id = intField(bad, itemFile, line, text, 'movie id', f[0]);
      if (id === null) return;
      const gs: number[] = [];
      for (let g = 0; g < nFlags; g++) {
        const flag = f[5 + g];
        if (flag !== '0' && flag !== '1') return bad.bad(itemFile, line, text, `genre flag ${g} is ${JSON.stringify(flag)}, expected 0 or 1`);
        if (flag === '1') gs.push(g);
      }
      meta.add(id, f[1]!, gs);
    });
    out.items = meta.finish();
  }
  const userFile = fileIfExists(join(dir, 'u.user'));
  if (userFile) {
    const users = new UserMetaBuilder(interactions.userIds!);
    await readTable(userFile, '|', 5, bad, (f, line, text) => {
      const id = intField(bad, userFile, line, text, 'user id', f[0]);
      const age = id === null ? null : intField(bad, userFile, line, text, 'age', f[1]);
      if (id !== null && age !== null) users.add(id, age, f[2]!, f[3]!, f[4]!);
    });
    out.users = users.finish();
  }
}
