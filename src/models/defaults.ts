/**
 * Adam learning rates measured on the ML-100K NCF split (docs/benchmarks.md,
 * 2026-11-22). Our Adam updates embedding rows lazily, so embedding-heavy models
 * want a larger rate than PyTorch's dense Adam at the NCF paper's 1e-3.
 */
const MEASURED: Readonly<Record<string, number>> = { mf: 0.005, gmf: 0.005, mlp: 0.002, neumf: 0.002, ancf: 0.001 };

/** The default learning rate for a model kind and loss ('mse': explicit ratings). */
export function defaultLearningRate(kind: string, loss = 'bce'): number {
  if (loss === 'mse') return 0.002;
  return MEASURED[kind] ?? 0.001;
}
