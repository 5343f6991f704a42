import { describe, expect, it } from 'vitest';
import { compareModels } from '../../src/metrics/index.js';
import { Rng } from '../../src/tensor/rng.js';

describe('compareModels', () => {
  it('hand-computed paired t-test and lift', () => {
    const a = [0.1, 0.2, 0.3, 0.4];
    const b = [0.2, 0.2, 0.5, 0.5];
    const c = compareModels(a, b, { rng: new Rng(1) });
    // d = [0.1, 0, 0.2, 0.1]: mean 0.1, sd = sqrt(0.02 / 3), se = sd / 2, t = sqrt(6), df = 3.
    expect(c.meanDifference).toBeCloseTo(0.1, 12);
    expect(c.tStatistic).toBeCloseTo(Math.sqrt(6), 10);
    expect(c.df).toBe(3);
    // t CDF at df = 3: 1/2 + (t / (sqrt3 (1 + t^2/3)) + atan(t / sqrt3)) / pi, with t = sqrt6.
    const cdf = 0.5 + (Math.SQRT2 / 3 + Math.atan(Math.SQRT2)) / Math.PI;
    expect(c.pValue).toBeCloseTo(2 * (1 - cdf), 10);
    expect(c.lift).toBeCloseTo(0.1 / 0.25, 12);
    // A bootstrap mean of d is 0.025 · Bin(8, 1/2) (each draw is 0.1 · Bin(2, 1/2)), so
    // P(mean <= 0.025) = 9/256 = 0.035 and P(mean = 0) = 1/256: the 2.5% and 97.5%
    // quantiles are 0.025 and 0.175.
    expect(c.ci[0]).toBeCloseTo(0.025, 12);
    expect(c.ci[1]).toBeCloseTo(0.175, 12);
  });

  it('the bootstrap is reproducible from the seed and matches the normal interval for large n', () => {
    const rng = new Rng(7);
    const a = Array.from({ length: 400 }, () => rng.normal(0.5, 0.2));
    const b = a.map((x) => x + rng.normal(0.05, 0.1));
    const c1 = compareModels(a, b, { rng: new Rng(3), resamples: 2000 });
    const c2 = compareModels(a, b, { rng: new Rng(3), resamples: 2000 });
    expect(c1.ci).toEqual(c2.ci);
    const se = c1.meanDifference / c1.tStatistic;
    const half = (c1.ci[1] - c1.ci[0]) / 2;
    expect(half / (1.96 * se)).toBeGreaterThan(0.9);
    expect(half / (1.96 * se)).toBeLessThan(1.1);
    expect(c1.pValue).toBeLessThan(1e-10);
  });

  it('drops NaN pairs, handles zero variance', () => {
    const c = compareModels([1, Number.NaN, 2], [1.5, 3, 2.5], { rng: new Rng(1), resamples: 50 });
    expect(c.n).toBe(2);
    expect(c.dropped).toBe(1);
    expect(c.tStatistic).toBe(Infinity);
    expect(c.pValue).toBe(0);
    expect(c.ci).toEqual([0.5, 0.5]);
    const same = compareModels([1, 2], [1, 2], { rng: new Rng(1), resamples: 10 });
    expect([same.tStatistic, same.pValue, same.lift]).toEqual([0, 1, 0]);
  });

  it('rejects bad options', () => {
    expect(() => compareModels([1], [1], { rng: new Rng(1), confidence: 1 })).toThrow(/confidence: must be in \(0, 1\)/);
    expect(() => compareModels([1], [1, 2], { rng: new Rng(1) })).toThrow(/b: lengths differ/);
  });
});
