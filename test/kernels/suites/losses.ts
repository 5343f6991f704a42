import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Tensor } from '../../../src/tensor/tensor.js';
import { dim, maxRelError, tensorOf } from '../../helpers/arbitraries.js';
import { refSigmoid } from '../reference.js';
import type { SuiteTarget } from './types.js';

const batch = fc.record({ n: dim(0, 20), weighted: fc.boolean() }).chain((s) =>
  fc.record({
    s: fc.constant(s),
    z: tensorOf([s.n], 'float32', 8),
    y: fc.array(fc.constantFrom(0, 1, 0.25), { minLength: s.n, maxLength: s.n }).map((v) => Tensor.fromFlat(v, [s.n])),
    w: fc.array(fc.double({ min: 0, max: 2, noNaN: true }), { minLength: s.n, maxLength: s.n }).map((v) => Tensor.fromFlat(v, [s.n])),
  }),
);

export function lossesSuite({ name, kernels: K, tol }: SuiteTarget): void {
  describe(`${name}: loss kernels`, () => {
    it('bceWithLogits matches -y log p - (1-y) log(1-p) and its gradient w (p - y)', () => {
      fc.assert(
        fc.property(batch, ({ s, z, y, w }) => {
          const weights = s.weighted ? w : null;
          const grad = Tensor.zeros([s.n]);
          const loss = K.bceWithLogits(grad, z, y, weights);
          let expected = 0;
          const eGrad: number[] = [];
          for (let i = 0; i < s.n; i++) {
            const p = refSigmoid(z.data[i]!);
            const wi = weights ? w.data[i]! : 1;
            expected += wi * -(y.data[i]! * Math.log(p) + (1 - y.data[i]!) * Math.log(1 - p));
            eGrad.push(wi * (p - y.data[i]!));
          }
          expect(maxRelError([loss], [expected])).toBeLessThan(tol * 10);
          expect(maxRelError(grad.data, eGrad)).toBeLessThan(tol);
        }),
      );
    });

    it('bceWithLogits is finite for logits of magnitude 100', () => {
      const grad = Tensor.zeros([4]);
      const loss = K.bceWithLogits(grad, Tensor.from([100, -100, 100, -100]), Tensor.from([0, 1, 1, 0]));
      expect(loss).toBeCloseTo(200, 3);
      expect(Array.from(grad.data).map((g, i) => Math.abs(g - [1, -1, 0, 0][i]!))).toEqual([0, 0, 0, expect.any(Number)]);
      expect(Math.abs(grad.data[3]!)).toBeLessThan(1e-30);
    });

    it('mse matches the sum of weighted squared errors and its gradient', () => {
      fc.assert(
        fc.property(batch, ({ s, z, y, w }) => {
          const weights = s.weighted ? w : null;
          const grad = Tensor.zeros([s.n]);
          const loss = K.mse(grad, z, y, weights);
          let expected = 0;
          const eGrad: number[] = [];
          for (let i = 0; i < s.n; i++) {
            const d = z.data[i]! - y.data[i]!;
            const wi = weights ? w.data[i]! : 1;
            expected += wi * d * d;
            eGrad.push(2 * wi * d);
          }
          expect(maxRelError([loss], [expected])).toBeLessThan(tol * 10);
          expect(maxRelError(grad.data, eGrad)).toBeLessThan(tol);
          expect(K.mse(null, z, y, weights)).toBe(loss);
        }),
      );
    });
  });
}
