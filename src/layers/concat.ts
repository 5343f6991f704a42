import { ArgumentError, ShapeError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { cached, dims, expectRank, expectShape, positiveInt } from './checks.js';
import { Module } from './module.js';

/**
 * y = [x₀ | x₁ | …] along the feature axis of 2-D tensors (NeuMF joins its GMF and
 * MLP towers this way). Only the part widths are cached.
 */
export class Concat extends Module {
  private widths: number[] = [];
  private rows = -1;
  private total = 0;
  private readonly grads: Tensor[] = [];

  forward(inputs: readonly Tensor[]): Tensor {
    if (inputs.length === 0) throw new ShapeError('Concat: needs at least one input');
    const n = inputs[0]!.rows;
    // Validate every input before touching the cache: a rejected forward must
    // leave the previous forward's widths, rows and total consistent.
    let total = 0;
    for (let p = 0; p < inputs.length; p++) {
      const x = inputs[p]!;
      expectRank('Concat', `inputs[${p}]`, x, 2);
      if (x.rows !== n) throw new ShapeError(`Concat: inputs[${p}] is ${dims(x)}, inputs[0] has ${n} rows`);
      total += x.cols;
    }
    for (let p = 0; p < inputs.length; p++) this.widths[p] = inputs[p]!.cols;
    this.widths.length = inputs.length;
    this.rows = n;
    this.total = total;
    const y = this.buffer('y', [n, total], inputs[0]!.dtype);
    this.kernels.concatCols(y, inputs);
    return y;
  }

  // dy splits back into the column blocks it was built from:
  // dx_p = dy[:, offset_p : offset_p + width_p]
  backward(dy: Tensor): Tensor[] {
    if (this.rows < 0) cached('Concat', null);
    expectShape('Concat', 'dy', dy, [this.rows, this.total]);
    const g = this.grads;
    g.length = this.widths.length;
    for (let p = 0; p < this.widths.length; p++) g[p] = this.buffer(`d${p}`, [this.rows, this.widths[p]!], dy.dtype);
    this.kernels.splitCols(g, dy);
    return g;
  }
}

/** The inverse of Concat: x [n, Σ sizes] into column blocks of the given widths. */
export class SplitCols extends Module {
  private readonly outputs: Tensor[] = [];
  private rows = -1;
  private readonly total: number;

  constructor(readonly sizes: readonly number[]) {
    super();
    if (sizes.length === 0) throw new ArgumentError('SplitCols: sizes', 'needs at least one block');
    sizes.forEach((s, i) => positiveInt('SplitCols', `sizes[${i}]`, s));
    this.total = sizes.reduce((a, b) => a + b, 0);
  }

  forward(x: Tensor): Tensor[] {
    expectRank('SplitCols', 'x', x, 2);
    if (x.cols !== this.total) throw new ShapeError(`SplitCols: x is ${dims(x)}, the blocks need ${this.total} columns`);
    const out = this.outputs;
    out.length = this.sizes.length;
    for (let p = 0; p < this.sizes.length; p++) out[p] = this.buffer(`y${p}`, [x.rows, this.sizes[p]!], x.dtype);
    this.kernels.splitCols(out, x);
    this.rows = x.rows;
    return out;
  }

  // The blocks' gradients concatenate back:
  // dx = [dy₀ | dy₁ | …]
  backward(dys: readonly Tensor[]): Tensor {
    if (this.rows < 0) cached('SplitCols', null);
    if (dys.length !== this.sizes.length) throw new ShapeError(`SplitCols: ${dys.length} gradients for ${this.sizes.length} blocks`);
    // Each block's gradient must match its block exactly: the kernel only checks
    // that the widths sum up, which would let [n, 3] + [n, 1] pass for blocks [2, 2].
    dys.forEach((g, p) => expectShape('SplitCols', `dys[${p}]`, g, [this.rows, this.sizes[p]!]));
    const dx = this.buffer('dx', [this.rows, this.total], dys[0]!.dtype);
    this.kernels.concatCols(dx, dys);
    return dx;
  }
}
