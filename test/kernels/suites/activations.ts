import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Tensor } from '../../../src/tensor/tensor.js';
import { dim, maxRelError, tensorOf } from '../../helpers/arbitraries.js';
import { refSigmoid } from '../reference.js';
import type { SuiteTarget } from './types.js';

const input = fc.record({ n: dim(0, 30) }).chain(({ n }) => fc.record({ x: tensorOf([n], 'float32', 30), dy: tensorOf([n]) }));

interface Case {
  name: string;
  forward: (out: Tensor, x: Tensor) => void;
  backward: (dx: Tensor, y: Tensor, dy: Tensor) => void;
  f: (x: number) => number;
  df: (x: number) => number;
}

export function activationsSuite({ name, kernels: K, tol }: SuiteTarget): void {
  const slope = 0.1;
  const cases: Case[] = [
    { name: 'relu', forward: K.relu, backward: K.reluBackward, f: (x) => Math.max(0, x), df: (x) => (x > 0 ? 1 : 0) },
    {
      name: 'leakyRelu',
      forward: (o, x) => K.leakyRelu(o, x, slope),
      backward: (dx, y, dy) => K.leakyReluBackward(dx, y, dy, slope),
      f: (x) => (x > 0 ? x : slope * x),
      df: (x) => (x > 0 ? 1 : slope),
    },
    { name: 'sigmoid', forward: K.sigmoid, backward: K.sigmoidBackward, f: refSigmoid, df: (x) => refSigmoid(x) * (1 - refSigmoid(x)) },
    { name: 'tanh', forward: K.tanh, backward: K.tanhBackward, f: Math.tanh, df: (x) => 1 - Math.tanh(x) ** 2 },
  ];
  describe(`${name}: activations`, () => {
    for (const c of cases) {
      it(`${c.name} and its derivative match the closed forms`, () => {
        fc.assert(
          fc.property(input, ({ x, dy }) => {
            const y = Tensor.zeros(x.shape);
            c.forward(y, x);
            expect(maxRelError(y.data, Array.from(x.data, c.f))).toBeLessThan(tol);
            const dx = Tensor.zeros(x.shape);
            c.backward(dx, y, dy);
            expect(maxRelError(dx.data, Array.from(x.data, (v, i) => c.df(v) * dy.data[i]!))).toBeLessThan(tol);
          }),
        );
      });
    }

    it('sigmoid stays finite and saturates for logits of magnitude 100', () => {
      const y = Tensor.zeros([2]);
      K.sigmoid(y, Tensor.from([-100, 100]));
      expect(y.data[0]).toBeGreaterThanOrEqual(0);
      expect(y.data[0]).toBeLessThan(1e-30);
      expect(y.data[1]).toBe(1);
    });
  });
}
