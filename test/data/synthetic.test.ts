import { describe, expect, it } from 'vitest';
import { splitLeaveOneOut } from '../../src/data/split-leave-one-out.js';
import { syntheticInteractions } from '../../src/data/synthetic.js';
import { ArgumentError } from '../../src/errors.js';

/** Hit rate at 10 of a scorer on leave-one-out, ranking every item the user has not trained on. */
function hitRate(score: (u: number, i: number) => number, seed: number): number {
  const { interactions } = syntheticInteractions({ users: 200, items: 300, perUser: 20, rank: 4, seed });
  const { train, test } = splitLeaveOneOut(interactions);
  let hits = 0;
  for (let r = 0; r < test.length; r++) {
    const u = test.users[r]!;
    const target = score(u, test.items[r]!);
    let better = 0;
    for (let i = 0; i < 300; i++) if (i !== test.items[r] && !train.hasInteraction(u, i) && score(u, i) >= target) better++;
    if (better < 10) hits++;
  }
  return hits / test.length;
}

describe('syntheticInteractions', () => {
  it('is fully determined by its seed', () => {
    const a = syntheticInteractions({ users: 20, items: 30, seed: 'x' });
    const b = syntheticInteractions({ users: 20, items: 30, seed: 'x' });
    const c = syntheticInteractions({ users: 20, items: 30, seed: 'y' });
    expect(a.interactions.items).toEqual(b.interactions.items);
    expect(a.interactions.timestamps).toEqual(b.interactions.timestamps);
    expect(a.interactions.items).not.toEqual(c.interactions.items);
  });

  it('has distinct pairs, increasing per-user timestamps, ratings 1-5 and the requested activity', () => {
    const { interactions: x } = syntheticInteractions({ users: 50, items: 80, perUser: 10, seed: 1 });
    expect(x.stats().duplicateRows).toBe(0);
    expect(x.length / 50).toBeGreaterThan(8);
    expect(x.length / 50).toBeLessThan(12);
    const s = x.stats();
    expect(s.ratings!.min).toBeGreaterThanOrEqual(1);
    expect(s.ratings!.max).toBeLessThanOrEqual(5);
    for (let r = 1; r < x.length; r++) if (x.users[r] === x.users[r - 1]) expect(x.timestamps![r]!).toBeGreaterThan(x.timestamps![r - 1]!);
  });

  it('popularity follows the power law: the top decile of items gets far more than a tenth of interactions', () => {
    const { interactions: x, truth } = syntheticInteractions({ users: 300, items: 200, perUser: 15, popularityExponent: 1.2, signal: 0, seed: 2 });
    const counts = Array.from(x.countsPerItem()).sort((a, b) => b - a);
    const top = counts.slice(0, 20).reduce((a, b) => a + b, 0);
    expect(top / x.length).toBeGreaterThan(0.3);
    expect(truth.popularity.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  });

  it('the planted preferences predict held-out items far better than popularity', () => {
    const { truth } = syntheticInteractions({ users: 200, items: 300, perUser: 20, rank: 4, seed: 3 });
    const planted = hitRate(truth.score, 3);
    const popularity = hitRate((_, i) => truth.popularity[i]!, 3);
    expect(planted).toBeGreaterThan(popularity + 0.15);
    expect(planted).toBeGreaterThan(1.5 * popularity);
  });

  it('timestamps start at startTime (default 1e9) and stay within timeSpan of it', () => {
    for (const [startTime, want] of [[undefined, 1e9], [-500, -500], [0, 0]] as const) {
      const { interactions: x } = syntheticInteractions({ users: 20, items: 30, seed: 4, timeSpan: 1000, ...(startTime === undefined ? {} : { startTime }) });
      const t = Array.from(x.timestamps!);
      expect(Math.min(...t)).toBeGreaterThan(want);
      // Each user starts within the first half of the span and adds at most half of it.
      expect(Math.max(...t)).toBeLessThanOrEqual(want + 1000 + 30);
    }
  });

  it('rejects bad sizes', () => {
    expect(() => syntheticInteractions({ users: 0, items: 3, seed: 1 })).toThrow(ArgumentError);
    expect(() => syntheticInteractions({ users: 2, items: 3, perUser: 0, seed: 1 })).toThrow(ArgumentError);
  });

  it.each([
    [{ rank: -1 }, 'rank: must be an integer >= 1, got -1'],
    [{ rank: 0 }, 'rank: must be an integer >= 1, got 0'],
    [{ rank: 2.5 }, 'rank: must be an integer >= 1, got 2.5'],
    [{ timeSpan: -1e9 }, 'timeSpan: must be finite and >= 0, got -1000000000'],
    [{ timeSpan: Number.NaN }, 'timeSpan: must be finite and >= 0, got NaN'],
    [{ density: 2 }, 'density: must be in (0, 1], got 2'],
    [{ perUser: Number.POSITIVE_INFINITY }, 'perUser: must be finite and > 0, got Infinity'],
    [{ signal: Number.NaN }, 'signal: must be finite, got NaN'],
    [{ startTime: Number.NaN }, 'startTime: must be finite, got NaN'],
    [{ startTime: -Infinity }, 'startTime: must be finite, got -Infinity'],
  ])('%j is an ArgumentError naming the option', (opts, message) => {
    expect(() => syntheticInteractions({ users: 3, items: 5, seed: 1, ...opts })).toThrow(ArgumentError);
    expect(() => syntheticInteractions({ users: 3, items: 5, seed: 1, ...opts })).toThrow(message);
  });
});
