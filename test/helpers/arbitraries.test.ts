import { describe, expect, it } from 'vitest';
import { maxRelError } from './arbitraries.js';

describe('maxRelError', () => {
  it('measures the worst relative error, absolute below magnitude 1', () => {
    expect(maxRelError([1, 2.2, 100], [1, 2, 110])).toBeCloseTo(0.1, 12);
    expect(maxRelError([0.5], [0.25])).toBe(0.25);
    expect(maxRelError([], [])).toBe(0);
  });

  it('a NaN error is never hidden by a later finite one', () => {
    expect(maxRelError([3.4e38, 1.0000001], [Infinity, 1])).toBe(Infinity);
    expect(maxRelError([-Infinity, 1.0000001], [Infinity, 1])).toBe(Infinity);
    expect(maxRelError([3.4e38], [Infinity])).toBe(Infinity);
    expect(maxRelError([Number.NaN, 1], [1, 1])).toBe(Infinity);
    expect(maxRelError([1, 1], [1, Number.NaN])).toBe(Infinity);
  });

  it('both NaN and equal infinities match', () => {
    expect(maxRelError([Number.NaN, Infinity, -Infinity, 1], [Number.NaN, Infinity, -Infinity, 1])).toBe(0);
  });

  it('different lengths are an infinite error, extra elements included', () => {
    expect(maxRelError([1, 2, 999], [1, 2])).toBe(Infinity);
    expect(maxRelError([1], [1, 2])).toBe(Infinity);
  });
});
