import { ArgumentError } from '../errors.js';
import { FastRandom } from '../tensor/fast-random.js';
import type { Rng } from '../tensor/rng.js';
import type { Tensor } from '../tensor/tensor.js';
import { cached, expectShape } from './checks.js';
import type { Layer } from './layer.js';
import { Module } from './module.js';

export interface DropoutOptions {
  readonly rng: Rng;
}

/**
 * Inverted dropout: in training each element is zeroed with probability p and the
 * survivors are scaled by 1/(1 - p), so the expected output equals the input and
 * evaluation needs no rescaling. In eval mode (or with p = 0) it is the identity
 * and passes its input (and, backward, dy) through without copying.
 *
 * The mask comes from a xoshiro128** stream seeded from `rng`, 16 bits per element
 * (FastRandom.fillMask; a seedrandom double per element cost a quarter of a NeuMF step),
 * so p is resolved to 1/65536: a p below 2⁻¹⁶ still drops with probability 2⁻¹⁶.
 * Assign a fresh `Rng` with the same seed before a forward to replay a mask
 * (gradcheck does exactly that).
 */
export class Dropout extends Module implements Layer {
  private source: Rng;
  private random: FastRandom;
  private mask: Tensor | null = null;
  /** null before the first forward; true when that forward was the identity. */
  private passThrough: boolean | null = null;

  constructor(
    readonly p: number,
    options: DropoutOptions,
  ) {
    super();
    if (!(p >= 0 && p < 1)) throw new ArgumentError('Dropout: p', `must be in [0, 1), got ${p}`);
    this.source = options.rng;
    this.random = new FastRandom(options.rng);
  }

  get rng(): Rng {
    return this.source;
  }

  /** Reseeds the mask stream from `rng`. */
  set rng(rng: Rng) {
    this.source = rng;
    this.random = new FastRandom(rng);
  }

  forward(x: Tensor): Tensor {
    this.passThrough = !this.training || this.p === 0;
    if (this.passThrough) return x;
    const mask = this.buffer('mask', x.shape, x.dtype);
    this.random.fillMask(mask.data, this.p, 1 / (1 - this.p));
    const y = this.buffer('y', x.shape, x.dtype);
    this.kernels.mul(y, x, mask);
    this.mask = mask;
    return y;
  }

  // y = x ⊙ m with m ∈ {0, 1/(1-p)} fixed by the forward
  // dx = dy ⊙ m (identity in eval mode)
  backward(dy: Tensor): Tensor {
    if (cached('Dropout', this.passThrough)) return dy;
    const mask = cached('Dropout', this.mask);
    expectShape('Dropout', 'dy', dy, mask.shape);
    const dx = this.buffer('dx', dy.shape, dy.dtype);
    this.kernels.mul(dx, dy, mask);
    return dx;
  }
}
