import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FastRandom } from '../../src/tensor/fast-random.js';
import { Rng } from '../../src/tensor/rng.js';

describe('FastRandom.fillMask', () => {
  it('uses each nextU32 draw for two elements, low 16 bits then high 16 bits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: 300 }), fc.double({ min: 0, max: 0.99, noNaN: true }), (seed, n, p) => {
        const bulk = new FastRandom(new Rng(seed));
        const single = new FastRandom(new Rng(seed));
        const out = new Float64Array(n);
        bulk.fillMask(out, p, 2.5);
        let r = 0;
        for (let i = 0; i < n; i++) {
          if (i % 2 === 0) r = single.nextU32();
          const u = i % 2 === 0 ? r & 0xffff : r >>> 16;
          expect(out[i]).toBe(u < p * 65536 ? 0 : 2.5);
        }
        // The state advanced by exactly ceil(n / 2) draws.
        expect(bulk.nextU32()).toBe(single.nextU32());
      }),
    );
  });

  it('drops about p of the elements', () => {
    const out = new Float32Array(100_000);
    new FastRandom(new Rng(7)).fillMask(out, 0.2, 1.25);
    const dropped = out.filter((v) => v === 0).length / out.length;
    expect(dropped).toBeGreaterThan(0.195);
    expect(dropped).toBeLessThan(0.205);
    expect(out.every((v) => v === 0 || v === 1.25)).toBe(true);
  });

  it('negative control: a different seed gives a different mask', () => {
    const a = new Float32Array(64), b = new Float32Array(64);
    new FastRandom(new Rng(1)).fillMask(a, 0.5, 2);
    new FastRandom(new Rng(2)).fillMask(b, 0.5, 2);
    expect(Array.from(a)).not.toEqual(Array.from(b));
  });
});
