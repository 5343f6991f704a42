import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Tensor } from '../../../src/tensor/tensor.js';
import { ShapeError } from '../../../src/errors.js';
import { dim, maxRelError, tensorOf } from '../../helpers/arbitraries.js';
import { refMatmul, toMat, transpose } from '../reference.js';
import type { SuiteTarget } from './types.js';

const stored = (rows: number, cols: number, trans: boolean): number[] => (trans ? [cols, rows] : [rows, cols]);

export function matmulSuite({ name, kernels: K, tol }: SuiteTarget): void {
  describe(`${name}: matmul`, () => {
    it('matches the naive product for every transpose case and shape (edges included)', () => {
      const arb = fc
        .record({ m: dim(0, 11), k: dim(0, 11), n: dim(0, 11), ta: fc.boolean(), tb: fc.boolean(), acc: fc.boolean() })
        .chain((d) =>
          fc.record({
            d: fc.constant(d),
            a: tensorOf(stored(d.m, d.k, d.ta)),
            b: tensorOf(stored(d.k, d.n, d.tb)),
            c0: tensorOf([d.m, d.n]),
          }),
        );
      fc.assert(
        fc.property(arb, ({ d, a, b, c0 }) => {
          const am = d.ta ? transpose(toMat(a.data, d.k, d.m), d.m) : toMat(a.data, d.m, d.k);
          const bm = d.tb ? transpose(toMat(b.data, d.n, d.k), d.k) : toMat(b.data, d.k, d.n);
          const expected = refMatmul(am, bm, d.m, d.k, d.n).map((v, i) => (d.acc ? v + c0.data[i]! : v));
          const out = c0.clone();
          K.matmul(out, a, b, d.ta, d.tb, d.acc);
          expect(maxRelError(out.data, expected)).toBeLessThan(tol);
        }),
      );
    });

    it('handles a shape larger than one column panel', () => {
      const a = Tensor.fromFlat(Array.from({ length: 5 * 3 }, (_, i) => (i % 7) - 3), [5, 3]);
      const b = Tensor.fromFlat(Array.from({ length: 3 * 301 }, (_, i) => (i % 5) - 2), [3, 301]);
      const out = Tensor.zeros([5, 301]);
      K.matmul(out, a, b);
      const expected = refMatmul(toMat(a.data, 5, 3), toMat(b.data, 3, 301), 5, 3, 301);
      expect(maxRelError(out.data, expected)).toBeLessThan(tol);
    });

    it('batchMatmul runs one independent product per batch entry', () => {
      const arb = fc
        .record({ t: dim(0, 4), m: dim(1, 6), k: dim(0, 6), n: dim(1, 6), ta: fc.boolean(), tb: fc.boolean() })
        .chain((d) =>
          fc.record({
            d: fc.constant(d),
            a: tensorOf([d.t, ...stored(d.m, d.k, d.ta)]),
            b: tensorOf([d.t, ...stored(d.k, d.n, d.tb)]),
          }),
        );
      fc.assert(
        fc.property(arb, ({ d, a, b }) => {
          const out = Tensor.zeros([d.t, d.m, d.n]);
          K.batchMatmul(out, a, b, d.ta, d.tb);
          const expected: number[] = [];
          for (let t = 0; t < d.t; t++) {
            const at = a.data.subarray(t * d.m * d.k, (t + 1) * d.m * d.k);
            const bt = b.data.subarray(t * d.k * d.n, (t + 1) * d.k * d.n);
            const am = d.ta ? transpose(toMat(at, d.k, d.m), d.m) : toMat(at, d.m, d.k);
            const bm = d.tb ? transpose(toMat(bt, d.n, d.k), d.k) : toMat(bt, d.k, d.n);
            expected.push(...refMatmul(am, bm, d.m, d.k, d.n));
          }
          expect(maxRelError(out.data, expected)).toBeLessThan(tol);
        }),
      );
    });

    it('rejects mismatched inner dimensions with a ShapeError', () => {
      expect(() => K.matmul(Tensor.zeros([2, 2]), Tensor.zeros([2, 3]), Tensor.zeros([4, 2]))).toThrow(ShapeError);
      expect(() => K.matmul(Tensor.zeros([2, 3]), Tensor.zeros([2, 3]), Tensor.zeros([3, 2]))).toThrow(/out is \[2, 3\]/);
    });
  });
}

export function scoreUsersSuite({ name, kernels: K, tol }: SuiteTarget): void {
  describe(`${name}: scoreUsers`, () => {
    it('scores every user row against every item row (users · itemsᵀ)', () => {
      const arb = fc
        .record({ n: dim(0, 6), m: dim(0, 12), d: dim(1, 9) })
        .chain((s) => fc.record({ s: fc.constant(s), u: tensorOf([s.n, s.d]), v: tensorOf([s.m, s.d]) }));
      fc.assert(
        fc.property(arb, ({ s, u, v }) => {
          const out = Tensor.zeros([s.n, s.m]);
          K.scoreUsers(out, u, v);
          const expected = refMatmul(toMat(u.data, s.n, s.d), transpose(toMat(v.data, s.m, s.d), s.d), s.n, s.d, s.m);
          expect(maxRelError(out.data, expected)).toBeLessThan(tol);
        }),
      );
    });
  });
}
