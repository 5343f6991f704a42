import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpuKernels } from '../../kernels/cpu/index.js';
import { ArgumentError } from '../../src/errors.js';
import { Parameter, SparseRowGrad } from '../../src/layers/parameter.js';
import { Adagrad } from '../../src/optim/adagrad.js';
import { Adam, AdamW } from '../../src/optim/adam.js';
import type { Optimizer } from '../../src/optim/optimizer.js';
import { SGD } from '../../src/optim/sgd.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { idsWithDuplicates, value } from '../helpers/arbitraries.js';

/** Reference update rules written straight from the papers / PyTorch docs, one scalar at a time. */
type Ref = (w: number, g: number, s: Record<string, number>, t: number) => number;
const refs: Record<string, { make: (p: Parameter[]) => Optimizer; ref: Ref }> = {
  sgd: { make: (p) => new SGD(p, { lr: 0.1 }), ref: (w, g) => w - 0.1 * g },
  'sgd momentum+wd': {
    make: (p) => new SGD(p, { lr: 0.1, momentum: 0.9, weightDecay: 0.01 }),
    ref: (w, g, s) => {
      const gi = g + 0.01 * w;
      s.b = 0.9 * (s.b ?? 0) + gi;
      return w - 0.1 * s.b;
    },
  },
  nesterov: {
    make: (p) => new SGD(p, { lr: 0.1, momentum: 0.5, nesterov: true }),
    ref: (w, g, s) => {
      s.b = 0.5 * (s.b ?? 0) + g;
      return w - 0.1 * (g + 0.5 * s.b);
    },
  },
  adam: {
    make: (p) => new Adam(p, { lr: 0.01, weightDecay: 0.1 }),
    ref: (w, g, s, t) => {
      const gi = g + 0.1 * w;
      s.m = 0.9 * (s.m ?? 0) + 0.1 * gi;
      s.v = 0.999 * (s.v ?? 0) + 0.001 * gi * gi;
      return w - (0.01 * (s.m / (1 - 0.9 ** t))) / (Math.sqrt(s.v / (1 - 0.999 ** t)) + 1e-8);
    },
  },
  adamw: {
    make: (p) => new AdamW(p, { lr: 0.01, weightDecay: 0.1 }),
    ref: (w, g, s, t) => {
      s.m = 0.9 * (s.m ?? 0) + 0.1 * g;
      s.v = 0.999 * (s.v ?? 0) + 0.001 * g * g;
      return w * (1 - 0.01 * 0.1) - (0.01 * (s.m / (1 - 0.9 ** t))) / (Math.sqrt(s.v / (1 - 0.999 ** t)) + 1e-8);
    },
  },
  adagrad: {
    make: (p) => new Adagrad(p, { lr: 0.1 }),
    ref: (w, g, s) => {
      s.a = (s.a ?? 0) + g * g;
      return w - (0.1 * g) / (Math.sqrt(s.a) + 1e-10);
    },
  },
};

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

