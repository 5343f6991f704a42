import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ShapeError } from '../../../src/errors.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { dim, maxRelError, tensorOf, value } from '../../helpers/arbitraries.js';
import type { SuiteTarget } from './types.js';

const pair = fc
  .record({ n: dim(0, 7), m: dim(0, 7) })
  .chain(({ n, m }) => fc.record({ a: tensorOf([n, m]), b: tensorOf([n, m]), v: tensorOf([m]), s: value() }));

export function elementwiseSuite({ name, kernels: K, tol }: SuiteTarget): void {
  describe(`${name}: element-wise`, () => {
    it('add, sub, mul, scale, axpy, fill, addRowVector and scaleRows match their definitions', () => {
      fc.assert(
        fc.property(pair, ({ a, b, v, s }) => {
          const f = Tensor.fromFlat(Array.from({ length: a.rows }, (_, i) => s + i - 2), [a.rows]);
          const scaled = Tensor.zeros(a.shape);
          K.scaleRows(scaled, a, f);
          expect(maxRelError(scaled.data, Array.from(a.data, (x, i) => f.data[Math.floor(i / Math.max(1, a.cols))]! * x))).toBeLessThan(tol);
          const out = Tensor.zeros(a.shape);
          const A = Array.from(a.data), B = Array.from(b.data);
          K.add(out, a, b);
          expect(maxRelError(out.data, A.map((x, i) => x + B[i]!))).toBeLessThan(tol);
          K.sub(out, a, b);
          expect(maxRelError(out.data, A.map((x, i) => x - B[i]!))).toBeLessThan(tol);
          K.mul(out, a, b);
          expect(maxRelError(out.data, A.map((x, i) => x * B[i]!))).toBeLessThan(tol);
          K.scale(out, a, s);
          expect(maxRelError(out.data, A.map((x) => s * x))).toBeLessThan(tol);
          const y = b.clone();
          K.axpy(y, s, a);
          expect(maxRelError(y.data, B.map((x, i) => x + s * A[i]!))).toBeLessThan(tol);
          K.fill(out, s);
          expect(maxRelError(out.data, A.map(() => s))).toBeLessThan(tol);
          K.addRowVector(out, a, v);
          const m = v.size;
          expect(maxRelError(out.data, A.map((x, i) => x + v.data[i % Math.max(1, m)]!))).toBeLessThan(tol);
        }),
      );
    });

    it('rejects operands of different sizes', () => {
      expect(() => K.add(Tensor.zeros([2]), Tensor.zeros([2]), Tensor.zeros([3]))).toThrow(ShapeError);
      expect(() => K.addRowVector(Tensor.zeros([2, 3]), Tensor.zeros([2, 3]), Tensor.zeros([2]))).toThrow(ShapeError);
      expect(() => K.scaleRows(Tensor.zeros([2, 3]), Tensor.zeros([2, 3]), Tensor.zeros([3]))).toThrow(/scaleRows: scales \[3\] do not match the 2 rows/);
    });
  });
}
