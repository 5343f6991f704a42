import type { Tensor } from '../tensor/tensor.js';
import { cached, expectShape } from './checks.js';
import { Module } from './module.js';

/** y = a ⊙ b, element-wise (the GMF interaction of NCF). */
export class Multiply extends Module {
  private a: Tensor | null = null;
  private b: Tensor | null = null;

  forward(a: Tensor, b: Tensor): Tensor {
    expectShape('Multiply', 'b', b, a.shape);
    const y = this.buffer('y', a.shape, a.dtype);
    this.kernels.mul(y, a, b);
    this.a = a;
    this.b = b;
    return y;
  }

  // ∂y/∂a = b, ∂y/∂b = a (element-wise)
  // da = dy ⊙ b,  db = dy ⊙ a
  backward(dy: Tensor): [Tensor, Tensor] {
    const a = cached('Multiply', this.a);
    const b = cached('Multiply', this.b);
    expectShape('Multiply', 'dy', dy, a.shape);
    const da = this.buffer('da', a.shape, dy.dtype);
    const db = this.buffer('db', a.shape, dy.dtype);
    this.kernels.mul(da, dy, b);
    this.kernels.mul(db, dy, a);
    return [da, db];
  }
}
