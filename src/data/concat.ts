import { ArgumentError } from '../errors.js';
import { Interactions, type InteractionsInit } from './interactions.js';

/**
 * Rows of several Interactions over the same index spaces, one after another (e.g.
 * train and test together, to exclude both from evaluation negatives). Ratings and
 * timestamps survive only when every part has them.
 */
export function concatInteractions(parts: readonly Interactions[]): Interactions {
  const first = parts[0];
  if (!first) throw new ArgumentError('parts', 'need at least one Interactions');
  let n = 0;
  for (const p of parts) {
    if (p.numUsers !== first.numUsers || p.numItems !== first.numItems) {
      throw new ArgumentError('parts', `index spaces differ: ${p.numUsers}x${p.numItems} vs ${first.numUsers}x${first.numItems}`);
    }
    n += p.length;
  }
  const users = new Int32Array(n);
  const items = new Int32Array(n);
  const ratings = parts.every((p) => p.ratings) ? new Float32Array(n) : null;
  const timestamps = parts.every((p) => p.timestamps) ? new Float64Array(n) : null;
  let o = 0;
  for (const p of parts) {
    users.set(p.users, o);
    items.set(p.items, o);
    if (ratings) ratings.set(p.ratings!, o);
    if (timestamps) timestamps.set(p.timestamps!, o);
    o += p.length;
  }
  const init: InteractionsInit = { users, items, ratings, timestamps, numUsers: first.numUsers, numItems: first.numItems };
  if (first.userIds) init.userIds = first.userIds;
  if (first.itemIds) init.itemIds = first.itemIds;
  return new Interactions(init);
}
