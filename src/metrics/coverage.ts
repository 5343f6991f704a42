import { ArgumentError } from '../errors.js';

/**
 * Catalogue coverage = |union of all recommended items| / numItems: the share of
 * the catalogue that any user gets to see. Ids outside [0, numItems) are an
 * error; negative ids (-1 marks an empty top-K slot) are ignored.
 */
export function catalogueCoverage(lists: Iterable<ArrayLike<number>>, numItems: number): number {
  if (!Number.isInteger(numItems) || numItems < 1) throw new ArgumentError('numItems', `must be a positive integer, got ${numItems}`);
  const seen = new Uint8Array(numItems);
  let distinct = 0;
  let u = 0;
  for (const list of lists) {
    for (let p = 0; p < list.length; p++) {
      const item = list[p]!;
      if (item < 0) continue;
      if (!Number.isInteger(item) || item >= numItems) {
        throw new ArgumentError('lists', `list ${u} position ${p}: item ${item} is outside [0, ${numItems})`);
      }
      if (seen[item] === 0) {
        seen[item] = 1;
        distinct++;
      }
    }
    u++;
  }
  return distinct / numItems;
}
