import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { formatGradcheckReport } from '../../src/gradcheck/format.js';
import { GradcheckError, gradcheck } from '../../src/gradcheck/gradcheck.js';
import { Dropout } from '../../src/layers/dropout.js';
import { Parameter } from '../../src/layers/parameter.js';
import { Rng } from '../../src/tensor/rng.js';
import { cpuKernels as K } from '../../kernels/cpu/index.js';
import { Tensor } from '../../src/tensor/tensor.js';

const x64 = (v: number[]): Tensor => Tensor.fromFlat(v, [v.length], 'float64');

/** f(x) = Σ x³ with a configurable derivative. */
function cubic(x: Tensor, deriv: (v: number) => number) {
  return {
    inputs: { x },
    forward: () => Array.from(x.data).reduce((s, v) => s + v * v * v, 0),
    backward: () => ({ x: Tensor.fromFlat(Array.from(x.data, deriv), x.shape, 'float64') }),
  };
}

describe('gradcheck', () => {
  it('passes a correct scalar backward with errors near round-off', () => {
    const r = gradcheck(cubic(x64([0.5, -1.5, 2, 3]), (v) => 3 * v * v));
    expect(r.ok).toBe(true);
    expect(r.maxError).toBeLessThan(1e-8);
    expect(r.entries).toHaveLength(1);
    expect(r.entries[0]).toMatchObject({ name: 'x', kind: 'input', checked: 4, nonsmooth: 0, ok: true });
  });

  it('reports the worst element of a wrong backward, with both values', () => {
    const r = gradcheck(cubic(x64([0.5, -1.5, 2, 3]), (v) => (v === 3 ? 27.27 : 3 * v * v)));
    expect(r.ok).toBe(false);
    const e = r.entries[0]!;
    expect(e.worst!.index).toBe(3);
    expect(e.worst!.analytic).toBe(27.27);
    expect(e.worst!.numeric).toBeCloseTo(27, 6);
    expect(e.maxError).toBeCloseTo(0.27 / 27.27, 6);
  });

  it('projects a tensor output onto a fixed random direction', () => {
    const x = Tensor.fromFlat([1, 2, 3, 4, 5, 6], [2, 3], 'float64');
    const y = Tensor.zeros([2, 3], 'float64');
    let seen: Tensor | null = null;
    const target = (factor: number) => ({
      inputs: { x },
      forward: () => {
        K.scale(y, x, 2);
        return y;
      },
      backward: (dy: Tensor | null) => {
        seen = dy;
        const dx = Tensor.zeros([2, 3], 'float64');
        K.scale(dx, dy!, factor);
        return { x: dx };
      },
    });
    expect(gradcheck(target(2)).ok).toBe(true);
    expect(seen!.shape).toEqual([2, 3]);
    expect(new Set(Array.from(seen!.data)).size).toBe(6); // a generic direction, not all ones
    expect(gradcheck(target(2.02)).ok).toBe(false); // 1% scale
    expect(gradcheck(target(-2)).ok).toBe(false); // sign flip
  });

  it('reports a missing or misshapen input gradient as a problem', () => {
    const x = x64([1, 2]);
    const missing = gradcheck({ inputs: { x }, forward: () => x.data[0]!, backward: () => ({}) });
    expect(missing.ok).toBe(false);
    expect(missing.entries[0]!.problem).toMatch(/no gradient/);
    const misshapen = gradcheck({ inputs: { x }, forward: () => x.data[0]!, backward: () => ({ x: x64([1]) }) });
    expect(misshapen.entries[0]!.problem).toMatch(/shape \[1\], input \[2\]/);
  });

  it('refuses float32 tensors, where differences are round-off', () => {
    const x = Tensor.fromFlat([1], [1]);
    expect(() => gradcheck({ inputs: { x }, forward: () => x.data[0]!, backward: () => ({ x }) })).toThrow(ArgumentError);
    const p = new Parameter(Tensor.zeros([1]));
    expect(() => gradcheck({ params: [['p', p]], forward: () => 0, backward: () => {} })).toThrow(/parameter p.*float64/);
  });

  it('skips an element sitting on a kink and says so', () => {
    const x = x64([0, 1, -2]);
    const r = gradcheck({
      inputs: { x },
      forward: () => Array.from(x.data).reduce((s, v) => s + Math.max(v, 0), 0),
      backward: () => ({ x: Tensor.fromFlat(Array.from(x.data, (v) => (v > 0 ? 1 : 0)), [3], 'float64') }),
    });
    expect(r.ok).toBe(true);
    expect(r.entries[0]).toMatchObject({ checked: 2, nonsmooth: 1 });
  });

  it('fails an entry that compared nothing because every element sits on a kink', () => {
    // Σ|x| at x = 0: every element is a kink, so a backward of 7s was never looked at.
    const x = x64([0, 0, 0]);
    const target = { inputs: { x }, forward: () => Array.from(x.data).reduce((s, v) => s + Math.abs(v), 0), backward: () => ({ x: x64([7, 7, 7]) }) };
    const r = gradcheck(target);
    expect(r.ok).toBe(false);
    expect(r.entries[0]).toMatchObject({ checked: 0, nonsmooth: 3, ok: false });
    expect(r.entries[0]!.problem).toMatch(/^no element could be compared: all 3 sit within h of a kink/);
    expect(() => gradcheck(target, { throwOnFailure: true })).toThrow(/gradcheck failed: x \(no element could be compared/);
    // One element off the kink is compared (and the 7 there is caught).
    x.data[1] = 0.5;
    expect(gradcheck(target).entries[0]).toMatchObject({ checked: 1, nonsmooth: 2, ok: false });
  });

  it('fails a forward that is not deterministic (dropout drawing a new mask per call), whatever the backward', () => {
    const drop = new Dropout(0.5, { rng: new Rng(1) });
    const x = Tensor.fromFlat([0.3, -1.2, 0.8, 2.0, -0.4, 1.1], [2, 3], 'float64');
    const target = (factor: number) => ({
      inputs: { x },
      forward: () => drop.forward(x),
      backward: (dy: Tensor | null) => {
        const dx = Tensor.zeros([2, 3], 'float64');
        K.scale(dx, drop.backward(dy!), factor);
        return { x: dx };
      },
    });
    for (const factor of [1, 10]) {
      const r = gradcheck(target(factor));
      expect(r.ok).toBe(false);
      expect(r.problem).toMatch(/^forward is not deterministic: the objective at the unperturbed point was \S+, then \S+ \(replay random masks/);
      expect(r.entries[0]!.problem).toBe(r.problem);
      expect(formatGradcheckReport(r).split('\n')[0]).toMatch(/FAILED .*: forward is not deterministic/);
    }
    // Replaying the mask makes it a function again: the right backward passes, the x10 one fails on its error.
    const replayed = (factor: number) => ({ ...target(factor), forward: () => ((drop.rng = new Rng(5)), drop.forward(x)) });
    expect(gradcheck(replayed(1)).ok).toBe(true);
    const wrong = gradcheck(replayed(10));
    expect(wrong.ok).toBe(false);
    expect(wrong.problem).toBeUndefined();
    expect(wrong.maxError).toBeGreaterThan(0.5);
  });

  it('fails a forward that drifts while it is differenced (state kept between calls)', () => {
    const x = x64([0.5, -1]);
    let calls = 0;
    const r = gradcheck({
      inputs: { x },
      // Same value for the first calls, then a constant offset: the differences agree, the start and end do not.
      forward: () => (++calls > 3 ? 1e-3 : 0) + x.data[0]! * x.data[1]!,
      backward: () => ({ x: x64([x.data[1]!, x.data[0]!]) }),
    });
    expect(r.ok).toBe(false);
    expect(r.problem).toMatch(/^forward is not deterministic: the objective at the unperturbed point was -0\.5 before the differences and -0\.499 after/);
  });

  it('fails a target with nothing to check', () => {
    const r = gradcheck({ forward: () => 1, backward: () => {} });
    expect(r).toMatchObject({ ok: false, problem: 'nothing to check: no inputs and no parameters', entries: [] });
    expect(() => gradcheck({ forward: () => 1, backward: () => {} }, { throwOnFailure: true })).toThrow(/gradcheck failed: nothing to check/);
  });

  it('below floor the error is absolute: a wrong gradient under tolerance passes unless floor is lowered', () => {
    // L = 1e-7 Σ x²: dL/dx = 2e-7 x, under the 1e-6 tolerance whatever its sign (docs/gradcheck.md says so).
    const t = x64([0.5, -1, 2]);
    const tiny = (sign: number) => ({ inputs: { t }, forward: () => 1e-7 * Array.from(t.data).reduce((s, v) => s + v * v, 0), backward: () => ({ t: x64(Array.from(t.data, (v) => sign * 2e-7 * v)) }) });
    expect(gradcheck(tiny(-1)).ok).toBe(true);
    // A floor near the gradients' scale makes the error relative, and the sign flip shows (error 2).
    expect(gradcheck(tiny(1), { floor: 1e-9 }).ok).toBe(true);
    const flipped = gradcheck(tiny(-1), { floor: 1e-9 });
    expect(flipped.ok).toBe(false);
    expect(flipped.maxError).toBeCloseTo(2, 6);
  });

  it('checks parameter gradients, and that backward adds rather than assigns', () => {
    const p = new Parameter(Tensor.fromFlat([0.5, -2], [2], 'float64'));
    const forward = () => p.value.data[0]! * p.value.data[1]!;
    const adds = () => {
      const g = p.denseGrad.data;
      g[0] = g[0]! + p.value.data[1]!;
      g[1] = g[1]! + p.value.data[0]!;
    };
    const assigns = () => {
      p.denseGrad.data[0] = p.value.data[1]!;
      p.denseGrad.data[1] = p.value.data[0]!;
    };
    expect(gradcheck({ params: [['p', p]], forward, backward: adds }).ok).toBe(true);
    const r = gradcheck({ params: [['p', p]], forward, backward: assigns });
    expect(r.ok).toBe(false);
    expect(r.entries[0]!.problem).toMatch(/must accumulate/);
    expect(r.entries[0]!.maxError).toBeLessThan(1e-8); // the values themselves were right
    expect(gradcheck({ params: [['p', p]], forward, backward: assigns }, { checkAccumulation: false }).ok).toBe(true);
    expect(Array.from(p.denseGrad.data)).toEqual([0, 0]); // left zeroed
  });

  it('compares a sparse table on every row, or only the touched ones', () => {
    const table = new Parameter(Tensor.fromFlat([1, 2, 3, 4, 5, 6], [3, 2], 'float64'), true);
    const ids = Int32Array.from([2, 0, 2]);
    // L = Σ_r Σ_j c_rj · W[ids[r], j] with distinct coefficients per slot.
    const c = [1, 2, 3, 4, 5, 6];
    const forward = () => {
      let s = 0;
      ids.forEach((id, r) => (s += c[2 * r]! * table.value.data[2 * id]! + c[2 * r + 1]! * table.value.data[2 * id + 1]!));
      return s;
    };
    const backward = (dropDuplicates: boolean) => () => {
      const seen = new Set<number>();
      ids.forEach((id, r) => {
        if (dropDuplicates && seen.has(id)) return;
        seen.add(id);
        table.sparseGrad.accumulate(Int32Array.of(id), Tensor.fromFlat([c[2 * r]!, c[2 * r + 1]!], [1, 2], 'float64'), K);
      });
    };
    const good = gradcheck({ params: [['table', table]], forward, backward: backward(false) });
    expect(good.ok).toBe(true);
    expect(good.entries[0]).toMatchObject({ checked: 6, touchedRows: 2 });
    const touched = gradcheck({ params: [['table', table]], forward, backward: backward(false) }, { sparseRows: 'touched' });
    expect(touched.entries[0]).toMatchObject({ checked: 4, ok: true });
    // Negative control: assigning instead of accumulating repeated ids loses gradient.
    expect(gradcheck({ params: [['table', table]], forward, backward: backward(true) }).ok).toBe(false);
  });

  it('throws only when asked, with the failing tensors named', () => {
    const t = cubic(x64([1, 2]), (v) => -3 * v * v);
    expect(gradcheck(t).ok).toBe(false);
    expect(() => gradcheck(t, { throwOnFailure: true })).toThrow(GradcheckError);
    expect(() => gradcheck(t, { throwOnFailure: true })).toThrow(/gradcheck failed: x \(error/);
  });

  it('formats a table with one line per tensor', () => {
    const text = formatGradcheckReport(gradcheck(cubic(x64([1, 2]), (v) => 3 * v * v)), 'cubic');
    expect(text.split('\n')).toHaveLength(3);
    expect(text).toMatch(/^cubic: ok \(max error/);
    expect(text).toMatch(/input x\s+\[2\]\s+2\s+\S+\s+ok/);
    const bad = formatGradcheckReport(gradcheck(cubic(x64([1, 2]), (v) => 3 * v)));
    expect(bad).toMatch(/FAIL at 1: analytic 6, numeric 12/);
  });
});
