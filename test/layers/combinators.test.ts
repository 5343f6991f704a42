import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError, LayerStateError, ShapeError } from '../../src/errors.js';
import { gradcheck } from '../../src/gradcheck/gradcheck.js';
import { Concat, SplitCols } from '../../src/layers/concat.js';
import { Multiply } from '../../src/layers/multiply.js';
import { RowDot } from '../../src/layers/row-dot.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { expectCaught, expectPass, randn, seed } from '../gradcheck/fixtures.js';

const pair = fc.record({ n: fc.integer({ min: 1, max: 6 }), d: fc.integer({ min: 1, max: 6 }), seed });

function checkPair(layer: Multiply | RowDot, a: Tensor, b: Tensor) {
  return gradcheck({
    inputs: { a, b },
    forward: () => layer.forward(a, b),
    backward: (dy) => {
      const [da, db] = layer.backward(dy!);
      return { a: da, b: db };
    },
  });
}

describe('Concat / SplitCols', () => {
  const parts = fc.record({ n: fc.integer({ min: 1, max: 5 }), widths: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }), seed });

  it('Concat gradcheck property, and the layout [x0 | x1 | …]', () => {
    fc.assert(
      fc.property(parts, ({ n, widths, seed }) => {
        const rng = new Rng(seed);
        const xs = widths.map((w) => randn(rng, [n, w]));
        const cat = new Concat();
        const y = cat.forward(xs);
        let col = 0;
        xs.forEach((x, p) => {
          for (let i = 0; i < n; i++) for (let j = 0; j < widths[p]!; j++) expect(y.get(i, col + j)).toBe(x.get(i, j));
          col += widths[p]!;
        });
        const inputs = Object.fromEntries(xs.map((x, p) => [`x${p}`, x]));
        expectPass(
          gradcheck({
            inputs,
            forward: () => cat.forward(xs),
            backward: (dy) => Object.fromEntries(cat.backward(dy!).map((g, p) => [`x${p}`, g])),
          }),
        );
      }),
    );
  });

  it('SplitCols gradcheck property (through a fixed weighting of its blocks)', () => {
    fc.assert(
      fc.property(parts, ({ n, widths, seed }) => {
        const rng = new Rng(seed);
        const total = widths.reduce((a, b) => a + b, 0);
        const x = randn(rng, [n, total]);
        const split = new SplitCols(widths);
        const w = widths.map((wd) => randn(rng, [n, wd]));
        const dys = w.map((t) => t.clone());
        expectPass(
          gradcheck({
            inputs: { x },
            forward: () => split.forward(x).reduce((s, blk, p) => s + Array.from(blk.data).reduce((a, v, i) => a + v * w[p]!.data[i]!, 0), 0),
            backward: () => ({ x: split.backward(dys) }),
          }),
        );
      }),
    );
  });

  it('negative control: blocks returned in the wrong order are caught', () => {
    class Swapped extends Concat {
      override backward(dy: Tensor): Tensor[] {
        return [...super.backward(dy)].reverse();
      }
    }
    const rng = new Rng(1);
    const xs = [randn(rng, [2, 2]), randn(rng, [2, 2])];
    const cat = new Swapped();
    const r = gradcheck({ inputs: { x0: xs[0]!, x1: xs[1]! }, forward: () => cat.forward(xs), backward: (dy) => { const [g0, g1] = cat.backward(dy!); return { x0: g0!, x1: g1! }; } });
    expectCaught(r, 'x0');
  });

  it('reject bad inputs', () => {
    expect(() => new Concat().forward([])).toThrow(ShapeError);
    expect(() => new Concat().forward([Tensor.zeros([2, 1]), Tensor.zeros([3, 1])])).toThrow(/inputs\[1\] is \[3, 1\], inputs\[0\] has 2 rows/);
    expect(() => new Concat().backward(Tensor.zeros([1, 1]))).toThrow(LayerStateError);
    const cat = new Concat();
    cat.forward([Tensor.zeros([2, 1]), Tensor.zeros([2, 2])]);
    expect(() => cat.backward(Tensor.zeros([2, 4]))).toThrow(/Concat: dy is \[2, 4\], expected \[2, 3\]/);
    expect(() => new SplitCols([2, 0])).toThrow(ArgumentError);
    expect(() => new SplitCols([2, 1]).forward(Tensor.zeros([1, 4]))).toThrow(/need 3 columns/);
  });

  it('a rejected forward leaves the previous forward usable', () => {
    const cat = new Concat();
    cat.forward([Tensor.zeros([2, 3]), Tensor.zeros([2, 4])]);
    expect(() => cat.forward([Tensor.zeros([2, 5]), Tensor.zeros([3, 1])])).toThrow(ShapeError);
    const dy = Tensor.fromFlat(Array.from({ length: 14 }, (_, i) => i), [2, 7]);
    const [g0, g1] = cat.backward(dy);
    expect(g0!.shape).toEqual([2, 3]);
    expect(Array.from(g0!.data)).toEqual([0, 1, 2, 7, 8, 9]);
    expect(Array.from(g1!.data)).toEqual([3, 4, 5, 6, 10, 11, 12, 13]);
  });

  it('SplitCols backward checks each block gradient, not just the total width', () => {
    const s = new SplitCols([2, 2]);
    s.forward(Tensor.zeros([1, 4]));
    expect(() => s.backward([Tensor.zeros([1, 3]), Tensor.zeros([1, 1])])).toThrow(ShapeError);
    expect(() => s.backward([Tensor.zeros([1, 3]), Tensor.zeros([1, 1])])).toThrow(/SplitCols: dys\[0\] is \[1, 3\], expected \[1, 2\]/);
    expect(() => s.backward([Tensor.zeros([1, 2]), Tensor.zeros([2, 2])])).toThrow(/dys\[1\] is \[2, 2\], expected \[1, 2\]/);
    expect(() => new SplitCols([1]).backward([Tensor.zeros([1, 1])])).toThrow(LayerStateError);
  });
});

