import { ShapeError } from '../errors.js';
import type { Rng } from './rng.js';
import type { Tensor } from './tensor.js';

/**
 * Seeded initialisers. Each fills a tensor in place and returns it. For a 2-D
 * weight `[fanIn, fanOut]` (our Linear layout: y = x W + b) the fans are its
 * dimensions; for higher ranks the trailing dimensions multiply into both fans
 * as a receptive field, as in PyTorch.
 */
export type Initializer =
  | { kind: 'zeros' }
  | { kind: 'constant'; value: number }
  | { kind: 'normal'; mean?: number; std: number }
  | { kind: 'uniform'; low: number; high: number }
  | { kind: 'xavierUniform' | 'xavierNormal' | 'heUniform' | 'heNormal' | 'lecunUniform' | 'lecunNormal'; gain?: number };

export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 1) throw new ShapeError('fans: need a tensor of rank >= 1');
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  let field = 1;
  for (let d = 2; d < shape.length; d++) field *= shape[d]!;
  return { fanIn: shape[0]! * field, fanOut: shape[1]! * field };
}

export function fillNormal(t: Tensor, rng: Rng, mean: number, std: number): Tensor {
  const d = t.data;
  for (let i = 0; i < d.length; i++) d[i] = rng.normal(mean, std);
  return t;
}

export function fillUniform(t: Tensor, rng: Rng, low: number, high: number): Tensor {
  const d = t.data;
  for (let i = 0; i < d.length; i++) d[i] = rng.uniform(low, high);
  return t;
}

/** Fills `t` according to `init`. */
export function initialize(t: Tensor, init: Initializer, rng: Rng): Tensor {
  switch (init.kind) {
    case 'zeros':
      t.data.fill(0);
      return t;
    case 'constant':
      t.data.fill(init.value);
      return t;
    case 'normal':
      return fillNormal(t, rng, init.mean ?? 0, init.std);
    case 'uniform':
      return fillUniform(t, rng, init.low, init.high);
    default: {
      const { fanIn, fanOut } = fans(t.shape);
      const gain = init.gain ?? 1;
      // Variance targets: Xavier 2/(in+out), He 2/in, LeCun 1/in; uniform(-a, a) has variance a^2/3.
      const variance =
        init.kind.startsWith('xavier') ? 2 / (fanIn + fanOut) : init.kind.startsWith('he') ? 2 / fanIn : 1 / fanIn;
      const std = gain * Math.sqrt(variance);
      if (init.kind.endsWith('Normal')) return fillNormal(t, rng, 0, std);
      const a = Math.sqrt(3) * std;
      return fillUniform(t, rng, -a, a);
    }
  }
}
