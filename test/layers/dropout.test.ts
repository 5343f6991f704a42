import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError, LayerStateError } from '../../src/errors.js';
import { gradcheck } from '../../src/gradcheck/gradcheck.js';
import { Dropout } from '../../src/layers/dropout.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { expectCaught, expectPass, randn, seed } from '../gradcheck/fixtures.js';

/** Gradcheck with the mask replayed: a fresh Rng of the same seed before every forward. */
function check(drop: Dropout, x: Tensor, maskSeed: number) {
  return gradcheck({
    inputs: { x },
    forward: () => {
      drop.rng = new Rng(maskSeed);
      return drop.forward(x);
    },
    backward: (dy) => ({ x: drop.backward(dy!) }),
  });
}

describe('Dropout', () => {
  it('gradcheck property (mask replayed), in training and in eval mode', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.double({ min: 0, max: 0.9, noNaN: true }), seed, fc.boolean(), (n, d, p, s, train) => {
        const drop = new Dropout(p, { rng: new Rng(s) });
        drop.train(train);
        expectPass(check(drop, randn(new Rng(s), [n, d]), s));
      }),
    );
  });

  it('zeroes a fraction p and scales survivors by 1/(1-p), deterministically per seed', () => {
    const x = Tensor.ones([100, 100]);
    const y = new Dropout(0.3, { rng: new Rng(9) }).forward(x);
    const zeros = Array.from(y.data).filter((v) => v === 0).length;
    expect(zeros / 10_000).toBeGreaterThan(0.28);
    expect(zeros / 10_000).toBeLessThan(0.32);
    expect(Array.from(y.data).every((v) => v === 0 || Math.abs(v - 1 / 0.7) < 1e-6)).toBe(true);
    const again = new Dropout(0.3, { rng: new Rng(9) }).forward(x);
    expect(Array.from(again.data)).toEqual(Array.from(y.data));
  });

  it('is the identity in eval mode (and at p = 0): input and dy pass through', () => {
    const x = Tensor.from([[1, 2]]);
    const d = new Dropout(0.5, { rng: new Rng(1) }).eval();
    expect(d.forward(x)).toBe(x);
    const dy = Tensor.from([[3, 4]]);
    expect(d.backward(dy)).toBe(dy);
    expect(new Dropout(0, { rng: new Rng(1) }).forward(x)).toBe(x);
  });

  it('negative control: a backward that forgets the 1/(1-p) scale is caught', () => {
    class Unscaled extends Dropout {
      override backward(dy: Tensor): Tensor {
        const dx = super.backward(dy);
        this.kernels.scale(dx, dx, 1 - this.p);
        return dx;
      }
    }
    expectCaught(check(new Unscaled(0.25, { rng: new Rng(1) }), randn(new Rng(2), [4, 4]), 3), 'x');
  });

  it('rejects p outside [0, 1) and backward before forward', () => {
    expect(() => new Dropout(1, { rng: new Rng(1) })).toThrow(ArgumentError);
    expect(() => new Dropout(-0.1, { rng: new Rng(1) })).toThrow(/Dropout: p/);
    expect(() => new Dropout(0.5, { rng: new Rng(1) }).backward(Tensor.zeros([1]))).toThrow(LayerStateError);
  });
});
