import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { gradcheck, gradcheckLayer } from '../../src/gradcheck/gradcheck.js';
import { LeakyReLU, ReLU, Sigmoid, Tanh } from '../../src/layers/activations.js';
import { Dropout } from '../../src/layers/dropout.js';
import { Linear } from '../../src/layers/linear.js';
import { Sequential, mlp } from '../../src/layers/sequential.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { expectCaught, expectPass, randn, randomizeParams, seed } from '../gradcheck/fixtures.js';

const towers = fc.record({
  sizes: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 4 }),
  n: fc.integer({ min: 1, max: 4 }),
  activation: fc.constantFrom('relu' as const, 'leakyRelu' as const, 'tanh' as const, 'sigmoid' as const),
  finalActivation: fc.boolean(),
  seed,
});

describe('mlp / Sequential', () => {
  it('mlp([64, 32, 16, 8]) is three Linear layers 64→32→16→8, each followed by ReLU', () => {
    const m = mlp([64, 32, 16, 8], { rng: new Rng(1) });
    const kinds = m.layers.map((l) => l.constructor.name);
    expect(kinds).toEqual(['Linear', 'ReLU', 'Linear', 'ReLU', 'Linear', 'ReLU']);
    const linears = m.layers.filter((l): l is Linear => l instanceof Linear);
    expect(linears.map((l) => [l.inFeatures, l.outFeatures])).toEqual([[64, 32], [32, 16], [16, 8]]);
    expect(m.namedParameters().map(([n]) => n)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias', '4.weight', '4.bias']);
    expect(m.forward(Tensor.ones([5, 64])).shape).toEqual([5, 8]);
  });

  it('honours activation, finalActivation and dropout', () => {
    const rng = new Rng(1);
    const kinds = (s: Sequential): string[] => s.layers.map((l) => l.constructor.name);
    expect(kinds(mlp([4, 3, 2], { rng, activation: 'tanh', finalActivation: false }))).toEqual(['Linear', 'Tanh', 'Linear']);
    expect(kinds(mlp([4, 3, 2], { rng, dropout: 0.2 }))).toEqual(['Linear', 'ReLU', 'Dropout', 'Linear', 'ReLU']);
    expect(kinds(mlp([4, 2], { rng, activation: 'leakyRelu' }))).toEqual(['Linear', 'LeakyReLU']);
    expect(kinds(mlp([4, 2], { rng, activation: 'sigmoid' }))).toEqual(['Linear', 'Sigmoid']);
    const m = mlp([4, 3, 2], { rng, dropout: 0.5 }).eval();
    expect(m.layers.every((l) => !l.training)).toBe(true);
    expect(mlp([4, 3], { rng, dtype: 'float64', init: { kind: 'constant', value: 2 } }).parameters()[0]!.value.data[0]).toBe(2);
  });

  it('gradcheck property over random towers', () => {
    fc.assert(
      fc.property(towers, ({ sizes, n, activation, finalActivation, seed }) => {
        const rng = new Rng(seed);
        const m = mlp(sizes, { rng, activation, finalActivation, dtype: 'float64' });
        randomizeParams(m, rng);
        expectPass(gradcheckLayer(m, randn(rng, [n, sizes[0]!])));
      }),
    );
  });

  it('gradcheck with dropout in training, its masks replayed', () => {
    const rng = new Rng(8);
    const m = mlp([4, 5, 3], { rng, dropout: 0.3, dtype: 'float64' });
    randomizeParams(m, rng);
    const x = randn(rng, [3, 4]);
    const drop = m.layers[2] as Dropout;
    expectPass(
      gradcheck({
        inputs: { x },
        params: m,
        forward: () => {
          drop.rng = new Rng(77);
          return m.forward(x);
        },
        backward: (dy) => ({ x: m.backward(dy!) }),
      }),
    );
  });

  it('negative control: a middle layer with a wrong backward breaks the whole chain', () => {
    class Halved extends Tanh {
      override backward(dy: Tensor): Tensor {
        const dx = super.backward(dy);
        this.kernels.scale(dx, dx, 0.5);
        return dx;
      }
    }
    const rng = new Rng(2);
    const seq = new Sequential([new Linear(3, 4, { rng, dtype: 'float64' }), new Halved(), new Linear(4, 2, { rng, dtype: 'float64' }), new ReLU(), new LeakyReLU(), new Sigmoid()]);
    randomizeParams(seq, rng);
    const r = gradcheckLayer(seq, randn(rng, [3, 3]));
    expectCaught(r, '0.weight');
    expect(r.entries.find((e) => e.name === '2.weight')!.ok).toBe(true); // layers above the bug are unaffected
  });

  it('rejects bad sizes', () => {
    expect(() => mlp([4], { rng: new Rng(1) })).toThrow(ArgumentError);
    expect(() => mlp([4, 0], { rng: new Rng(1) })).toThrow(/sizes\[1\]/);
    expect(() => mlp([4, 2], { rng: new Rng(1), dropout: 1 })).toThrow(/dropout/);
  });
});