describe('Multiply', () => {
  it('gradcheck property, and y = a ⊙ b', () => {
    fc.assert(
      fc.property(pair, ({ n, d, seed }) => {
        const rng = new Rng(seed);
        const a = randn(rng, [n, d]);
        const b = randn(rng, [n, d]);
        const m = new Multiply();
        const y = m.forward(a, b);
        for (let i = 0; i < a.size; i++) expect(y.data[i]).toBe(a.data[i]! * b.data[i]!);
        expectPass(checkPair(m, a, b));
      }),
    );
  });

  it('negative control: da = dy ⊙ a (the wrong factor) is caught', () => {
    class WrongFactor extends Multiply {
      override backward(dy: Tensor): [Tensor, Tensor] {
        const [da, db] = super.backward(dy);
        return [db, db];
      }
    }
    const rng = new Rng(3);
    expectCaught(checkPair(new WrongFactor(), randn(rng, [3, 2]), randn(rng, [3, 2])), 'a');
  });

  it('rejects mismatched shapes', () => {
    expect(() => new Multiply().forward(Tensor.zeros([2, 2]), Tensor.zeros([2, 3]))).toThrow(/Multiply: b is \[2, 3\], expected \[2, 2\]/);
  });
});

describe('RowDot', () => {
  it('gradcheck property, and y_i = a_i · b_i', () => {
    fc.assert(
      fc.property(pair, ({ n, d, seed }) => {
        const rng = new Rng(seed);
        const a = randn(rng, [n, d]);
        const b = randn(rng, [n, d]);
        const rd = new RowDot();
        const y = rd.forward(a, b);
        expect(y.shape).toEqual([n]);
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let j = 0; j < d; j++) s += a.get(i, j) * b.get(i, j);
          expect(y.data[i]).toBeCloseTo(s, 12);
        }
        expectPass(checkPair(rd, a, b));
      }),
    );
  });

  it('negative control: a sign flip on db is caught', () => {
    class Flipped extends RowDot {
      override backward(dy: Tensor): [Tensor, Tensor] {
        const [da, db] = super.backward(dy);
        this.kernels.scale(db, db, -1);
        return [da, db];
      }
    }
    const rng = new Rng(4);
    expectCaught(checkPair(new Flipped(), randn(rng, [3, 2]), randn(rng, [3, 2])), 'b');
  });

  it('rejects bad shapes', () => {
    const rd = new RowDot();
    expect(() => rd.forward(Tensor.zeros([2]), Tensor.zeros([2]))).toThrow(ShapeError);
    rd.forward(Tensor.zeros([2, 3]), Tensor.zeros([2, 3]));
    expect(() => rd.backward(Tensor.zeros([3]))).toThrow(/dy is \[3\], expected \[2\]/);
  });
});
