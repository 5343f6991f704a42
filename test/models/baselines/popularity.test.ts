import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../../src/errors.js';
import { Popularity } from '../../../src/models/baselines/popularity.js';
import { fromTriples } from '../../data/fixtures.js';
import { interactions } from './fixtures.js';

describe('Popularity', () => {
  it('scores every item by its training count, the same for every user (hand-computed)', () => {
    // Item 2 three times (user 0 twice), item 0 once, item 1 never.
    const p = new Popularity(fromTriples([[0, 2], [1, 2], [0, 0], [0, 2]], 2, 4));
    expect(Array.from(p.counts)).toEqual([1, 0, 3, 0]);
    const out = new Float32Array(3);
    p.score(Int32Array.of(0, 1, 1), Int32Array.of(2, 2, 1), out);
    expect(Array.from(out)).toEqual([3, 3, 0]);
    const all = new Float32Array(8);
    p.scoreAll(Int32Array.of(1, 0), all);
    expect(Array.from(all)).toEqual([1, 0, 3, 0, 1, 0, 3, 0]);
    // Ties go to the lower index; k beyond the catalogue returns it all.
    expect(Array.from(p.top(3))).toEqual([2, 0, 1]);
    expect(Array.from(p.top(10))).toEqual([2, 0, 1, 3]);
  });

  it('top(k) needs a positive integer k', () => {
    const p = new Popularity(fromTriples([[0, 2], [1, 2], [0, 0]], 2, 4));
    for (const k of [0, -1, 2.5, Number.NaN]) {
      expect(() => p.top(k)).toThrow(ArgumentError);
      expect(() => p.top(k)).toThrow(`Popularity.top: k: must be a positive integer, got ${k}`);
    }
  });

  it('top(k) is the k best items by count, in order, ties to the lower index', () => {
    fc.assert(
      fc.property(interactions, fc.integer({ min: 1, max: 8 }), (x, k) => {
        const p = new Popularity(x);
        const order = Array.from(p.counts, (c, i) => [c, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
        expect(Array.from(p.top(k))).toEqual(order.slice(0, k).map(([, i]) => i));
      }),
    );
  });
});
