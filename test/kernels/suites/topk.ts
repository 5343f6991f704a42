import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Tensor } from '../../../src/tensor/tensor.js';
import { dim } from '../../helpers/arbitraries.js';
import { refTopK } from '../reference.js';
import type { SuiteTarget } from './types.js';

// Few distinct values, so ties are common and the tie rule is exercised.
const scoresArb = fc.record({ n: dim(0, 5), m: dim(0, 15), k: dim(0, 18) }).chain((s) =>
  fc.record({
    s: fc.constant(s),
    values: fc.array(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constant(Number.NaN)), { minLength: s.n * s.m, maxLength: s.n * s.m }),
    excl: fc.array(fc.array(fc.integer({ min: 0, max: Math.max(0, s.m - 1) }), { maxLength: 5 }), { minLength: s.n, maxLength: s.n }),
    useExcl: fc.boolean(),
  }),
);

export function topKSuite({ name, kernels: K }: SuiteTarget): void {
  describe(`${name}: topK`, () => {
    it('selects the k best per row, ties to the lower index, skipping NaN and excluded columns', () => {
      fc.assert(
        fc.property(scoresArb, ({ s, values, excl, useExcl }) => {
          const scores = Tensor.fromFlat(values, [s.n, s.m]);
          const offsets = new Int32Array(s.n + 1);
          excl.forEach((e, r) => (offsets[r + 1] = offsets[r]! + e.length));
          const exclusions = { offsets, indices: Int32Array.from(excl.flat()) };
          const idx = new Int32Array(s.n * s.k);
          const sc = new Float32Array(s.n * s.k);
          K.topK(idx, sc, scores, s.k, useExcl ? exclusions : null);
          for (let r = 0; r < s.n; r++) {
            const row = values.slice(r * s.m, (r + 1) * s.m);
            const expected = refTopK(row, s.k, new Set(useExcl ? excl[r] : []));
            expect(Array.from(idx.subarray(r * s.k, (r + 1) * s.k))).toEqual(expected);
            expected.forEach((j, t) => expect(sc[r * s.k + t]).toBe(j < 0 ? -Infinity : row[j]));
          }
        }),
      );
    });

    it('works for a catalogue-sized row', () => {
      const m = 1682;
      const row = Array.from({ length: m }, (_, j) => Math.sin(j * 12.9898) * 43758.5453 % 1);
      const idx = new Int32Array(10);
      K.topK(idx, new Float64Array(10), Tensor.fromFlat(row, [1, m], 'float64'), 10);
      expect(Array.from(idx)).toEqual(refTopK(row, 10, new Set()));
    });
  });
}
