import { ArgumentError } from '../errors.js';
import type { Initializer } from '../tensor/init.js';
import type { Rng } from '../tensor/rng.js';
import type { DType, Tensor } from '../tensor/tensor.js';
import { LeakyReLU, ReLU, Sigmoid, Tanh } from './activations.js';
import { positiveInt } from './checks.js';
import { Dropout } from './dropout.js';
import type { Layer } from './layer.js';
import { Linear } from './linear.js';
import { Module } from './module.js';

/** Layers applied in order; children are named "0", "1", … (so "0.weight"). */
export class Sequential extends Module implements Layer {
  readonly layers: ReadonlyArray<Module & Layer>;

  constructor(layers: ReadonlyArray<Module & Layer>) {
    super(layers[0]?.dtype);
    layers.forEach((l, i) => this.addModule(String(i), l));
    this.layers = [...layers];
  }

  forward(x: Tensor): Tensor {
    let h = x;
    for (let i = 0; i < this.layers.length; i++) h = this.layers[i]!.forward(h);
    return h;
  }

  // The chain rule, last layer first:
  // dx = J₀ᵀ J₁ᵀ … J_{k-1}ᵀ dy, each layer adding its own parameter gradients on the way
  backward(dy: Tensor): Tensor {
    let g = dy;
    for (let i = this.layers.length - 1; i >= 0; i--) g = this.layers[i]!.backward(g);
    return g;
  }
}

export type ActivationName = 'relu' | 'leakyRelu' | 'tanh' | 'sigmoid';

export interface MlpOptions {
  readonly rng: Rng;
  /** Default 'relu'. */
  readonly activation?: ActivationName;
  /** Activation after the last Linear too (default true: the NCF towers apply ReLU after every layer). */
  readonly finalActivation?: boolean;
  /** Dropout probability after each hidden block (not after the last block); default 0, no Dropout layers. */
  readonly dropout?: number;
  /** Weight initialiser of every Linear (the Linear default otherwise). */
  readonly init?: Initializer;
  readonly dtype?: DType;
}

function activation(name: ActivationName): Module & Layer {
  switch (name) {
    case 'relu':
      return new ReLU();
    case 'leakyRelu':
      return new LeakyReLU();
    case 'tanh':
      return new Tanh();
    case 'sigmoid':
      return new Sigmoid();
    default:
      throw new ArgumentError('mlp: activation', `unknown activation ${JSON.stringify(name)}`);
  }
}

/**
 * A multilayer perceptron: `mlp([64, 32, 16, 8])` is Linear 64→32, ReLU,
 * Linear 32→16, ReLU, Linear 16→8, ReLU. Blocks are Linear, activation, then
 * Dropout when asked for, as consecutive children of one Sequential.
 */
export function mlp(sizes: readonly number[], options: MlpOptions): Sequential {
  if (sizes.length < 2) throw new ArgumentError('mlp: sizes', `needs at least an input and an output size, got [${sizes.join(', ')}]`);
  sizes.forEach((s, i) => positiveInt('mlp', `sizes[${i}]`, s));
  const dropout = options.dropout ?? 0;
  if (!(dropout >= 0 && dropout < 1)) throw new ArgumentError('mlp: dropout', `must be in [0, 1), got ${dropout}`);
  const act = options.activation ?? 'relu';
  const layers: Array<Module & Layer> = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const last = i + 2 === sizes.length;
    layers.push(
      new Linear(sizes[i]!, sizes[i + 1]!, {
        rng: options.rng,
        ...(options.init ? { init: options.init } : {}),
        ...(options.dtype ? { dtype: options.dtype } : {}),
      }),
    );
    if (!last || options.finalActivation !== false) layers.push(activation(act));
    if (!last && dropout > 0) layers.push(new Dropout(dropout, { rng: options.rng }));
  }
  return new Sequential(layers);
}
