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
    // Far tail keeps relative precision (no 1 - F cancellation): P(|T| > 40) at df = 30 is ~1.4e-27.
    // Reference, computed without logGamma or the continued fraction: P = I_x(a, 1/2) with
    // a = df/2 = 15, x = df / (df + t²), and integrating (1-u)^(-1/2) = Σ (1/2)_n / n! uⁿ term by term,
    //   I_x(a, 1/2) = x^a / (a B(a, 1/2)) · Σ_n (1/2)_n / n! · a / (a + n) · xⁿ,
    // where B(15, 1/2) = Γ(15) Γ(1/2) / Γ(15.5) = 14! / Π_{k=0..14} (k + 1/2) (the √π cancel).
    // x ≈ 0.018, so 40 terms are far past convergence. mpmath (30 digits,
    // betainc(15, 0.5, 0, 30/1630, regularized=True)) gives 1.37260451944064027871e-27.
    const a = 15;
    const x = 30 / (30 + 40 * 40);
    let beta = 1;
    for (let k = 1; k <= 14; k++) beta *= k;
    for (let k = 0; k <= 14; k++) beta /= k + 0.5;
    let series = 0;
    let coef = 1; // (1/2)_n / n!
    for (let n = 0; n < 40; n++) {
      series += ((coef * a) / (a + n)) * x ** n;
      coef *= (n + 0.5) / (n + 1);
    }
    const reference = (x ** a / (a * beta)) * series;
    expect(Math.abs(reference / 1.37260451944064027871e-27 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(studentTTwoSidedP(40, 30) / reference - 1)).toBeLessThan(1e-8);
  });
});
