import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../../src/errors.js';
import { Ease } from '../../../src/models/baselines/ease.js';
import { ItemKNN, UserKNN } from '../../../src/models/baselines/knn.js';
import { Popularity } from '../../../src/models/baselines/popularity.js';
import { MF } from '../../../src/models/mf.js';
import { fromTriples } from '../../data/fixtures.js';

// 3 users x 3 items: reading row 3 of a 3-row table is NaN, and item 3 of user 0
// is user 1's item 0: the bugs these checks stop.
const train = fromTriples([[0, 0], [0, 1], [1, 1], [2, 2]], 3, 3);
const models = () => [new Popularity(train), new Ease(train, { lambda: 1 }), new ItemKNN(train), new UserKNN(train)];
const one = (u: number, i: number) => [Int32Array.of(u), Int32Array.of(i), new Float32Array(1)] as const;

describe('baseline score() and scoreAll() check their ids', () => {
  it('an item outside [0, numItems) is an ArgumentError naming the row and the id, like a RecModel', () => {
    expect(() => new MF({ numUsers: 3, numItems: 3 }).score(...one(0, 3))).toThrow(ArgumentError);
    for (const m of models()) {
      expect(() => m.score(...one(0, 3)), m.kind).toThrow(ArgumentError);
      expect(() => m.score(Int32Array.of(0, 1), Int32Array.of(1, -1), new Float32Array(2)), m.kind).toThrow('items: row 1: item -1 is outside [0, 3)');
    }
  });

  it('a user outside [0, numUsers) is an ArgumentError, Popularity included (it ignores the user otherwise)', () => {
    for (const m of models()) {
      expect(() => m.score(...one(3, 0)), m.kind).toThrow('users: row 0: user 3 is outside [0, 3)');
      expect(() => m.score(...one(-1, 0)), m.kind).toThrow(ArgumentError);
      expect(() => m.scoreAll(Int32Array.of(0, 7), new Float32Array(6)), m.kind).toThrow('users: row 1: user 7 is outside [0, 3)');
    }
  });

  it('users and items of different lengths are an ArgumentError', () => {
    for (const m of models()) expect(() => m.score(Int32Array.of(0, 1), Int32Array.of(0), new Float32Array(2)), m.kind).toThrow('items: has 1 entries, users 2');
  });

  it('valid ids still score (every pair, the same as scoreAll)', () => {
    for (const m of models()) {
      const all = new Float32Array(9);
      m.scoreAll(Int32Array.of(0, 1, 2), all);
      const pairs = new Float32Array(9);
      m.score(Int32Array.of(0, 0, 0, 1, 1, 1, 2, 2, 2), Int32Array.of(0, 1, 2, 0, 1, 2, 0, 1, 2), pairs);
      expect(Array.from(pairs).every(Number.isFinite), m.kind).toBe(true);
      for (let k = 0; k < 9; k++) expect(pairs[k], m.kind).toBeCloseTo(all[k]!, 5);
    }
  });

  it('fold-in histories are checked too (EASE, ItemKNN)', () => {
    for (const m of [new Ease(train, { lambda: 1 }), new ItemKNN(train)]) {
      expect(() => m.scoreFromHistory(Int32Array.of(0, 3), new Float32Array(3)), m.kind).toThrow('history: row 1: item 3 is outside [0, 3)');
    }
  });
});
