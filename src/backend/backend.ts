import type { KernelSet } from '../../kernels/index.js';
import type { DType, Tensor } from '../tensor/tensor.js';

export type BackendName = 'cpu' | 'gpu';

/** What actually runs, as opposed to what was asked for. */
export interface BackendDescription {
  readonly name: BackendName;
  /**
   * For the GPU backend, the gpu.js mode in use (headlessgl, webgl2, webasm...); on
   * the CPU, 'wasm-simd' where its float32 kernels run WebAssembly SIMD, else 'js'.
   */
  readonly mode: string;
  /** Why this mode was chosen, fallbacks taken, thresholds in force. */
  readonly notes: readonly string[];
}

/** A kernel set plus allocation. Layers and models talk to kernels only through one of these. */
export interface Backend {
  readonly name: BackendName;
  readonly kernels: KernelSet;
  zeros(shape: readonly number[], dtype?: DType): Tensor;
  describe(): BackendDescription;
  /** Frees device resources (GPU contexts); a no-op on the CPU. */
  dispose(): void;
}
