import { describe, expect, it } from 'vitest';
import { mae, rmse } from '../../src/metrics/index.js';

describe('rmse and mae', () => {
  it('hand-computed', () => {
    expect(rmse([1, 2, 3], [1, 1, 5])).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(mae([1, 2, 3], [1, 1, 5])).toBeCloseTo(1, 12);
    expect(rmse(new Float32Array([4]), new Float64Array([4]))).toBe(0);
  });

  it('NaN on empty input; errors on mismatch or NaN predictions', () => {
    expect(rmse([], [])).toBeNaN();
    expect(() => mae([1], [1, 2])).toThrow(/targets: lengths differ: 1 vs 2/);
    expect(() => rmse([1, Number.NaN], [1, 2])).toThrow(/predictions: prediction 1 is NaN/);
  });
});
