import type { Tensor } from '../tensor/tensor.js';

/**
 * A tensor-in, tensor-out layer. `forward` caches what `backward` needs;
 * `backward(dy)` adds into parameter gradients and returns dL/dx. Both return
 * buffers the layer owns: valid until its next forward (or backward).
 */
export interface Layer {
  forward(x: Tensor): Tensor;
  backward(dy: Tensor): Tensor;
}
