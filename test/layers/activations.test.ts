import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError, LayerStateError, ShapeError } from '../../src/errors.js';
import { gradcheckLayer } from '../../src/gradcheck/gradcheck.js';
import { LeakyReLU, ReLU, Sigmoid, Tanh } from '../../src/layers/activations.js';
import type { Layer } from '../../src/layers/layer.js';
import type { Module } from '../../src/layers/module.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { expectCaught, expectPass, randn, seed } from '../gradcheck/fixtures.js';

const makers: Array<[string, () => Module & Layer, (x: number) => number]> = [
  ['ReLU', () => new ReLU(), (x) => Math.max(x, 0)],
  ['LeakyReLU', () => new LeakyReLU(0.1), (x) => (x > 0 ? x : 0.1 * x)],
  ['Sigmoid', () => new Sigmoid(), (x) => 1 / (1 + Math.exp(-x))],
  ['Tanh', () => new Tanh(), Math.tanh],
];

const shapes = fc.record({ dims: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }), seed });

describe.each(makers)('%s', (name, make, f) => {
  it('matches the scalar function element-wise, in the dtype of its input', () => {
    fc.assert(
      fc.property(shapes, ({ dims, seed }) => {
        const x = randn(new Rng(seed), dims, 3);
        const y = make().forward(x);
        expect(y.dtype).toBe('float64');
        expect(y.shape).toEqual(dims);
        for (let i = 0; i < x.size; i++) expect(y.data[i]).toBeCloseTo(f(x.data[i]!), 12);
      }),
    );
    expect(make().forward(Tensor.from([1, -1])).dtype).toBe('float32');
  });

  it('gradcheck property', () => {
    fc.assert(fc.property(shapes, ({ dims, seed }) => expectPass(gradcheckLayer(make(), randn(new Rng(seed), dims, 3)))));
  });

  it('rejects backward before forward and a misshapen dy', () => {
    const a = make();
    expect(() => a.backward(Tensor.zeros([2]))).toThrow(LayerStateError);
    expect(() => a.backward(Tensor.zeros([2]))).toThrow(new RegExp(`^${name}: backward called before forward`));
    a.forward(Tensor.zeros([2, 2]));
    expect(() => a.backward(Tensor.zeros([4]))).toThrow(ShapeError);
  });
});

describe('activations', () => {
  it('stay finite at extreme inputs', () => {
    const x = Tensor.from([-1000, -100, 100, 1000], 'float64');
    for (const [, make] of makers) expect(Array.from(make().forward(x).data).every(Number.isFinite)).toBe(true);
  });

  it('LeakyReLU rejects a negative slope (its backward reads the sign of y)', () => {
    expect(() => new LeakyReLU(-0.1)).toThrow(ArgumentError);
    expect(new LeakyReLU().slope).toBe(0.01);
  });

  it('negative controls: a sign flip (Sigmoid), a 1% scale (Tanh), a dropped slope (LeakyReLU) are caught', () => {
    class FlippedSigmoid extends Sigmoid {
      override backward(dy: Tensor): Tensor {
        const dx = super.backward(dy);
        this.kernels.scale(dx, dx, -1);
        return dx;
      }
    }
    class ScaledTanh extends Tanh {
      override backward(dy: Tensor): Tensor {
        const dx = super.backward(dy);
        this.kernels.scale(dx, dx, 1.01);
        return dx;
      }
    }
    class NoSlope extends LeakyReLU {
      protected override applyBackward(dx: Tensor, y: Tensor, dy: Tensor): void {
        this.kernels.reluBackward(dx, y, dy); // forgets the slope · dy term for x < 0
      }
    }
    const x = Tensor.from([[-2, -0.5], [0.3, 1.7]], 'float64');
    expectCaught(gradcheckLayer(new FlippedSigmoid(), x), 'x');
    expectCaught(gradcheckLayer(new ScaledTanh(), x), 'x');
    expectCaught(gradcheckLayer(new NoSlope(0.2), x), 'x');
  });
});
