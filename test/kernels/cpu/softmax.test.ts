import { describe, expect, it } from 'vitest';
import { cpuKernels } from '../../../kernels/cpu/index.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { softmaxSuite } from '../suites/softmax.js';

softmaxSuite({ name: 'cpu', kernels: cpuKernels, tol: 1e-5 });

describe('cpu: softmax rows without a finite normaliser', () => {
  it('a row whose valid logits are all -Infinity is zeros (not NaN); other rows are untouched', () => {
    const x = Tensor.from([[-Infinity, -Infinity, 5], [1, 2, 3]], 'float64');
    const y = Tensor.zeros([2, 3], 'float64');
    cpuKernels.softmaxRows(y, x, Int32Array.of(2, 3));
    expect(Array.from(y.data.subarray(0, 3))).toEqual([0, 0, 0]);
    const z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    Array.from(y.data.subarray(3)).forEach((v, j) => expect(v).toBeCloseTo(Math.exp(j + 1) / z, 15));
    const dx = Tensor.zeros([2, 3], 'float64');
    cpuKernels.softmaxRowsBackward(dx, y, Tensor.from([[1, 2, 3], [1, 0, 0]], 'float64'), Int32Array.of(2, 3));
    expect(Array.from(dx.data.subarray(0, 3))).toEqual([0, 0, 0]);
  });
});
