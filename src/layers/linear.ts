import type { Initializer } from '../tensor/init.js';
import { initialize } from '../tensor/init.js';
import type { Rng } from '../tensor/rng.js';
import { Tensor, type DType } from '../tensor/tensor.js';
import { cached, dims, expectRank, expectShape, positiveInt } from './checks.js';
import type { Layer } from './layer.js';
import { Module } from './module.js';
import type { Parameter } from './parameter.js';
import { ShapeError } from '../errors.js';

export interface LinearOptions {
  readonly rng: Rng;
  /**
   * For the weight; the bias starts at zero. Defaults to Xavier (Glorot) uniform,
   * the Keras Dense default the NCF reference towers were trained with. For deep
   * ReLU stacks `{ kind: 'heUniform' }` keeps activations from shrinking layer by layer.
   */
  readonly init?: Initializer;
  /** Default true. */
  readonly bias?: boolean;
  readonly dtype?: DType;
}

/** y = x W + b, with W [in, out] and b [out]. */
export class Linear extends Module implements Layer {
  readonly weight: Parameter;
  readonly bias: Parameter | null;
  private x: Tensor | null = null;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    options: LinearOptions,
  ) {
    super(options.dtype);
    positiveInt('Linear', 'inFeatures', inFeatures);
    positiveInt('Linear', 'outFeatures', outFeatures);
    const w = initialize(Tensor.zeros([inFeatures, outFeatures], this.dtype), options.init ?? { kind: 'xavierUniform' }, options.rng);
    this.weight = this.addParameter('weight', w);
    this.bias = options.bias === false ? null : this.addParameter('bias', Tensor.zeros([outFeatures], this.dtype));
  }

  forward(x: Tensor): Tensor {
    expectRank('Linear', 'x', x, 2);
    if (x.cols !== this.inFeatures) throw new ShapeError(`Linear: x is ${dims(x)}, expected [n, ${this.inFeatures}]`);
    const y = this.buffer('y', [x.rows, this.outFeatures]);
    this.kernels.matmul(y, x, this.weight.value);
    if (this.bias) this.kernels.addRowVector(y, y, this.bias.value);
    this.x = x;
    return y;
  }

  // dW += xᵀ dy,  db += sum over rows of dy
  // dx = dy Wᵀ
  backward(dy: Tensor): Tensor {
    const x = cached('Linear', this.x);
    expectShape('Linear', 'dy', dy, [x.rows, this.outFeatures]);
    const K = this.kernels;
    K.matmul(this.weight.denseGrad, x, dy, true, false, true);
    if (this.bias) K.sumCols(this.bias.denseGrad, dy, true);
    const dx = this.buffer('dx', x.shape);
    K.matmul(dx, dy, this.weight.value, false, true);
    return dx;
  }
}
