import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LayerStateError, ShapeError } from '../../src/errors.js';
import { gradcheckLayer } from '../../src/gradcheck/gradcheck.js';
import { Linear } from '../../src/layers/linear.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { maxRelError } from '../helpers/arbitraries.js';
import { expectCaught, expectPass, randn, randomizeParams, seed } from '../gradcheck/fixtures.js';

const shapes = fc.record({ n: fc.integer({ min: 1, max: 6 }), i: fc.integer({ min: 1, max: 6 }), o: fc.integer({ min: 1, max: 6 }), bias: fc.boolean(), seed });

describe('Linear', () => {
  it('computes x W + b against a naive loop', () => {
    fc.assert(
      fc.property(shapes, (s) => {
        const rng = new Rng(s.seed);
        const l = new Linear(s.i, s.o, { rng, bias: s.bias, dtype: 'float64' });
        randomizeParams(l, rng);
        const x = randn(rng, [s.n, s.i]);
        const y = l.forward(x);
        const expected: number[] = [];
        for (let r = 0; r < s.n; r++) {
          for (let c = 0; c < s.o; c++) {
            let acc = s.bias ? l.bias!.value.data[c]! : 0;
            for (let k = 0; k < s.i; k++) acc += x.get(r, k) * l.weight.value.get(k, c);
            expected.push(acc);
          }
        }
        expect(maxRelError(y.data, expected)).toBeLessThan(1e-12);
      }),
    );
  });

  it('gradcheck property: dx, dW and db', () => {
    fc.assert(
      fc.property(shapes, (s) => {
        const rng = new Rng(s.seed);
        const l = new Linear(s.i, s.o, { rng, bias: s.bias, dtype: 'float64' });
        randomizeParams(l, rng);
        const r = gradcheckLayer(l, randn(rng, [s.n, s.i]));
        expectPass(r);
        expect(r.entries.map((e) => e.name)).toEqual(s.bias ? ['x', 'weight', 'bias'] : ['x', 'weight']);
      }),
    );
  });

  it('initialises W by Xavier uniform (|w| <= sqrt(6 / (in + out))) and b at zero; init is selectable', () => {
    const l = new Linear(30, 20, { rng: new Rng(1) });
    const bound = Math.sqrt(6 / 50);
    expect(Math.max(...Array.from(l.weight.value.data, Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...Array.from(l.weight.value.data, Math.abs))).toBeGreaterThan(0.9 * bound);
    expect(Array.from(l.bias!.value.data).every((v) => v === 0)).toBe(true);
    const c = new Linear(2, 2, { rng: new Rng(1), init: { kind: 'constant', value: 3 } });
    expect(Array.from(c.weight.value.data)).toEqual([3, 3, 3, 3]);
  });

  it('serves a smaller last batch from the same buffers', () => {
    const l = new Linear(3, 2, { rng: new Rng(1) });
    const y8 = l.forward(Tensor.ones([8, 3]));
    const y3 = l.forward(Tensor.ones([3, 3]));
    expect(y3.shape).toEqual([3, 2]);
    expect(y3.data.buffer).toBe(y8.data.buffer);
    expect(l.forward(Tensor.ones([8, 3]))).toBe(y8);
  });

  it('negative controls: a dropped bias term and a 1% dx are caught', () => {
    class NoBiasGrad extends Linear {
      override backward(dy: Tensor): Tensor {
        const keep = Float64Array.from(this.bias!.denseGrad.data);
        const dx = super.backward(dy);
        this.bias!.denseGrad.data.set(keep);
        return dx;
      }
    }
    class ScaledDx extends Linear {
      override backward(dy: Tensor): Tensor {
        const dx = super.backward(dy);
        this.kernels.scale(dx, dx, 1.01);
        return dx;
      }
    }
    const rng = new Rng(2);
    const x = randn(rng, [4, 3]);
    const a = new NoBiasGrad(3, 2, { rng, dtype: 'float64' });
    expectCaught(gradcheckLayer(a, x), 'bias');
    const b = new ScaledDx(3, 2, { rng, dtype: 'float64' });
    expectCaught(gradcheckLayer(b, x), 'x');
  });

  it('rejects bad shapes and order', () => {
    const l = new Linear(3, 2, { rng: new Rng(1) });
    expect(() => l.backward(Tensor.zeros([1, 2]))).toThrow(LayerStateError);
    expect(() => l.forward(Tensor.zeros([2, 4]))).toThrow(/Linear: x is \[2, 4\], expected \[n, 3\]/);
    expect(() => l.forward(Tensor.zeros([3]))).toThrow(ShapeError);
    l.forward(Tensor.zeros([2, 3]));
    expect(() => l.backward(Tensor.zeros([2, 3]))).toThrow(/dy is \[2, 3\], expected \[2, 2\]/);
  });
});
