import { describe, expect, it } from 'vitest';
import { fairnessBreakdown } from '../../src/metrics/index.js';

describe('fairnessBreakdown', () => {
  it('group means, parity difference and ratio, NaN users skipped', () => {
    const f = fairnessBreakdown([1, 0, 1, 1, Number.NaN, 0.25], ['M', 'F', 'M', 'F', 'F', 'X']);
    expect(f.groups).toEqual([
      { group: 'F', users: 2, mean: 0.5 },
      { group: 'M', users: 2, mean: 1 },
      { group: 'X', users: 1, mean: 0.25 },
    ]);
    expect(f.best).toBe('M');
    expect(f.worst).toBe('X');
    expect(f.parityDifference).toBeCloseTo(0.75, 12);
    expect(f.parityRatio).toBeCloseTo(0.25, 12);
    expect(f.skipped).toBe(1);
  });

  it('numeric attributes are grouped by their string form; all-zero groups are at parity', () => {
    const f = fairnessBreakdown([0, 0, 0], [1, '1', 2]);
    expect(f.groups.map((g) => [g.group, g.users])).toEqual([['1', 2], ['2', 1]]);
    expect(f.parityDifference).toBe(0);
    expect(f.parityRatio).toBe(1);
  });

  it('a ratio of negative means is NaN; no data gives NaN', () => {
    expect(fairnessBreakdown([-1, 1], ['a', 'b']).parityRatio).toBeNaN();
    expect(fairnessBreakdown([Number.NaN], ['a']).parityDifference).toBeNaN();
    expect(() => fairnessBreakdown([1], [])).toThrow(/groups: lengths differ/);
  });
});
