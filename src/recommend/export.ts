import { ArgumentError } from '../errors.js';
import type { Recommendation, RecommendationTable, ScoredItem } from './types.js';

/**
 * The text of recommendations.json: `{ "<userId>": [{ "itemId": ..., "score": ... }, ...] }`,
 * best first, one user per line (writeRecommendations writes it to a file). Takes
 * exportAll's table or a list of Recommendations (each needs a userId). Item ids keep their JSON type (MovieLens
 * numbers stay numbers); titles are not written. A score JSON cannot hold (NaN,
 * ±Infinity) is an ArgumentError naming the user and item. Note that JavaScript
 * objects list integer-like keys in ascending numeric order, so readers that
 * rebuild an object see that order, not the file's.
 */
export function recommendationsJson(recommendations: RecommendationTable | readonly Recommendation[]): string {
  const entries: Array<[string, readonly ScoredItem[]]> = [];
  if (Array.isArray(recommendations)) {
    const seen = new Set<string>();
    (recommendations as readonly Recommendation[]).forEach((rec, r) => {
      if (rec.userId === null || rec.userId === undefined) throw new ArgumentError('recommendations', `entry ${r} has no userId (a recommendFromHistory result?)`);
      const key = String(rec.userId);
      if (seen.has(key)) throw new ArgumentError('recommendations', `user ${JSON.stringify(key)} appears twice`);
      seen.add(key);
      entries.push([key, rec.items]);
    });
  } else {
    for (const key of Object.keys(recommendations)) entries.push([key, (recommendations as RecommendationTable)[key]!]);
  }
  const lines = entries.map(([user, items]) => {
    const list = items.map((it) => {
      if (!Number.isFinite(it.score)) throw new ArgumentError('recommendations', `user ${JSON.stringify(user)}, item ${JSON.stringify(it.itemId)}: score ${it.score} cannot be written as JSON`);
      if (typeof it.itemId !== 'string' && typeof it.itemId !== 'number') throw new ArgumentError('recommendations', `user ${JSON.stringify(user)}: item id ${JSON.stringify(it.itemId)} is neither a string nor a number`);
      return JSON.stringify({ itemId: it.itemId, score: it.score });
    });
    return `  ${JSON.stringify(user)}: [${list.join(', ')}]`;
  });
  return lines.length === 0 ? '{}\n' : `{\n${lines.join(',\n')}\n}\n`;
}
