import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError, LayerStateError, ShapeError } from '../../src/errors.js';
import { gradcheck } from '../../src/gradcheck/gradcheck.js';
import { BCEWithLogitsLoss } from '../../src/losses/bce.js';
import { BPRLoss } from '../../src/losses/bpr.js';
import { MSELoss } from '../../src/losses/mse.js';
import { SoftmaxCrossEntropyLoss } from '../../src/losses/softmax-cross-entropy.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { expectCaught, expectPass, randn, seed } from '../gradcheck/fixtures.js';

const vec = fc.record({ n: fc.integer({ min: 1, max: 8 }), scale: fc.constantFrom(1, 5, 100), weighted: fc.boolean(), seed });

function uniform(rng: Rng, n: number, lo: number, hi: number): Tensor {
  return Tensor.fromFlat(Array.from({ length: n }, () => rng.uniform(lo, hi)), [n], 'float64');
}

const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

describe('BCEWithLogitsLoss', () => {
  it('gradcheck property, logits up to magnitude 100, soft targets, optional weights', () => {
    fc.assert(
      fc.property(vec, ({ n, scale, weighted, seed }) => {
        const rng = new Rng(seed);
        const z = randn(rng, [n], scale);
        const y = uniform(rng, n, 0, 1);
        const w = weighted ? uniform(rng, n, 0, 2) : undefined;
        const loss = new BCEWithLogitsLoss();
        const value = loss.forward(z, y, w);
        let expected = 0;
        for (let i = 0; i < n; i++) expected += (w ? w.data[i]! : 1) * (softplus(z.data[i]!) - y.data[i]! * z.data[i]!);
        expect(value).toBeCloseTo(expected / n, 10);
        expectPass(gradcheck({ inputs: { z }, forward: () => loss.forward(z, y, w), backward: () => ({ z: loss.backward() }) }));
      }),
    );
  });

  it('is finite and right at ±100 and ±1000', () => {
    const loss = new BCEWithLogitsLoss();
    const v = loss.forward(Tensor.from([100, -100, 1000, -1000], 'float64'), Tensor.from([0, 1, 1, 0], 'float64'));
    expect(v).toBeCloseTo((100 + 100 + 0 + 0) / 4, 10);
    expect(Array.from(loss.backward().data)).toEqual([0.25, -0.25, 0, 0]);
  });

  it('negative control: a gradient 1% too large is caught', () => {
    class Scaled extends BCEWithLogitsLoss {
      override backward(): Tensor {
        const g = super.backward();
        this.kernels.scale(g, g, 1.01);
        return g;
      }
    }
    const rng = new Rng(1);
    const z = randn(rng, [4], 3);
    const y = Tensor.from([0, 1, 1, 0], 'float64');
    const loss = new Scaled();
    expectCaught(gradcheck({ inputs: { z }, forward: () => loss.forward(z, y), backward: () => ({ z: loss.backward() }) }), 'z');
  });
});

describe('MSELoss', () => {
  it('gradcheck property, with optional weights', () => {
    fc.assert(
      fc.property(vec, ({ n, scale, weighted, seed }) => {
        const rng = new Rng(seed);
        const p = randn(rng, [n], scale);
        const t = randn(rng, [n], scale);
        const w = weighted ? uniform(rng, n, 0, 2) : undefined;
        const loss = new MSELoss();
        let expected = 0;
        for (let i = 0; i < n; i++) expected += (w ? w.data[i]! : 1) * (p.data[i]! - t.data[i]!) ** 2;
        expect(loss.forward(p, t, w)).toBeCloseTo(expected / n, 8);
        expectPass(gradcheck({ inputs: { p }, forward: () => loss.forward(p, t, w), backward: () => ({ p: loss.backward() }) }));
      }),
    );
  });

  it('negative control: dropping the factor 2 is caught', () => {
    class Half extends MSELoss {
      override backward(): Tensor {
        const g = super.backward();
        this.kernels.scale(g, g, 0.5);
        return g;
      }
    }
    const p = Tensor.from([1, 2, 3], 'float64');
    const t = Tensor.from([0, 0, 0], 'float64');
    const loss = new Half();
    expectCaught(gradcheck({ inputs: { p }, forward: () => loss.forward(p, t), backward: () => ({ p: loss.backward() }) }), 'p');
  });
});

describe('BPRLoss', () => {
  it('gradcheck property for both score vectors, differences up to magnitude 100', () => {
    fc.assert(
      fc.property(vec, ({ n, scale, seed }) => {
        const rng = new Rng(seed);
        const pos = randn(rng, [n], scale);
        const neg = randn(rng, [n], scale);
        const loss = new BPRLoss();
        let expected = 0;
        for (let i = 0; i < n; i++) expected += softplus(-(pos.data[i]! - neg.data[i]!));
        expect(loss.forward(pos, neg)).toBeCloseTo(expected / n, 10);
        expectPass(
          gradcheck({
            inputs: { pos, neg },
            forward: () => loss.forward(pos, neg),
            backward: () => {
              const [dPos, dNeg] = loss.backward();
              return { pos: dPos, neg: dNeg };
            },
          }),
        );
      }),
    );
  });

  it('is finite at a difference of ±200', () => {
    const loss = new BPRLoss();
    expect(loss.forward(Tensor.from([100, -100], 'float64'), Tensor.from([-100, 100], 'float64'))).toBeCloseTo(100, 10);
    const [dPos, dNeg] = loss.backward();
    expect(Math.abs(dPos.data[0]!)).toBeLessThan(1e-80);
    expect(Math.abs(dNeg.data[0]!)).toBeLessThan(1e-80);
    expect([dPos.data[1], dNeg.data[1]]).toEqual([-0.5, 0.5]);
  });

  it('negative control: a sign flip on the negative gradient is caught', () => {
    class Flipped extends BPRLoss {
      override backward(): [Tensor, Tensor] {
        const [a] = super.backward();
        return [a, a];
      }
    }
    const rng = new Rng(2);
    const pos = randn(rng, [3]);
    const neg = randn(rng, [3]);
    const loss = new Flipped();
    const r = gradcheck({ inputs: { pos, neg }, forward: () => loss.forward(pos, neg), backward: () => { const [a, b] = loss.backward(); return { pos: a, neg: b }; } });
    expectCaught(r, 'neg');
  });
});

