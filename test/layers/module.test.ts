import { describe, expect, it } from 'vitest';
import { ShapeError } from '../../src/errors.js';
import { Embedding } from '../../src/layers/embedding.js';
import { Linear } from '../../src/layers/linear.js';
import { Module } from '../../src/layers/module.js';
import { SparseRowGrad } from '../../src/layers/parameter.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';

class Tower extends Module {
  readonly emb: Embedding;
  readonly inner: Linear;
  readonly scale;
  constructor(rng: Rng) {
    super();
    this.scale = this.addParameter('scale', Tensor.ones([2]));
    this.emb = this.addModule('emb', new Embedding(5, 3, { rng }));
    this.inner = this.addModule('inner', new Linear(3, 2, { rng }));
  }
  /** Exposes the protected buffer for the tests. */
  buf(key: string, shape: number[], dtype?: 'float32' | 'float64'): Tensor {
    return this.buffer(key, shape, dtype);
  }
}

describe('Module', () => {
  it('names parameters by dotted path, own parameters first', () => {
    const m = new Tower(new Rng(1));
    expect(m.namedParameters().map(([n]) => n)).toEqual(['scale', 'emb.weight', 'inner.weight', 'inner.bias']);
    expect(m.parameters()).toHaveLength(4);
    expect(m.modules().map(([n]) => n)).toEqual(['emb', 'inner']);
    expect(m.parameters()[1]!.sparse).toBe(true);
  });

  it('rejects duplicate names', () => {
    class Dup extends Module {
      constructor() {
        super();
        this.addParameter('a', Tensor.zeros([1]));
        this.addModule('a', new Linear(1, 1, { rng: new Rng(1) }));
      }
    }
    expect(() => new Dup()).toThrow(ShapeError);
    expect(() => new Dup()).toThrow(/duplicate module name a/);
  });

  it('round-trips a state dict into a freshly initialised twin', () => {
    const a = new Tower(new Rng(1));
    const b = new Tower(new Rng(2));
    expect(Array.from(b.inner.weight.value.data)).not.toEqual(Array.from(a.inner.weight.value.data));
    const saved = Object.fromEntries(Object.entries(a.stateDict()).map(([k, t]) => [k, t.clone()]));
    b.loadStateDict(saved);
    for (const [name, t] of Object.entries(b.stateDict())) expect(Array.from(t.data)).toEqual(Array.from(saved[name]!.data));
    // stateDict hands out live tensors: the loaded values live in b's own parameters.
    expect(b.stateDict()['inner.weight']).toBe(b.inner.weight.value);
  });

  it('rejects missing, extra and misshapen entries, and leaves the module untouched', () => {
    const m = new Tower(new Rng(1));
    const before = Array.from(m.inner.weight.value.data);
    const good = Object.fromEntries(Object.entries(m.stateDict()).map(([k, t]) => [k, Tensor.zeros(t.shape)]));
    const { 'inner.bias': _drop, ...missing } = good;
    expect(() => m.loadStateDict(missing)).toThrow(ShapeError);
    expect(() => m.loadStateDict(missing)).toThrow(/lacks parameter inner\.bias/);
    expect(() => m.loadStateDict({ ...good, 'inner.gain': Tensor.zeros([1]) })).toThrow(/unexpected parameters in state dict: inner\.gain/);
    expect(() => m.loadStateDict({ ...good, 'inner.bias': Tensor.zeros([3]) })).toThrow(/parameter inner\.bias: state dict has \[3\], model has \[2\]/);
    // The bad bias comes after inner.weight: nothing may have been copied before the throw.
    expect(Array.from(m.inner.weight.value.data)).toEqual(before);
  });

  it('propagates train / eval to every descendant', () => {
    const m = new Tower(new Rng(1));
    expect(m.training && m.emb.training && m.inner.training).toBe(true);
    expect(m.eval()).toBe(m);
    expect([m.training, m.emb.training, m.inner.training]).toEqual([false, false, false]);
    m.train();
    expect([m.training, m.emb.training, m.inner.training]).toEqual([true, true, true]);
    m.inner.train(false);
    expect([m.training, m.inner.training]).toEqual([true, false]);
  });

  it('zeroGrad clears dense and sparse gradients of every descendant', () => {
    const m = new Tower(new Rng(1));
    m.emb.forward(Int32Array.from([1, 1, 4]));
    m.emb.backward(Tensor.ones([3, 3]));
    m.inner.forward(Tensor.ones([2, 3]));
    m.inner.backward(Tensor.ones([2, 2]));
    m.scale.denseGrad.data.fill(7);
    const sparse = m.emb.weight.grad as SparseRowGrad;
    expect(sparse.count).toBe(2);
    m.zeroGrad();
    expect(sparse.count).toBe(0);
    for (const p of [m.scale, m.inner.weight, m.inner.bias!]) expect(Array.from(p.denseGrad.data).every((v) => v === 0)).toBe(true);
  });

  it('buffer reuses one backing array: same object for the same shape, a view for a smaller batch', () => {
    const m = new Tower(new Rng(1));
    const a = m.buf('y', [8, 4]);
    expect(m.buf('y', [8, 4])).toBe(a);
    const small = m.buf('y', [3, 4]);
    expect(small.shape).toEqual([3, 4]);
    expect(small.data.buffer).toBe(a.data.buffer);
    expect(m.buf('y', [3, 4])).toBe(small);
    expect(m.buf('y', [2, 2, 4]).data.buffer).toBe(a.data.buffer); // any shape that fits
    const big = m.buf('y', [9, 4]);
    expect(big.data.buffer).not.toBe(a.data.buffer);
    expect(m.buf('z', [8, 4]).data.buffer).not.toBe(big.data.buffer); // keys never share
    expect(m.buf('y', [2, 4], 'float64').dtype).toBe('float64');
    expect(m.buf('y', [2, 4]).dtype).toBe('float32');
  });
});
