import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ShapeError } from '../../../src/errors.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { dim, tensorOf } from '../../helpers/arbitraries.js';
import type { SuiteTarget } from './types.js';

export function concatSuite({ name, kernels: K }: SuiteTarget): void {
  describe(`${name}: concatCols / splitCols`, () => {
    it('concatenates column blocks and splits them back exactly', () => {
      const arb = fc
        .record({ n: dim(0, 6), widths: fc.array(dim(0, 5), { minLength: 1, maxLength: 4 }) })
        .chain(({ n, widths }) => fc.record({ n: fc.constant(n), parts: fc.tuple(...widths.map((w) => tensorOf([n, w]))) }));
      fc.assert(
        fc.property(arb, ({ n, parts }) => {
          const width = parts.reduce((s, p) => s + p.cols, 0);
          const out = Tensor.zeros([n, width]);
          K.concatCols(out, parts);
          for (let i = 0; i < n; i++) {
            const expected = parts.flatMap((p) => Array.from(p.data.subarray(i * p.cols, (i + 1) * p.cols)));
            expect(Array.from(out.data.subarray(i * width, (i + 1) * width))).toEqual(expected);
          }
          const back = parts.map((p) => Tensor.zeros(p.shape));
          K.splitCols(back, out);
          back.forEach((b, p) => expect(Array.from(b.data)).toEqual(Array.from(parts[p]!.data)));
        }),
      );
    });

    it('rejects parts whose widths do not add up', () => {
      expect(() => K.concatCols(Tensor.zeros([2, 5]), [Tensor.zeros([2, 2]), Tensor.zeros([2, 2])])).toThrow(ShapeError);
    });
  });
}
