import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { Rng } from '../../src/tensor/rng.js';

describe('Rng', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = new Rng(7), b = new Rng(7), c = new Rng(8);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('pins the stream so it is the same on every platform', () => {
    const r = new Rng(42);
    expect(r.next()).toMatchInlineSnapshot(`0.6848634964661496`);
    expect(r.int(1000)).toMatchInlineSnapshot(`845`);
  });

  it('normal() has mean 0 and variance 1', () => {
    const r = new Rng(1);
    const n = 20000;
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.05);
  });

  it('int() stays in range and covers it', () => {
    const r = new Rng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const v = r.int(7);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(7);
      seen.add(v);
    }
    expect(seen.size).toBe(7);
  });

  it('shuffle and permutation keep every element once', () => {
    const r = new Rng(5);
    const p = r.permutation(50);
    expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('sampleWithoutReplacement gives k distinct values in range, both algorithms', () => {
    const r = new Rng(9);
    for (const [n, k] of [[1000, 10], [10, 9], [5, 0], [5, 5]] as const) {
      const s = Array.from(r.sampleWithoutReplacement(n, k));
      expect(s).toHaveLength(k);
      expect(new Set(s).size).toBe(k);
      expect(s.every((v) => v >= 0 && v < n)).toBe(true);
    }
    expect(() => r.sampleWithoutReplacement(3, 4)).toThrow('k: sampleWithoutReplacement needs an integer 0 <= k <= n = 3, got 4');
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY, 10.5, -1, 2 ** 31]) {
      expect(() => r.sampleWithoutReplacement(n, 2)).toThrow(ArgumentError);
      expect(() => r.sampleWithoutReplacement(n, 2)).toThrow(`n: sampleWithoutReplacement needs an integer n in [0, 2^31), got ${n}`);
    }
  });
});
