import { ArgumentError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { cached, expectShape } from './checks.js';
import type { Layer } from './layer.js';
import { Module } from './module.js';

/**
 * Element-wise activations. Each caches its output y, which is all its backward
 * reads (ReLU: y > 0 exactly when x > 0; sigmoid' = y(1 - y); tanh' = 1 - y²).
 * They hold no parameters and compute in the dtype of their input.
 */
abstract class Activation extends Module implements Layer {
  private y: Tensor | null = null;

  protected abstract apply(y: Tensor, x: Tensor): void;
  protected abstract applyBackward(dx: Tensor, y: Tensor, dy: Tensor): void;

  forward(x: Tensor): Tensor {
    const y = this.buffer('y', x.shape, x.dtype);
    this.apply(y, x);
    this.y = y;
    return y;
  }

  backward(dy: Tensor): Tensor {
    const y = cached(this.constructor.name, this.y);
    expectShape(this.constructor.name, 'dy', dy, y.shape);
    const dx = this.buffer('dx', y.shape, y.dtype);
    this.applyBackward(dx, y, dy);
    return dx;
  }
}

/** y = max(x, 0). */
export class ReLU extends Activation {
  protected apply(y: Tensor, x: Tensor): void {
    this.kernels.relu(y, x);
  }

  // dx = dy · [x > 0] = dy · [y > 0]
  // (at x = 0 exactly we take the subgradient 0)
  protected applyBackward(dx: Tensor, y: Tensor, dy: Tensor): void {
    this.kernels.reluBackward(dx, y, dy);
  }
}

/** y = x for x > 0, slope · x otherwise. */
export class LeakyReLU extends Activation {
  constructor(readonly slope = 0.01) {
    super();
    // The backward reads the sign of y, which equals the sign of x only for slope >= 0.
    if (!(slope >= 0 && Number.isFinite(slope))) throw new ArgumentError('LeakyReLU: slope', `must be finite and >= 0, got ${slope}`);
  }

  protected apply(y: Tensor, x: Tensor): void {
    this.kernels.leakyRelu(y, x, this.slope);
  }

  // dx = dy for y > 0, slope · dy otherwise
  // (y > 0 exactly when x > 0 since slope >= 0)
  protected applyBackward(dx: Tensor, y: Tensor, dy: Tensor): void {
    this.kernels.leakyReluBackward(dx, y, dy, this.slope);
  }
}

/** y = 1 / (1 + e^-x), computed without overflow. */
export class Sigmoid extends Activation {
  protected apply(y: Tensor, x: Tensor): void {
    this.kernels.sigmoid(y, x);
  }

  // dy/dx = σ(x)(1 - σ(x)) = y (1 - y)
  // dx = dy · y (1 - y)
  protected applyBackward(dx: Tensor, y: Tensor, dy: Tensor): void {
    this.kernels.sigmoidBackward(dx, y, dy);
  }
}

/** y = tanh(x). */
export class Tanh extends Activation {
  protected apply(y: Tensor, x: Tensor): void {
    this.kernels.tanh(y, x);
  }

  // dy/dx = 1 - tanh²(x) = 1 - y²
  // dx = dy · (1 - y²)
  protected applyBackward(dx: Tensor, y: Tensor, dy: Tensor): void {
    this.kernels.tanhBackward(dx, y, dy);
  }
}
