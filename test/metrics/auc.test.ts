import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { auc } from '../../src/metrics/index.js';

describe('auc', () => {
  it('hand-computed with a tie', () => {
    // 3 beats all three negatives; 1 ties 1, loses to 2, beats 0.
    expect(auc([3, 1], [1, 2, 0])).toBeCloseTo(4.5 / 6, 12);
    expect(auc([3, 1], [1, 2, 0], 'against')).toBeCloseTo(4 / 6, 12);
  });

  it('a constant model scores 0.5 by Mann-Whitney and 0 when ties count against', () => {
    expect(auc([1, 1], [1, 1, 1])).toBe(0.5);
    expect(auc([1, 1], [1, 1, 1], 'against')).toBe(0);
  });

  it('is NaN for an empty side and rejects NaN scores', () => {
    expect(auc([], [1])).toBeNaN();
    expect(() => auc([Number.NaN], [1])).toThrow(ArgumentError);
    expect(() => auc([1], [0, Number.NaN])).toThrow(/negatives: score 1 is NaN/);
  });

  it('matches the O(PN) pair count', () => {
    const score = fc.integer({ min: -3, max: 3 }); // small range: many ties
    fc.assert(
      fc.property(fc.array(score, { minLength: 1, maxLength: 8 }), fc.array(score, { minLength: 1, maxLength: 8 }), (p, n) => {
        let half = 0, against = 0;
        for (const s of p) for (const t of n) {
          half += s > t ? 1 : s === t ? 0.5 : 0;
          against += s > t ? 1 : 0;
        }
        expect(auc(p, n)).toBeCloseTo(half / (p.length * n.length), 12);
        expect(auc(p, n, 'against')).toBeCloseTo(against / (p.length * n.length), 12);
      }),
    );
  });
});
