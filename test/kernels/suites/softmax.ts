import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ShapeError } from '../../../src/errors.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { dim, maxRelError, tensorOf } from '../../helpers/arbitraries.js';
import { refSoftmax } from '../reference.js';
import type { SuiteTarget } from './types.js';

const rows = fc
  .record({ n: dim(0, 6), m: dim(1, 9), beta: fc.constantFrom(1, 0.5, 0.8), masked: fc.boolean() })
  .chain((s) =>
    fc.record({
      s: fc.constant(s),
      x: tensorOf([s.n, s.m], 'float32', 6),
      dy: tensorOf([s.n, s.m]),
      lengths: fc.array(fc.integer({ min: 0, max: s.m }), { minLength: s.n, maxLength: s.n }).map((l) => Int32Array.from(l)),
    }),
  );

export function softmaxSuite({ name, kernels: K, tol }: SuiteTarget): void {
  describe(`${name}: masked row softmax`, () => {
    it('a row whose valid logits are all -Infinity is zeros (not NaN), forward and backward; other rows are untouched', () => {
      for (const beta of [1, 0.5]) {
        const x = Tensor.from([[-Infinity, -Infinity, 5], [1, 2, 3]]);
        const y = Tensor.zeros([2, 3]);
        K.softmaxRows(y, x, Int32Array.of(2, 3), beta);
        expect(Array.from(y.data.subarray(0, 3))).toEqual([0, 0, 0]);
        const z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        Array.from(y.data.subarray(3)).forEach((v, j) => expect(Math.abs(v - Math.exp(j + 1) / z ** beta)).toBeLessThan(tol));
        const dx = Tensor.zeros([2, 3]);
        K.softmaxRowsBackward(dx, y, Tensor.from([[1, 2, 3], [1, 0, 0]]), Int32Array.of(2, 3), beta);
        expect(Array.from(dx.data.subarray(0, 3))).toEqual([0, 0, 0]);
      }
    });

    it('keeps the normaliser for huge logits: a tie at ±1e17 is [0.5, 0.5], not [1, 1]', () => {
      // max + log(sum) rounds to max once |max| dwarfs log(2); subtracting max first keeps it.
      const x = Tensor.from([[1e17, 1e17], [-1e17, -1e17], [1e17, 0]]);
      const y = Tensor.zeros([3, 2]);
      K.softmaxRows(y, x, null, 1);
      expect(Array.from(y.data)).toEqual([0.5, 0.5, 0.5, 0.5, 1, 0]);
    });

    it('matches the reference, gives masked slots exactly 0, and its backward matches the Jacobian', () => {
      fc.assert(
        fc.property(rows, ({ s, x, dy, lengths }) => {
          const lens = s.masked ? lengths : null;
          const y = Tensor.zeros(x.shape);
          K.softmaxRows(y, x, lens, s.beta);
          const expected: number[] = [];
          const expectedDx: number[] = [];
          for (let r = 0; r < s.n; r++) {
            const row = Array.from(x.data.subarray(r * s.m, (r + 1) * s.m));
            const len = lens ? lens[r]! : s.m;
            const yr = refSoftmax(row, len, s.beta);
            expected.push(...yr);
            // Jacobian: dy_j/dx_k = y_j (δ_jk - beta p_k), p = plain softmax.
            const p = refSoftmax(row, len, 1);
            const g = Array.from(dy.data.subarray(r * s.m, (r + 1) * s.m));
            for (let k = 0; k < s.m; k++) {
              let acc = 0;
              for (let j = 0; j < len; j++) acc += g[j]! * yr[j]! * ((j === k ? 1 : 0) - s.beta * p[k]!);
              expectedDx.push(k < len ? acc : 0);
            }
          }
          expect(maxRelError(y.data, expected)).toBeLessThan(tol);
          for (let r = 0; r < s.n; r++) {
            for (let j = lens ? lens[r]! : s.m; j < s.m; j++) expect(y.data[r * s.m + j]).toBe(0);
          }
          const dx = Tensor.zeros(x.shape);
          K.softmaxRowsBackward(dx, y, dy, lens, s.beta);
          expect(maxRelError(dx.data, expectedDx)).toBeLessThan(tol * 10);
        }),
      );
    });

    it('a fully masked row gives zeros (not NaN) forward and backward', () => {
      const y = Tensor.zeros([2, 3]);
      const lengths = Int32Array.from([0, 3]);
      K.softmaxRows(y, Tensor.from([[1, 2, 3], [0, 0, 0]]), lengths);
      expect(Array.from(y.data.subarray(0, 3))).toEqual([0, 0, 0]);
      const dx = Tensor.zeros([2, 3]);
      K.softmaxRowsBackward(dx, y, Tensor.ones([2, 3]), lengths);
      expect(Array.from(dx.data).every((v) => v === 0 || Math.abs(v) < 1e-7)).toBe(true);
    });

    it('a row of finite logits near the float32 minimum is a real softmax, not zeros', () => {
      // -3.3e38 and -3.2e38 are finite float32 values below any seed above -FLT_MAX:
      // the row max must come from the logits themselves. Their gap (1e37) makes the
      // softmax exactly [0, 1]; with beta = 0.5 both outputs underflow to 0.
      const x = Tensor.from([[-3.3e38, -3.2e38, 7], [-3.4028234663852886e38, -3.2e38, 0]]);
      for (const [beta, want] of [[1, [0, 1]], [0.5, [0, 0]]] as const) {
        const y = Tensor.zeros([2, 3]);
        K.softmaxRows(y, x, Int32Array.of(2, 2), beta);
        expect(Array.from(y.data)).toEqual([...want, 0, ...want, 0]);
      }
    });

    it('stays finite for extreme scores', () => {
      const y = Tensor.zeros([1, 3]);
      K.softmaxRows(y, Tensor.from([[1000, -1000, 999]]), null);
      expect(Array.from(y.data).every(Number.isFinite)).toBe(true);
      expect(y.data[0]! + y.data[2]!).toBeCloseTo(1, 5);
    });

    it('rejects a length beyond the row', () => {
      expect(() => K.softmaxRows(Tensor.zeros([1, 2]), Tensor.zeros([1, 2]), Int32Array.from([3]))).toThrow(ShapeError);
    });
  });
}