describe('optimizers match their reference update rules', () => {
  for (const [name, { make, ref }] of Object.entries(refs)) {
    it(`${name}: dense parameter, several steps`, () => {
      fc.assert(
        fc.property(fc.array(fc.array(value(), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 5 }), fc.array(value(), { minLength: 3, maxLength: 3 }), (grads, w0) => {
          const p = new Parameter(Tensor.fromFlat(w0, [3], 'float64'));
          const opt = make([p]);
          const w = [...w0];
          const states = w0.map(() => ({}));
          grads.forEach((g, step) => {
            opt.zeroGrad();
            (p.grad as Tensor).data.set(g);
            opt.step();
            for (let i = 0; i < 3; i++) w[i] = ref(w[i]!, g[i]!, states[i]!, step + 1);
          });
          w.forEach((v, i) => expect(close(p.value.data[i]!, v)).toBe(true));
        }),
      );
    });

    it(`${name}: sparse rows update lazily and untouched rows stay bit-identical`, () => {
      const vocab = 6, dim = 2;
      fc.assert(
        fc.property(fc.array(idsWithDuplicates(vocab, 4), { minLength: 1, maxLength: 4 }), fc.array(value(), { minLength: 8, maxLength: 8 }), (batches, gvals) => {
          const init = Array.from({ length: vocab * dim }, (_, i) => Math.sin(i + 1));
          const p = new Parameter(Tensor.fromFlat(init, [vocab, dim], 'float64'), true);
          const opt = make([p]);
          const w = [...init];
          const states = init.map(() => ({}));
          batches.forEach((ids, step) => {
            const before = Float64Array.from(p.value.data);
            const stateBefore = (opt as unknown as { state: Float64Array[][] }).state[0]!.map((s) => Float64Array.from(s));
            opt.zeroGrad();
            const dy = Tensor.fromFlat(gvals, [4, dim], 'float64');
            (p.grad as SparseRowGrad).accumulate(ids, dy, cpuKernels);
            opt.step();
            // Reference: the summed gradient per touched row, updated at the global step.
            const touched = new Map<number, number[]>();
            ids.forEach((id, r) => {
              const acc = touched.get(id) ?? [0, 0];
              for (let j = 0; j < dim; j++) acc[j]! += gvals[r * dim + j]!;
              touched.set(id, acc);
            });
            for (const [id, g] of touched) for (let j = 0; j < dim; j++) w[id * dim + j] = ref(w[id * dim + j]!, g[j]!, states[id * dim + j]!, step + 1);
            for (let row = 0; row < vocab; row++) {
              for (let j = 0; j < dim; j++) {
                const i = row * dim + j;
                if (touched.has(row)) expect(close(p.value.data[i]!, w[i]!)).toBe(true);
                else {
                  expect(p.value.data[i]).toBe(before[i]);
                  const st = (opt as unknown as { state: Float64Array[][] }).state[0]!;
                  st.forEach((s, k) => expect(s[i]).toBe(stateBefore[k]![i]));
                }
              }
            }
          });
        }),
      );
    });
  }

  it('AdamW keeps its 0.01 decay when an options object carries weightDecay: undefined', () => {
    const p = [new Parameter(Tensor.zeros([2], 'float64'))];
    expect(new AdamW(p).weightDecay).toBe(0.01);
    expect(new AdamW(p, { weightDecay: undefined } as unknown as { weightDecay: number }).weightDecay).toBe(0.01);
    expect(new AdamW(p, { weightDecay: 0 }).weightDecay).toBe(0);
  });

  it('rejects invalid hyperparameters by name', () => {
    const p = [new Parameter(Tensor.zeros([1]))];
    expect(() => new Adam(p, { beta1: 1 })).toThrow(ArgumentError);
    expect(() => new Adam(p, { lr: -1 })).toThrow(/lr/);
    expect(() => new SGD(p, { nesterov: true })).toThrow(/nesterov/);
  });

  it('Adam minimises a quadratic', () => {
    const p = new Parameter(Tensor.from([5, -3], 'float64'));
    const opt = new Adam([p], { lr: 0.1 });
    for (let t = 0; t < 500; t++) {
      opt.zeroGrad();
      const g = p.grad as Tensor;
      g.data[0] = 2 * (p.value.data[0]! - 1);
      g.data[1] = 2 * (p.value.data[1]! + 2);
      opt.step();
    }
    expect(p.value.data[0]).toBeCloseTo(1, 3);
    expect(p.value.data[1]).toBeCloseTo(-2, 3);
  });
});

describe('sparseLrScale', () => {
  it('scales the step of sparse rows only', () => {
    const run = (scale: number, lr: number): [number, number] => {
      const dense = new Parameter(Tensor.from([1], 'float64'));
      const sparse = new Parameter(Tensor.from([[1], [2]], 'float64'), true);
      const opt = new SGD([dense, sparse], { lr, sparseLrScale: scale });
      (dense.grad as Tensor).data[0] = 1;
      (sparse.grad as SparseRowGrad).accumulate(Int32Array.from([1]), Tensor.from([[1]], 'float64'), cpuKernels);
      opt.step();
      return [dense.value.data[0]!, sparse.value.data[1]!];
    };
    expect(run(5, 0.1)).toEqual([1 - 0.1, 2 - 0.5]);
    expect(() => new SGD([], { sparseLrScale: 0 })).toThrow(/sparseLrScale/);
  });
});
