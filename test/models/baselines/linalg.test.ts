import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../../src/errors.js';
import { spdInverse } from '../../../src/models/baselines/linalg.js';

describe('spdInverse', () => {
  it('A · A⁻¹ = I for random symmetric positive-definite A = MᵀM + εI', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: n * n, maxLength: n * n }))),
        ([n, m]) => {
          const a = new Float64Array(n * n);
          for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
            let s = i === j ? 0.5 : 0;
            for (let k = 0; k < n; k++) s += m[k * n + i]! * m[k * n + j]!;
            a[i * n + j] = s;
          }
          const inv = spdInverse(a, n);
          for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
            let s = 0;
            for (let k = 0; k < n; k++) s += a[i * n + k]! * inv[k * n + j]!;
            expect(Math.abs(s - (i === j ? 1 : 0))).toBeLessThan(1e-8);
          }
          // The input is left alone and the inverse is symmetric.
          for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(inv[i * n + j]).toBe(inv[j * n + i]);
        },
      ),
    );
  });

  it('hand-computed 2x2: [[4, 2], [2, 3]]⁻¹ = [[3, -2], [-2, 4]] / 8', () => {
    const inv = spdInverse(Float64Array.of(4, 2, 2, 3), 2);
    [3 / 8, -2 / 8, -2 / 8, 4 / 8].forEach((v, k) => expect(inv[k]).toBeCloseTo(v, 14));
  });

  it('a matrix that is not positive definite throws an ArgumentError naming the pivot', () => {
    expect(() => spdInverse(Float64Array.of(1, 2, 2, 1), 2)).toThrow(ArgumentError);
    expect(() => spdInverse(Float64Array.of(1, 2, 2, 1), 2)).toThrow(/not positive definite \(pivot 1 is -3\)/);
  });
});
