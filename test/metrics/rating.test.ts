import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { mae, rmse } from '../../src/metrics/index.js';

describe('rmse and mae', () => {
  it('hand-computed', () => {
    expect(rmse([1, 2, 3], [1, 1, 5])).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(mae([1, 2, 3], [1, 1, 5])).toBeCloseTo(1, 12);
    expect(rmse(new Float32Array([4]), new Float64Array([4]))).toBe(0);
  });

  it('NaN on empty input; errors on mismatch or non-finite predictions', () => {
    expect(rmse([], [])).toBeNaN();
    expect(() => mae([1], [1, 2])).toThrow(/targets: lengths differ: 1 vs 2/);
    expect(() => rmse([1, Number.NaN], [1, 2])).toThrow(/^predictions: prediction 1 is NaN$/);
    expect(() => mae([-Infinity], [1])).toThrow(/^predictions: prediction 0 is -Infinity$/);
  });

  it('rejects NaN and infinite targets alike, naming the index', () => {
    for (const f of [rmse, mae]) {
      expect(() => f([1, 2], [1, Number.NaN])).toThrow(ArgumentError);
      expect(() => f([1, 2, 3], [1, 2, Number.NaN])).toThrow('targets: target 2 is NaN');
      expect(() => f(new Float32Array([1]), new Float64Array([Number.NaN]))).toThrow(/^targets: target 0 is NaN$/);
      expect(() => f([1, 2], [1, Infinity])).toThrow(/^targets: target 1 is Infinity$/);
      expect(() => f(new Float32Array([1]), new Float32Array([-Infinity]))).toThrow(/^targets: target 0 is -Infinity/);
    }
  });
});
