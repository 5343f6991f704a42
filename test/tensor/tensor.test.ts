import { describe, expect, it } from 'vitest';
import { ShapeError } from '../../src/errors.js';
import { Tensor } from '../../src/tensor/tensor.js';

describe('Tensor', () => {
  it('builds from nested arrays and reports shape, size, dtype', () => {
    const t = Tensor.from([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.size).toBe(6);
    expect(t.dtype).toBe('float32');
    expect(t.get(1, 2)).toBe(6);
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(Tensor.from([1, 2], 'float64').data).toBeInstanceOf(Float64Array);
  });

  it('rejects ragged arrays and mismatched data', () => {
    expect(() => Tensor.from([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => new Tensor(new Float32Array(5), [2, 3])).toThrow(/needs 6/);
  });

  it('row views share memory with the parent', () => {
    const t = Tensor.from([[1, 2], [3, 4], [5, 6]]);
    const r = t.row(1);
    r.data[0] = 30;
    expect(t.get(1, 0)).toBe(30);
    const s = t.sliceRows(1, 3);
    expect(s.shape).toEqual([2, 2]);
    s.data[3] = 60;
    expect(t.get(2, 1)).toBe(60);
    expect(() => t.row(3)).toThrow(ShapeError);
    expect(() => t.sliceRows(2, 1)).toThrow(ShapeError);
  });

  it('reshapes contiguous data, inferring one dimension', () => {
    const t = Tensor.zeros([2, 6]);
    expect(t.reshape([3, -1]).shape).toEqual([3, 4]);
    expect(t.reshape([12]).data).toBe(t.data);
    expect(() => t.reshape([5, 2])).toThrow('cannot reshape [2, 6] to [5, 2]: 12 elements, not 10');
    expect(() => t.reshape([5, -1])).toThrow('cannot reshape [2, 6] to [5, -1]: 12 elements do not divide into rows of 5');
    expect(() => t.reshape([-1, -1])).toThrow('cannot reshape [2, 6] to [-1, -1]: only one dimension may be -1');
    expect(Tensor.zeros([0, 3]).reshape([-1, 3]).shape).toEqual([0, 3]);
  });

  it('a shape past what a typed array holds is a ShapeError, not an engine RangeError', () => {
    expect(() => Tensor.zeros([2 ** 31, 2 ** 31])).toThrow(ShapeError);
    expect(() => Tensor.zeros([2 ** 31, 2 ** 31])).toThrow(/cannot allocate 4611686018427388000 float32 elements/);
  });

  it('clone and cast copy; assign copies across dtypes through ndarray-ops', () => {
    const t = Tensor.from([1.5, 2.5]);
    const c = t.clone();
    c.data[0] = 9;
    expect(t.data[0]).toBe(1.5);
    const d = t.cast('float64');
    expect(d.dtype).toBe('float64');
    const z = Tensor.zeros([2], 'float64').assign(t);
    expect(Array.from(z.data)).toEqual([1.5, 2.5]);
    expect(() => Tensor.zeros([3]).assign(t)).toThrow(ShapeError);
    expect(t.nd.get(1)).toBe(2.5);
  });

  it('constructors fill as named', () => {
    expect(Array.from(Tensor.ones([3]).data)).toEqual([1, 1, 1]);
    expect(Array.from(Tensor.full([2], 7).data)).toEqual([7, 7]);
    expect(Tensor.zeros([0, 4]).size).toBe(0);
    expect(() => Tensor.zeros([-1])).toThrow(ShapeError);
  });
});
