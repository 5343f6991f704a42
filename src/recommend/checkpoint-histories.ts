import type { IdMap } from '../data/id-map.js';
import { CheckpointError } from '../errors.js';
import type { Json } from '../io/checkpoint-format.js';
import { historyProblem, type UserHistories } from '../models/ancf.js';

/** int32 arrays holding ANCF's per-user histories in a recommender checkpoint. */
export const HISTORY_ITEMS = 'recommender.histories.items';
export const HISTORY_LENGTHS = 'recommender.histories.lengths';

/**
 * The histories as two int32 arrays: items [numUsers * L], user u's real slots at
 * [u L, u L + len_u) oldest first, padding normalised to 0 (a custom padValue is
 * not kept: slots past len_u are never read); lengths [numUsers].
 */
export function packHistories(h: UserHistories, numUsers: number): { items: Int32Array; lengths: Int32Array } {
  const L = h.historyLength;
  const items = new Int32Array(numUsers * L);
  const lengths = Int32Array.from(h.lengths.subarray(0, numUsers));
  // The model's setHistories checked every length against [0, L].
  for (let u = 0; u < numUsers; u++) items.set(h.history.subarray(u * L, u * L + lengths[u]!), u * L);
  return { items, lengths };
}

/**
 * The histories block of a loaded checkpoint, validated: undefined when the
 * checkpoint has none (format 1, or a model without histories). Errors are
 * CheckpointErrors naming the manifest (the block) or the weights file (the
 * arrays), and the user by external id.
 */
export function unpackHistories(
  block: Json | undefined,
  int32: Readonly<Record<string, Int32Array>>,
  sizes: { numUsers: number; numItems: number; userIds: IdMap },
  files: { manifest: string; weights: string },
): UserHistories | undefined {
  const fail = (file: string, reason: string): never => {
    throw new CheckpointError(file, reason);
  };
  if (block === undefined) {
    const stray = [HISTORY_ITEMS, HISTORY_LENGTHS].filter((n) => Object.hasOwn(int32, n));
    if (stray.length > 0) fail(files.weights, `int32 arrays ${stray.join(', ')} are present but extra.recommender.histories is missing`);
    return undefined;
  }
  if (typeof block !== 'object' || block === null || Array.isArray(block)) return fail(files.manifest, 'extra.recommender.histories is not an object');
  const L = (block as Record<string, Json>).historyLength;
  if (typeof L !== 'number' || !Number.isInteger(L) || L < 1) return fail(files.manifest, `extra.recommender.histories.historyLength ${JSON.stringify(L)} is not a positive integer`);
  const array = (name: string, size: number): Int32Array => {
    if (!Object.hasOwn(int32, name)) return fail(files.weights, `int32 array ${name} is missing (extra.recommender.histories is set)`);
    const a = int32[name]!;
    if (a.length !== size) fail(files.weights, `int32 array ${name} has ${a.length} entries, expected ${size} (${sizes.numUsers} users x L ${L})`);
    return a;
  };
  const { numUsers, numItems, userIds } = sizes;
  const lengths = array(HISTORY_LENGTHS, numUsers);
  const history = array(HISTORY_ITEMS, numUsers * L);
  const histories = { history, lengths, historyLength: L };
  const who = (u: number): string => `user ${JSON.stringify(userIds.toExternal(u))} (index ${u})`;
  const problem = historyProblem(histories, numUsers, numItems, who);
  if (problem !== null) fail(files.weights, `int32 arrays ${HISTORY_ITEMS} / ${HISTORY_LENGTHS}: ${problem}`);
  return histories;
}
