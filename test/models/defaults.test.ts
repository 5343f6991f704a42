import { describe, expect, it } from 'vitest';
import { defaultDropout, defaultLearningRate, defaultOversampleRecent } from '../../src/models/defaults.js';

describe('measured defaults (docs/benchmarks.md)', () => {
  it('learning rates per kind, 2e-3 for mse, 1e-3 for a kind never measured', () => {
    expect(defaultLearningRate('gmf')).toBe(0.005);
    expect(defaultLearningRate('neumf')).toBe(0.002);
    expect(defaultLearningRate('ancf')).toBe(0.001);
    expect(defaultLearningRate('neumf', 'mse')).toBe(0.002);
    expect(defaultLearningRate('my-model')).toBe(0.001);
  });

  it('dropout 0.2 for NeuMF only', () => {
    expect(defaultDropout('neumf')).toBe(0.2);
    expect(defaultDropout('mlp')).toBe(0);
  });

  it('recent oversampling 10 for NeuMF with bce; 0 for other losses, other kinds and ANCF', () => {
    expect(defaultOversampleRecent('neumf')).toBe(10);
    expect(defaultOversampleRecent('neumf', 'bpr')).toBe(0);
    expect(defaultOversampleRecent('neumf', 'mse')).toBe(0);
    expect(defaultOversampleRecent('gmf')).toBe(0);
    expect(defaultOversampleRecent('ancf')).toBe(0);
  });
});
