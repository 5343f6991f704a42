import { describe, expect, it } from 'vitest';
import { cpuKernels } from '../../kernels/cpu/index.js';
import { Parameter, SparseRowGrad } from '../../src/layers/parameter.js';
import { clipGradNorm } from '../../src/optim/clip.js';
import { Tensor } from '../../src/tensor/tensor.js';

describe('clipGradNorm', () => {
  it('scales dense and sparse gradients together to the max norm', () => {
    const dense = new Parameter(Tensor.zeros([2], 'float64'));
    (dense.grad as Tensor).data.set([3, 0]);
    const sparse = new Parameter(Tensor.zeros([5, 1], 'float64'), true);
    (sparse.grad as SparseRowGrad).accumulate(Int32Array.from([4]), Tensor.from([[4]], 'float64'), cpuKernels);
    expect(clipGradNorm([dense, sparse], 1)).toBeCloseTo(5);
    expect((dense.grad as Tensor).data[0]).toBeCloseTo(0.6, 12);
    expect((sparse.grad as SparseRowGrad).values.data[0]).toBeCloseTo(0.8);
  });

  it('leaves gradients under the limit alone', () => {
    const p = new Parameter(Tensor.zeros([2], 'float64'));
    (p.grad as Tensor).data.set([0.3, 0.4]);
    expect(clipGradNorm([p], 1)).toBeCloseTo(0.5);
    expect(Array.from((p.grad as Tensor).data)).toEqual([0.3, 0.4]);
    expect(() => clipGradNorm([p], 0)).toThrow(/maxNorm/);
  });
});
