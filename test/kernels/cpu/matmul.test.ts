import { describe, expect, it } from 'vitest';
import { cpuKernels } from '../../../kernels/cpu/index.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { maxRelError } from '../../helpers/arbitraries.js';
import { refMatmul, toMat, transpose } from '../reference.js';
import { matmulSuite, scoreUsersSuite } from '../suites/matmul.js';

matmulSuite({ name: 'cpu', kernels: cpuKernels, tol: 1e-5 });
scoreUsersSuite({ name: 'cpu', kernels: cpuKernels, tol: 1e-5 });

describe('cpu: batchMatmul above the tiny-product loop (packed and SIMD paths)', () => {
  it.each([
    [3, 9, 9, 9, false, false],
    [2, 12, 16, 10, true, false],
    [2, 8, 20, 9, false, true],
  ] as const)('batch %i of %ix%ix%i (transA %s, transB %s) matches the reference', (t, m, k, n, ta, tb) => {
    const fill = (size: number, seed: number): number[] => Array.from({ length: size }, (_, i) => ((i * seed) % 13) - 6);
    const a = Tensor.fromFlat(fill(t * m * k, 7), [t, ...(ta ? [k, m] : [m, k])]);
    const b = Tensor.fromFlat(fill(t * k * n, 5), [t, ...(tb ? [n, k] : [k, n])]);
    for (const dtype of ['float32', 'float64'] as const) {
      const out = Tensor.zeros([t, m, n], dtype);
      cpuKernels.batchMatmul(out, a.cast(dtype), b.cast(dtype), ta, tb);
      const expected: number[] = [];
      for (let s = 0; s < t; s++) {
        const as = a.data.subarray(s * m * k, (s + 1) * m * k);
        const bs = b.data.subarray(s * k * n, (s + 1) * k * n);
        const am = ta ? transpose(toMat(as, k, m), m) : toMat(as, m, k);
        const bm = tb ? transpose(toMat(bs, n, k), k) : toMat(bs, k, n);
        expected.push(...refMatmul(am, bm, m, k, n));
      }
      expect(maxRelError(out.data, expected)).toBe(0);
    }
  });
});
