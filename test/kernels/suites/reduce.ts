import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Tensor } from '../../../src/tensor/tensor.js';
import { dim, maxRelError, tensorOf } from '../../helpers/arbitraries.js';
import type { SuiteTarget } from './types.js';

const mats = fc
  .record({ n: dim(0, 8), m: dim(0, 8), acc: fc.boolean() })
  .chain((s) => fc.record({ s: fc.constant(s), a: tensorOf([s.n, s.m]), b: tensorOf([s.n, s.m]), c0: tensorOf([s.m]) }));

export function reduceSuite({ name, kernels: K, tol }: SuiteTarget): void {
  describe(`${name}: reductions`, () => {
    it('sumRows, sumCols (with and without accumulation) and rowDot match plain sums', () => {
      fc.assert(
        fc.property(mats, ({ s, a, b, c0 }) => {
          const at = (i: number, j: number): number => a.data[i * s.m + j]!;
          const rows = Tensor.zeros([s.n]);
          K.sumRows(rows, a);
          const eRows = Array.from({ length: s.n }, (_, i) => Array.from({ length: s.m }, (_, j) => at(i, j)).reduce((x, y) => x + y, 0));
          expect(maxRelError(rows.data, eRows)).toBeLessThan(tol);

          const cols = c0.clone();
          K.sumCols(cols, a, s.acc);
          const eCols = Array.from({ length: s.m }, (_, j) => {
            let t = s.acc ? c0.data[j]! : 0;
            for (let i = 0; i < s.n; i++) t += at(i, j);
            return t;
          });
          expect(maxRelError(cols.data, eCols)).toBeLessThan(tol);

          const dots = Tensor.zeros([s.n]);
          K.rowDot(dots, a, b);
          const eDots = Array.from({ length: s.n }, (_, i) => {
            let t = 0;
            for (let j = 0; j < s.m; j++) t += at(i, j) * b.data[i * s.m + j]!;
            return t;
          });
          expect(maxRelError(dots.data, eDots)).toBeLessThan(tol);
        }),
      );
    });
  });
}
