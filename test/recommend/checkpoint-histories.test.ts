import { describe, expect, it } from 'vitest';
import { IdMap } from '../../src/data/id-map.js';
import { CheckpointError } from '../../src/errors.js';
import type { Json } from '../../src/io/checkpoint-format.js';
import { historyProblem, type UserHistories } from '../../src/models/ancf.js';
import { HISTORY_ITEMS, HISTORY_LENGTHS, packHistories, unpackHistories } from '../../src/recommend/checkpoint-histories.js';

const files = { manifest: 'ck/manifest.json', weights: 'ck/weights.safetensors' };
const numUsers = 3;
const numItems = 5;
const L = 3;
const sizes = { numUsers, numItems, userIds: IdMap.from(['a', 'b', 7], 'user') };

/** User 0: [4, 1], user 1: none, user 2: [0, 2, 3]; padding slots hold junk (9, -1) that packing drops. */
function histories(): UserHistories {
  return { history: Int32Array.of(4, 1, 9, -1, -1, -1, 0, 2, 3), lengths: Int32Array.of(2, 0, 3), historyLength: L };
}

function arrays(): Record<string, Int32Array> {
  const { items, lengths } = packHistories(histories(), numUsers);
  return { [HISTORY_ITEMS]: items, [HISTORY_LENGTHS]: lengths };
}

function failure(block: Json | undefined, int32: Record<string, Int32Array>): CheckpointError {
  try {
    unpackHistories(block, int32, sizes, files);
  } catch (e) {
    expect(e).toBeInstanceOf(CheckpointError);
    return e as CheckpointError;
  }
  throw new Error('unpackHistories accepted a damaged block');
}

describe('packHistories', () => {
  it('keeps each user\'s real slots and writes padding as 0', () => {
    const { items, lengths } = packHistories(histories(), numUsers);
    expect(Array.from(items)).toEqual([4, 1, 0, 0, 0, 0, 0, 2, 3]);
    expect(Array.from(lengths)).toEqual([2, 0, 3]);
  });

  it('reads only the first numUsers users of longer arrays', () => {
    const h = { history: Int32Array.of(1, 2, 3, 4, 0, 0), lengths: Int32Array.of(1, 3), historyLength: 3 };
    const { items, lengths } = packHistories(h, 1);
    expect(Array.from(items)).toEqual([1, 0, 0]);
    expect(Array.from(lengths)).toEqual([1]);
  });
});

describe('unpackHistories', () => {
  it('round trip: unpack(pack(h)) has h\'s lengths and real slots', () => {
    const back = unpackHistories({ historyLength: L }, arrays(), sizes, files)!;
    expect(back.historyLength).toBe(L);
    expect(Array.from(back.lengths)).toEqual([2, 0, 3]);
    expect(Array.from(back.history)).toEqual([4, 1, 0, 0, 0, 0, 0, 2, 3]);
    expect(historyProblem(back, numUsers, numItems)).toBeNull();
  });

  it('no block and no arrays: undefined (format 1, or a model without histories)', () => {
    expect(unpackHistories(undefined, {}, sizes, files)).toBeUndefined();
  });

  it('arrays without a block', () => {
    const e = failure(undefined, { [HISTORY_LENGTHS]: new Int32Array(3) });
    expect(e.message).toBe(`${files.weights}: int32 arrays ${HISTORY_LENGTHS} are present but extra.recommender.histories is missing`);
  });

  it('a block that is not an object, or whose historyLength is not a positive integer', () => {
    for (const block of [null, 3, [1], 'x'] as Json[]) {
      expect(failure(block, arrays()).message).toBe(`${files.manifest}: extra.recommender.histories is not an object`);
    }
    for (const bad of [0, -1, 2.5, '3', null] as Json[]) {
      expect(failure({ historyLength: bad }, arrays()).message).toBe(
        `${files.manifest}: extra.recommender.histories.historyLength ${JSON.stringify(bad)} is not a positive integer`,
      );
    }
    expect(failure({}, arrays()).message).toMatch(/historyLength undefined is not a positive integer/);
  });

  it('an array missing or of the wrong size', () => {
    const { [HISTORY_ITEMS]: items } = arrays();
    expect(failure({ historyLength: L }, { [HISTORY_ITEMS]: items! }).message).toBe(
      `${files.weights}: int32 array ${HISTORY_LENGTHS} is missing (extra.recommender.histories is set)`,
    );
    expect(failure({ historyLength: L }, { ...arrays(), [HISTORY_ITEMS]: new Int32Array(8) }).message).toBe(
      `${files.weights}: int32 array ${HISTORY_ITEMS} has 8 entries, expected 9 (3 users x L 3)`,
    );
    expect(failure({ historyLength: 2 }, arrays()).message).toMatch(/recommender\.histories\.items has 9 entries, expected 6 \(3 users x L 2\)/);
  });

  it('a length outside [0, L] or an item outside the catalogue, naming the user by external id and index', () => {
    const long = arrays();
    long[HISTORY_LENGTHS]![2] = 4;
    expect(failure({ historyLength: L }, long).message).toBe(
      `${files.weights}: int32 arrays ${HISTORY_ITEMS} / ${HISTORY_LENGTHS}: user 7 (index 2): length 4 is outside [0, 3] (L = historyLength)`,
    );
    const negative = arrays();
    negative[HISTORY_LENGTHS]![1] = -1;
    expect(failure({ historyLength: L }, negative).message).toMatch(/user "b" \(index 1\): length -1 is outside \[0, 3\]/);
    const item = arrays();
    item[HISTORY_ITEMS]![1] = numItems;
    expect(failure({ historyLength: L }, item).message).toBe(
      `${files.weights}: int32 arrays ${HISTORY_ITEMS} / ${HISTORY_LENGTHS}: user "a" (index 0), slot 1: item 5 is outside [0, 5)`,
    );
    // A padding slot (past the user's length) is never read, so any value there is fine.
    const padding = arrays();
    padding[HISTORY_ITEMS]![2] = -7;
    expect(() => unpackHistories({ historyLength: L }, padding, sizes, files)).not.toThrow();
  });
});

describe('historyProblem', () => {
  it('null for valid histories; names the shortfall in slots or lengths', () => {
    expect(historyProblem(histories(), numUsers, numItems)).toBeNull();
    expect(historyProblem({ ...histories(), history: new Int32Array(8) }, numUsers, numItems)).toBe('history has 8 slots, 3 users x L 3 need 9');
    expect(historyProblem({ ...histories(), lengths: new Int32Array(2) }, numUsers, numItems)).toBe('lengths cover 2 users, the model has 3');
    expect(historyProblem({ ...histories(), historyLength: 0 }, numUsers, numItems)).toBe('historyLength 0 is not a positive integer');
    expect(historyProblem(histories(), numUsers, 4)).toBe('user 0, slot 0: item 4 is outside [0, 4)');
  });
});