describe('SoftmaxCrossEntropyLoss', () => {
  const scores = fc.record({ n: fc.integer({ min: 1, max: 5 }), extra: fc.integer({ min: 0, max: 3 }), scale: fc.constantFrom(1, 5, 100), seed });

  it('gradcheck property on in-batch [n, n] (and [n, n + extra]) scores up to magnitude 100', () => {
    fc.assert(
      fc.property(scores, ({ n, extra, scale, seed }) => {
        const rng = new Rng(seed);
        const s = randn(rng, [n, n + extra], scale);
        const loss = new SoftmaxCrossEntropyLoss();
        let expected = 0;
        for (let i = 0; i < n; i++) {
          const row = Array.from(s.row(i).data);
          const max = Math.max(...row);
          expected += max + Math.log(row.reduce((a, v) => a + Math.exp(v - max), 0)) - row[i]!;
        }
        expect(loss.forward(s)).toBeCloseTo(expected / n, 8);
        expectPass(gradcheck({ inputs: { s }, forward: () => loss.forward(s), backward: () => ({ s: loss.backward() }) }));
      }),
    );
  });

  it('takes explicit positive columns', () => {
    const loss = new SoftmaxCrossEntropyLoss();
    const s = Tensor.from([[0, 0, 100], [50, -50, 0]], 'float64');
    expect(loss.forward(s, Int32Array.from([2, 0]))).toBeCloseTo(0, 10);
    expect(loss.forward(s)).toBeCloseTo((100 + 100) / 2, 8);
    expect(Array.from(loss.backward().data).every(Number.isFinite)).toBe(true);
    const rng = new Rng(4);
    const t = randn(rng, [3, 4]);
    const pos = Int32Array.from([3, 3, 0]);
    expectPass(gradcheck({ inputs: { t }, forward: () => loss.forward(t, pos), backward: () => ({ t: loss.backward() }) }));
  });

  it('negative control: forgetting the -1 on the positive is caught', () => {
    class NoPositive extends SoftmaxCrossEntropyLoss {
      override backward(): Tensor {
        const g = super.backward();
        const n = g.rows;
        for (let i = 0; i < n; i++) g.data[i * g.cols + i]! += 1 / n;
        return g;
      }
    }
    const s = randn(new Rng(5), [3, 3]);
    const loss = new NoPositive();
    expectCaught(gradcheck({ inputs: { s }, forward: () => loss.forward(s), backward: () => ({ s: loss.backward() }) }), 's');
  });
});

describe('losses: errors', () => {
  it('reject mismatched shapes, bad positives and backward before forward', () => {
    expect(() => new BCEWithLogitsLoss().forward(Tensor.zeros([3]), Tensor.zeros([2]))).toThrow(ShapeError);
    expect(() => new BCEWithLogitsLoss().forward(Tensor.zeros([2]), Tensor.zeros([2]), Tensor.zeros([3]))).toThrow(/weights is \[3\]/);
    expect(() => new BCEWithLogitsLoss().forward(Tensor.zeros([3]), Tensor.from([0, 2, 1]))).toThrow('BCEWithLogitsLoss: targets: target 1 is 2; targets are probabilities in [0, 1]');
    expect(() => new BCEWithLogitsLoss().forward(Tensor.zeros([2]), Tensor.from([Number.NaN, 1]))).toThrow('target 0 is NaN');
    expect(() => new BCEWithLogitsLoss().forward(Tensor.zeros([2]), Tensor.from([0.25, 1]))).not.toThrow();
    expect(() => new MSELoss().forward(Tensor.zeros([2]), Tensor.zeros([2, 1]))).toThrow(ShapeError);
    expect(() => new BPRLoss().forward(Tensor.zeros([2]), Tensor.zeros([3]))).toThrow(/neg is \[3\], expected \[2\]/);
    expect(() => new SoftmaxCrossEntropyLoss().forward(Tensor.zeros([3, 2]))).toThrow(/at least as many columns as rows/);
    expect(() => new SoftmaxCrossEntropyLoss().forward(Tensor.zeros([2, 2]), Int32Array.from([0, 2]))).toThrow(ArgumentError);
    expect(() => new SoftmaxCrossEntropyLoss().forward(Tensor.zeros([2, 2]), Int32Array.from([0]))).toThrow(/1 positives for 2 rows/);
    for (const loss of [new BCEWithLogitsLoss(), new MSELoss(), new BPRLoss(), new SoftmaxCrossEntropyLoss()]) {
      expect(() => loss.backward()).toThrow(LayerStateError);
    }
  });

  it('an empty batch has loss 0 and an empty gradient', () => {
    const bce = new BCEWithLogitsLoss();
    expect(bce.forward(Tensor.zeros([0]), Tensor.zeros([0]))).toBe(0);
    expect(bce.backward().size).toBe(0);
    expect(new SoftmaxCrossEntropyLoss().forward(Tensor.zeros([0, 0]))).toBe(0);
  });
});
