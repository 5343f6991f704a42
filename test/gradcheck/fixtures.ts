import fc from 'fast-check';
import { expect } from 'vitest';
import { formatGradcheckReport } from '../../src/gradcheck/format.js';
import type { GradcheckReport } from '../../src/gradcheck/gradcheck.js';
import type { Module } from '../../src/layers/module.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';

/**
 * Gradient-check fixtures. Shapes, ids and masks come from fast-check; values
 * come from an Rng seeded by fast-check, so they are continuous (no exact zeros
 * sitting on a ReLU kink, as fc.double's edge cases would give) yet reproducible
 * and shrinkable through the seed.
 */
export const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });

export function randn(rng: Rng, shape: readonly number[], scale = 1): Tensor {
  const t = Tensor.zeros(shape, 'float64');
  for (let i = 0; i < t.size; i++) t.data[i] = scale * rng.normal();
  return t;
}

/** Gives every parameter random values (zero-initialised biases would put ReLUs exactly on their kink). */
export function randomizeParams(m: Module, rng: Rng, scale = 1): void {
  for (const p of m.parameters()) for (let i = 0; i < p.value.size; i++) p.value.data[i] = scale * rng.normal();
}

export const TOL = 1e-6;

/** The report passes, and every entry compared most of its elements (a check that skips everything proves nothing). */
export function expectPass(report: GradcheckReport): void {
  const text = formatGradcheckReport(report);
  expect(report.ok, text).toBe(true);
  expect(report.maxError, text).toBeLessThan(TOL);
  for (const e of report.entries) {
    const size = e.shape.reduce((a, b) => a * b, 1);
    expect(e.checked + e.nonsmooth, text).toBe(size);
    expect(e.nonsmooth, text).toBeLessThanOrEqual(Math.max(1, Math.floor(size / 4)));
  }
}

/** The report fails on the named tensor. */
export function expectCaught(report: GradcheckReport, name: string): void {
  const text = formatGradcheckReport(report);
  expect(report.ok, text).toBe(false);
  const entry = report.entries.find((e) => e.name === name);
  expect(entry, text).toBeDefined();
  expect(entry!.ok, text).toBe(false);
}
