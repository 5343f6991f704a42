import type { Tensor } from '../tensor/tensor.js';
import { cached, expectRank, expectShape } from './checks.js';
import { Module } from './module.js';

/** y_i = a_i · b_i for each row: the score of matrix factorisation and of a two-tower model. */
export class RowDot extends Module {
  private a: Tensor | null = null;
  private b: Tensor | null = null;

  forward(a: Tensor, b: Tensor): Tensor {
    expectRank('RowDot', 'a', a, 2);
    expectShape('RowDot', 'b', b, a.shape);
    const y = this.buffer('y', [a.rows], a.dtype);
    this.kernels.rowDot(y, a, b);
    this.a = a;
    this.b = b;
    return y;
  }

  // ∂y_i/∂a_i = b_i, ∂y_i/∂b_i = a_i
  // da_i = dy_i b_i,  db_i = dy_i a_i   (each row scaled by its dy)
  backward(dy: Tensor): [Tensor, Tensor] {
    const a = cached('RowDot', this.a);
    const b = cached('RowDot', this.b);
    expectShape('RowDot', 'dy', dy, [a.rows]);
    const da = this.buffer('da', a.shape, dy.dtype);
    const db = this.buffer('db', a.shape, dy.dtype);
    this.kernels.scaleRows(da, b, dy);
    this.kernels.scaleRows(db, a, dy);
    return [da, db];
  }
}
