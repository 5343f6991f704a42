import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matmul } from '../../../../kernels/cpu/matmul.js';
import { sleb, uleb } from '../../../../kernels/cpu/wasm/encode.js';
import { wasmGemm } from '../../../../kernels/cpu/wasm/gemm.js';
import { Tensor } from '../../../../src/tensor/tensor.js';
import { dim, maxRelError, tensorOf } from '../../../helpers/arbitraries.js';
import { refMatmul, toMat, transpose } from '../../reference.js';

describe('WebAssembly SIMD matmul', () => {
  it('is available on Node 20 (the float32 path uses it)', () => {
    expect(wasmGemm()).not.toBeNull();
  });

  it('encodes LEB128 as the spec does', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
  });

  it('float32 (wasm) and float64 (JavaScript) paths agree with the reference on ragged tile edges', () => {
    const arb = fc
      .record({ m: dim(1, 13), k: dim(1, 13), n: dim(1, 19), ta: fc.boolean(), tb: fc.boolean(), acc: fc.boolean() })
      .chain((d) =>
        fc.record({ d: fc.constant(d), a: tensorOf(d.ta ? [d.k, d.m] : [d.m, d.k]), b: tensorOf(d.tb ? [d.n, d.k] : [d.k, d.n]), c0: tensorOf([d.m, d.n]) }),
      );
    fc.assert(
      fc.property(arb, ({ d, a, b, c0 }) => {
        const am = d.ta ? transpose(toMat(a.data, d.k, d.m), d.m) : toMat(a.data, d.m, d.k);
        const bm = d.tb ? transpose(toMat(b.data, d.n, d.k), d.k) : toMat(b.data, d.k, d.n);
        const expected = refMatmul(am, bm, d.m, d.k, d.n).map((v, i) => (d.acc ? v + c0.data[i]! : v));
        const out32 = c0.clone();
        matmul(out32, a, b, d.ta, d.tb, d.acc);
        expect(maxRelError(out32.data, expected)).toBeLessThan(1e-5);
        const out64 = c0.cast('float64');
        matmul(out64, a.cast('float64'), b.cast('float64'), d.ta, d.tb, d.acc);
        expect(maxRelError(out64.data, expected)).toBeLessThan(1e-12);
      }),
    );
  });

  it('grows its memory for large operands and stays correct', () => {
    const m = 70, k = 300, n = 900;
    const a = Tensor.fromFlat(Array.from({ length: m * k }, (_, i) => ((i * 7) % 11) - 5), [m, k]);
    const b = Tensor.fromFlat(Array.from({ length: k * n }, (_, i) => ((i * 3) % 7) - 3), [k, n]);
    const out = Tensor.zeros([m, n]);
    matmul(out, a, b);
    const expected = refMatmul(toMat(a.data, m, k), toMat(b.data, k, n), m, k, n);
    expect(maxRelError(out.data, expected)).toBe(0);
  });
});
