import { describe, expect, it } from 'vitest';
import { fans, initialize } from '../../src/tensor/init.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';

const variance = (t: Tensor): number => {
  const v = Array.from(t.data);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length;
};

describe('initialisers', () => {
  it('computes fans for Linear weights [in, out]', () => {
    expect(fans([64, 32])).toEqual({ fanIn: 64, fanOut: 32 });
  });

  it.each([
    ['xavierUniform', 2 / (200 + 100)],
    ['xavierNormal', 2 / (200 + 100)],
    ['heUniform', 2 / 200],
    ['heNormal', 2 / 200],
    ['lecunUniform', 1 / 200],
    ['lecunNormal', 1 / 200],
  ] as const)('%s has the variance it promises', (kind, expected) => {
    const t = initialize(Tensor.zeros([200, 100]), { kind }, new Rng(1));
    expect(variance(t) / expected).toBeGreaterThan(0.95);
    expect(variance(t) / expected).toBeLessThan(1.05);
  });

  it('normal N(0, 0.01) is seeded and reproducible', () => {
    const a = initialize(Tensor.zeros([100, 8]), { kind: 'normal', std: 0.01 }, new Rng(2));
    const b = initialize(Tensor.zeros([100, 8]), { kind: 'normal', std: 0.01 }, new Rng(2));
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Math.sqrt(variance(a))).toBeCloseTo(0.01, 2);
  });

  it('uniform, zeros and constant fill as named', () => {
    const u = initialize(Tensor.zeros([1000]), { kind: 'uniform', low: 2, high: 3 }, new Rng(3));
    expect(Math.min(...u.data)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...u.data)).toBeLessThan(3);
    expect(Array.from(initialize(Tensor.ones([2]), { kind: 'zeros' }, new Rng(1)).data)).toEqual([0, 0]);
    expect(Array.from(initialize(Tensor.zeros([2]), { kind: 'constant', value: 4 }, new Rng(1)).data)).toEqual([4, 4]);
  });
});
