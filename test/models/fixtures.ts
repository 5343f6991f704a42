import fc from 'fast-check';
import { expect } from 'vitest';
import { PositiveSet } from '../../src/data/positive-set.js';
import { sampleTestNegatives } from '../../src/data/negative-samplers.js';
import { splitLeaveOneOut } from '../../src/data/split-leave-one-out.js';
import type { Split } from '../../src/data/split-types.js';
import { syntheticInteractions, type SyntheticOptions, type SyntheticTruth } from '../../src/data/synthetic.js';
import { SampledEvaluator } from '../../src/eval/sampled.js';
import type { Scorer } from '../../src/eval/scorer.js';
import { gradcheck, type GradcheckOptions, type GradcheckReport } from '../../src/gradcheck/gradcheck.js';
import { SparseRowGrad } from '../../src/layers/parameter.js';
import type { Batch } from '../../src/models/batch.js';
import { Popularity } from '../../src/models/baselines/popularity.js';
import type { RecModel } from '../../src/models/model.js';
import { Adam } from '../../src/optim/adam.js';
import { fit, type LossName } from '../../src/train/fit.js';
import type { EpochSource } from '../../src/train/types.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';

/**
 * The synthetic task every model trains on in tests: 200 users x 300 items, ~30
 * interactions each, drawn with weight popularity^0.5 x exp(4 <p_u, q_i>) from
 * rank-4 planted factors. The flattened popularity (exponent 0.5 instead of Zipf's
 * 1) makes preference, not popularity, the main signal, so popularity scores a
 * sampled HR@10 of about 0.25 while a model that recovers the factors gets ~0.5.
 * Leave-one-out split, 99 fixed negatives per test user (the NCF protocol).
 */
export const TASK: SyntheticOptions = { users: 200, items: 300, perUser: 30, popularityExponent: 0.5, rank: 4, signal: 4, seed: 1 };

export interface Task {
  readonly split: Split;
  readonly truth: SyntheticTruth;
  readonly numUsers: number;
  readonly numItems: number;
  readonly evaluator: SampledEvaluator;
  /** Sampled HR@10 of item popularity on this task. */
  readonly popularityHr: number;
  hr(scorer: Scorer): number;
}

export function syntheticTask(overrides: Partial<SyntheticOptions> = {}): Task {
  const opts = { ...TASK, ...overrides };
  const { interactions, truth } = syntheticInteractions(opts);
  const split = splitLeaveOneOut(interactions);
  const negatives = sampleTestNegatives(new PositiveSet(interactions), split.test, 99, new Rng(7));
  const evaluator = new SampledEvaluator({ users: split.test.users, positives: split.test.items, negatives });
  const hr = (s: Scorer): number => evaluator.evaluate(s).hr;
  return { split, truth, numUsers: opts.users, numItems: opts.items, evaluator, popularityHr: hr(new Popularity(split.train)), hr };
}

export interface TrainOptions {
  epochs: number;
  lr?: number;
  loss?: LossName;
  weightDecay?: number;
}

/** Trains with Adam (quietly) and returns the final epoch's loss. */
export async function train(model: RecModel, source: EpochSource, { epochs, lr = 0.01, loss = 'bce', weightDecay = 0 }: TrainOptions): Promise<number> {
  const h = await fit(model, source, { epochs, optimizer: new Adam(model.parameters(), { lr, weightDecay }), loss, progress: 'none' });
  return h.epochs.at(-1)!.loss;
}

/** n random (user, item) pairs with 0/1 labels; the last sample repeats the first, so ids always repeat. */
export function randomBatch(rng: Rng, numUsers: number, numItems: number, n: number): Batch {
  const users = Int32Array.from({ length: n }, () => rng.int(numUsers));
  const items = Int32Array.from({ length: n }, () => rng.int(numItems));
  if (n > 1) {
    users[n - 1] = users[0]!;
    items[n - 1] = items[0]!;
  }
  const labels = Float32Array.from({ length: n }, () => (rng.next() < 0.5 ? 1 : 0));
  return { size: n, users, items, labels };
}

/** Shapes and seeds for gradient-check properties: tiny vocabularies, so every row is differenced. */
export const gradCases = fc.record({
  numUsers: fc.integer({ min: 1, max: 5 }),
  numItems: fc.integer({ min: 1, max: 6 }),
  n: fc.integer({ min: 1, max: 7 }),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});

/** Every parameter set to scale · N(0, 1): no bias left at zero on a ReLU kink. */
export function randomize(model: RecModel, rng: Rng, scale = 0.5): void {
  for (const p of model.parameters()) for (let i = 0; i < p.value.size; i++) p.value.data[i] = scale * rng.normal();
}

/**
 * Gradient check of a whole model: L = Σ w ⊙ logits for a fixed random w, every
 * parameter (every row of every embedding table) against central differences.
 */
export function checkModel(model: RecModel, batch: Batch, options: GradcheckOptions = {}): GradcheckReport {
  return gradcheck({ params: model, forward: () => model.forward(batch), backward: (dy) => model.backward(dy!) }, options);
}

/** The rows each sparse parameter's gradient holds after one forward/backward of `batch`, by name. */
export function touchedRows(model: RecModel, batch: Batch): Record<string, number[]> {
  model.zeroGrad();
  const y = model.forward(batch);
  model.backward(Tensor.ones(y.shape, y.dtype));
  const out: Record<string, number[]> = {};
  for (const [name, p] of model.namedParameters()) {
    if (p.grad instanceof SparseRowGrad) out[name] = Array.from(p.grad.rows.subarray(0, p.grad.count)).sort((a, b) => a - b);
  }
  model.zeroGrad();
  return out;
}

export const distinct = (ids: ArrayLike<number>): number[] => [...new Set(Array.from(ids))].sort((a, b) => a - b);

/** Expects every value of `a` bit-identical to `b`'s. */
export function expectSameState(a: Record<string, Tensor>, b: Record<string, Tensor>): void {
  expect(Object.keys(a)).toEqual(Object.keys(b));
  for (const [k, t] of Object.entries(a)) {
    const u = b[k]!;
    expect(u.dtype, k).toBe(t.dtype);
    expect(Buffer.from(u.data.buffer, u.data.byteOffset, u.data.byteLength).equals(Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength)), k).toBe(true);
  }
}

/** A deep copy of a model's parameter values. */
export function snapshot(model: RecModel): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(model.stateDict()).map(([k, t]) => [k, t.clone()]));
}


/** |t[row]|², for the penalty terms of gradient-check objectives. */
export function rowSquaredNorm(t: Tensor, row: number): number {
  return Array.from(t.row(row).data).reduce((a, v) => a + v * v, 0);
}

/**
 * The gradient-check objective of a penalised model: Σ_r w_r s_r + Σ_r penalty(u_r, i_r),
 * with s = model.forward(batch). Its gradient is what model.backward(w) must return
 * when the model adds that per-sample penalty's gradient itself.
 */
export function penalisedObjective(model: RecModel, batch: Batch, w: Tensor, penalty: (u: number, i: number) => number): () => number {
  return () => {
    const s = model.forward(batch).data;
    let total = 0;
    for (let r = 0; r < batch.size; r++) total += w.data[r]! * s[r]! + penalty(batch.users[r]!, batch.items[r]!);
    return total;
  };
}

/** n standard-normal weights w, for objectives Σ w ⊙ s whose gradient is w. */
export function randomWeights(rng: Rng, n: number): Tensor {
  const w = Tensor.zeros([n], 'float64');
  for (let r = 0; r < n; r++) w.data[r] = rng.normal();
  return w;
}
