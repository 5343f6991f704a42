import { cpuKernels } from '../../kernels/cpu/index.js';
import { Tensor, type DType } from '../tensor/tensor.js';
import type { Backend, BackendDescription } from './backend.js';

export class CpuBackend implements Backend {
  readonly name = 'cpu' as const;
  readonly kernels = cpuKernels;

  zeros(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return Tensor.zeros(shape, dtype);
  }

  describe(): BackendDescription {
    return { name: 'cpu', mode: 'js', notes: ['single-threaded JavaScript kernels (kernels/cpu)'] };
  }

  dispose(): void {}
}

export const cpuBackend = new CpuBackend();
