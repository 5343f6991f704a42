import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchMatmul } from '../../../../kernels/cpu/matmul.js';
import { wasmSmallGemm } from '../../../../kernels/cpu/wasm/small-gemm.js';
import { Tensor } from '../../../../src/tensor/tensor.js';
import { tensorOf } from '../../../helpers/arbitraries.js';

// batchMatmul's tiny products in float32 take the WebAssembly loop; the same call
// in float64 takes the JavaScript loop. Both sum float64 products of the same
// inputs in the same order, so the float32 result is the float64 one rounded once.
describe('WebAssembly small batched products', () => {
  it('is available on Node 20', () => {
    expect(wasmSmallGemm()).not.toBeNull();
  });

  it('batchMatmul of tiny float32 products equals the float64 loop rounded to float32, all transposes, accumulating or not', () => {
    const dims = fc.record({ batch: fc.integer({ min: 8, max: 40 }), m: fc.integer({ min: 1, max: 3 }), k: fc.integer({ min: 1, max: 10 }), n: fc.integer({ min: 1, max: 9 }), ta: fc.boolean(), tb: fc.boolean(), acc: fc.boolean() });
    fc.assert(
      fc.property(
        dims.chain((d) => fc.record({ d: fc.constant(d), a: tensorOf(d.ta ? [d.batch, d.k, d.m] : [d.batch, d.m, d.k]), b: tensorOf(d.tb ? [d.batch, d.n, d.k] : [d.batch, d.k, d.n]), c: tensorOf([d.batch, d.m, d.n]) })),
        ({ d, a, b, c }) => {
          const out32 = c.clone();
          batchMatmul(out32, a, b, d.ta, d.tb, d.acc);
          const out64 = c.cast('float64');
          batchMatmul(out64, a.cast('float64'), b.cast('float64'), d.ta, d.tb, d.acc);
          // (Below 256 multiply-adds in all the float32 call stays in JavaScript: same rule.)
          expect(Array.from(out32.data)).toEqual(Array.from(Float32Array.from(out64.data)));
        },
      ),
    );
  });

  it('negative control: accumulate=false ignores what C held, accumulate=true adds to it', () => {
    const a = Tensor.ones([64, 1, 4]), b = Tensor.ones([64, 4, 2]);
    const c = Tensor.full([64, 1, 2], 10);
    batchMatmul(c, a, b, false, false, false);
    expect(c.data[0]).toBe(4);
    batchMatmul(c, a, b, false, false, true);
    expect(c.data[127]).toBe(8);
  });
});
