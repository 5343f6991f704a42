import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../../src/errors.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { dim, idsWithDuplicates, maxRelError, tensorOf } from '../../helpers/arbitraries.js';
import type { SuiteTarget } from './types.js';

const tableAndIds = fc
  .record({ n: dim(1, 12), d: dim(0, 7), b: dim(0, 20) })
  .chain((s) => fc.record({ s: fc.constant(s), table: tensorOf([s.n, s.d]), idx: idsWithDuplicates(s.n, s.b), rows: tensorOf([s.b, s.d]) }));

export function gatherSuite({ name, kernels: K, tol }: SuiteTarget): void {
  describe(`${name}: gatherRows / scatterAddRows`, () => {
    it('gatherRows copies table[idx[r]] into row r, repeated ids included', () => {
      fc.assert(
        fc.property(tableAndIds, ({ s, table, idx }) => {
          const out = Tensor.zeros([s.b, s.d]);
          K.gatherRows(out, table, idx);
          const expected: number[] = [];
          for (const id of idx) for (let j = 0; j < s.d; j++) expected.push(table.data[id * s.d + j]!);
          expect(maxRelError(out.data, expected)).toBe(0);
        }),
      );
    });

    it('scatterAddRows accumulates every contribution of a repeated id', () => {
      fc.assert(
        fc.property(tableAndIds, ({ s, table, idx, rows }) => {
          const dst = table.clone();
          K.scatterAddRows(dst, idx, rows);
          const expected = Array.from(table.data);
          idx.forEach((id, r) => {
            for (let j = 0; j < s.d; j++) expected[id * s.d + j]! += rows.data[r * s.d + j]!;
          });
          expect(maxRelError(dst.data, expected)).toBeLessThan(tol);
        }),
      );
    });

    it('a batch of one id repeated three times adds three times', () => {
      const dst = Tensor.zeros([2, 2]);
      K.scatterAddRows(dst, Int32Array.from([1, 1, 1]), Tensor.from([[1, 2], [3, 4], [5, 6]]));
      expect(Array.from(dst.data)).toEqual([0, 0, 9, 12]);
    });

    it('an out-of-range id is an ArgumentError naming its position', () => {
      const table = Tensor.zeros([3, 2]);
      expect(() => K.gatherRows(Tensor.zeros([2, 2]), table, Int32Array.from([0, 3]))).toThrow(ArgumentError);
      expect(() => K.gatherRows(Tensor.zeros([2, 2]), table, Int32Array.from([0, 3]))).toThrow(/idx\[1\].*3/);
      expect(() => K.scatterAddRows(table, Int32Array.from([-1]), Tensor.zeros([1, 2]))).toThrow(ArgumentError);
    });
  });
}
