import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logGamma, regularizedIncompleteBeta, studentTCdf, studentTTwoSidedP } from '../../src/metrics/index.js';

// Closed forms of the t CDF for small df (Abramowitz & Stegun 26.7.3-4).
const closed: Record<number, (t: number) => number> = {
  1: (t) => 0.5 + Math.atan(t) / Math.PI,
  2: (t) => 0.5 + t / (2 * Math.sqrt(2 + t * t)),
  3: (t) => 0.5 + (t / (Math.sqrt(3) * (1 + (t * t) / 3)) + Math.atan(t / Math.sqrt(3))) / Math.PI,
  4: (t) => 0.5 + ((3 / 8) * t / Math.sqrt(1 + (t * t) / 4)) * (1 - (t * t) / (12 * (1 + (t * t) / 4))),
};

describe('Student t distribution', () => {
  it('logGamma at known points', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(logGamma(0.1)).toBeCloseTo(Math.log(9.513507698668732), 12);
  });

  it('incomplete beta closed forms: I_x(a, 1) = x^a, I_x(1, b) = 1 - (1 - x)^b', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.1, max: 20, noNaN: true }), (x, a) => {
        expect(regularizedIncompleteBeta(x, a, 1)).toBeCloseTo(x ** a, 10);
        expect(regularizedIncompleteBeta(x, 1, a)).toBeCloseTo(1 - (1 - x) ** a, 10);
        // Symmetry, where 1 - x is still representable distinctly from 1.
        const y = Math.min(Math.max(x, 1e-6), 1 - 1e-6);
        expect(regularizedIncompleteBeta(y, a, 2.5) + regularizedIncompleteBeta(1 - y, 2.5, a)).toBeCloseTo(1, 10);
      }),
    );
    expect(() => regularizedIncompleteBeta(1.5, 1, 1)).toThrow(/x: must be in \[0, 1\]/);
  });

  it('matches the closed-form CDFs for df = 1..4', () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 50, noNaN: true }), fc.integer({ min: 1, max: 4 }), (t, df) => {
        expect(studentTCdf(t, df)).toBeCloseTo(closed[df]!(t), 10);
      }),
    );
  });

  it('table values and the normal limit', () => {
    expect(studentTTwoSidedP(2.228138851986273, 10)).toBeCloseTo(0.05, 8);
    expect(studentTTwoSidedP(2.0859634472658644, 20)).toBeCloseTo(0.05, 8);
    expect(studentTTwoSidedP(1.959963984540054, 1e9)).toBeCloseTo(0.05, 6);
    expect(studentTTwoSidedP(0, 7)).toBe(1);
    expect(studentTTwoSidedP(Infinity, 7)).toBe(0);
    // Far tail keeps relative precision (no 1 - F cancellation): P(|T| > 40) at df = 30 is ~1e-27.
    expect(studentTTwoSidedP(40, 30)).toBeGreaterThan(0);
    expect(studentTTwoSidedP(40, 30)).toBeLessThan(1e-20);
  });
});
