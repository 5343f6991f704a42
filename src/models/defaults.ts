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

/**
 * MLP dropout measured on the same split: NeuMF overfits after ~10 epochs at
 * dropout 0 (HR@10 0.597 at epoch 20) and reaches 0.611 with 0.2.
 */
const DROPOUT: Readonly<Record<string, number>> = { neumf: 0.2 };

/** The default MLP dropout for a model kind (0 unless measured otherwise). */
export function defaultDropout(kind: string): number {
  return DROPOUT[kind] ?? 0;
}

/**
 * Recent interactions repeated per epoch (pointwiseSource's oversampleRecent), measured
 * on the same split: NeuMF repeating each user's latest 10 training items once gains
 * 0.020 validation HR@10 (4 seeds) and 0.014 test HR@10 (12 seeds, paired), while
 * repeating 10 random items per user gains nothing (docs/benchmarks.md, 2026-11-23).
 * Pointwise BCE training only: other losses and sources have no such option.
 */
const RECENT: Readonly<Record<string, number>> = { neumf: 10 };

/** How many of each user's latest items to repeat per epoch for a model kind and loss (0: none). */
export function defaultOversampleRecent(kind: string, loss = 'bce'): number {
  return loss === 'bce' ? (RECENT[kind] ?? 0) : 0;
}
