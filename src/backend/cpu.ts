import { cpuKernels } from '../../kernels/cpu/index.js';
import { simdElementwise } from '../../kernels/cpu/wasm/elementwise.js';
import { Tensor, type DType } from '../tensor/tensor.js';
import type { Backend, BackendDescription } from './backend.js';

export class CpuBackend implements Backend {
  readonly name = 'cpu' as const;
  readonly kernels = cpuKernels;

  zeros(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return Tensor.zeros(shape, dtype);
  }

  describe(): BackendDescription {
    const simd = simdElementwise() !== null;
    return {
      name: 'cpu',
      mode: simd ? 'wasm-simd' : 'js',
      notes: [
        simd
          ? 'float32 kernels run WebAssembly SIMD loops assembled at load time (kernels/cpu/wasm); float64 and small calls run JavaScript loops'
          : 'WebAssembly SIMD is unavailable here: every kernel runs its JavaScript loop',
        'single-threaded',
      ],
    };
  }

  dispose(): void {}
}

export const cpuBackend = new CpuBackend();
