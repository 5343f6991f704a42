import { PositiveSet } from '../data/positive-set.js';
import { sampleTestNegatives } from '../data/negative-samplers.js';
import { splitLeaveOneOut } from '../data/split-leave-one-out.js';
import { splitPerUser } from '../data/split-random.js';
import type { Interactions } from '../data/interactions.js';
import { ArgumentError } from '../errors.js';
import { Rng } from '../tensor/rng.js';
import type { Dataset } from './dataset.js';

export type SplitKind = 'loo' | 'random';

/** Everything that decides the evaluation split; saved in the checkpoint so `evaluate` rebuilds it. */
export interface SplitSpec {
  readonly kind: SplitKind;
  /** 'random' only: the share of each user's rows held out. */
  readonly testRatio: number;
  /** Sampled negatives per held-out row (NCF: 99), capped by the catalogue. */
  readonly negatives: number;
  readonly seed: number;
}

export interface Prepared {
  /** What the model trains on (validation rows removed when asked for). */
  readonly train: Interactions;
  readonly validation: Interactions | null;
  readonly validationNegatives: Int32Array[] | null;
  readonly test: Interactions;
  readonly testNegatives: Int32Array[];
  /** Every row (train, validation and test): sampled negatives avoid all of them. */
  readonly all: Interactions;
  /** How many negatives each row really has (the spec's, or fewer in a tiny catalogue). */
  readonly negatives: number;
}

/**
 * The split, deterministic in (data, spec): leave-one-out puts each user's latest
 * interaction in test; 'random' a per-user share. NCF files bring their own split and
 * negatives. With `validation`, each user's latest remaining training row becomes
 * validation (for per-epoch metrics and early stopping) so the test set is never
 * looked at while training.
 */
export function prepareSplit(data: Dataset, spec: SplitSpec, { validation }: { validation: boolean }): Prepared {
  const all = data.all;
  const positives = new PositiveSet(all);
  let train: Interactions;
  let test: Interactions;
  let testNegatives: Int32Array[] | null = null;
  if (data.fixed) {
    ({ train, test, testNegatives } = data.fixed);
  } else {
    const s = spec.kind === 'loo' ? splitLeaveOneOut(all) : splitPerUser(all, { rng: new Rng(`${spec.seed}:split`), testRatio: spec.testRatio });
    train = s.train;
    test = s.test;
  }
  if (test.length === 0) throw new ArgumentError('data', 'the split left no test rows (every user has a single interaction?)');
  const count = Math.min(spec.negatives, room(positives, test));
  if (count < 1) throw new ArgumentError('negatives', 'some test user has interacted with every item: no negative can be sampled');
  testNegatives ??= sampleTestNegatives(positives, test, count, new Rng(`${spec.seed}:test-negatives`));
  let validationSet: Interactions | null = null;
  let validationNegatives: Int32Array[] | null = null;
  if (validation) {
    const v = splitLeaveOneOut(train);
    if (v.test.length > 0) {
      train = v.train;
      validationSet = v.test;
      validationNegatives = sampleTestNegatives(positives, validationSet, Math.min(count, room(positives, validationSet)), new Rng(`${spec.seed}:validation-negatives`));
    }
  }
  return { train, validation: validationSet, validationNegatives, test, testNegatives, all, negatives: testNegatives[0]?.length ?? count };
}

/** The fewest non-positive items any user of `rows` has. */
function room(positives: PositiveSet, rows: Interactions): number {
  let least = Infinity;
  for (let r = 0; r < rows.length; r++) least = Math.min(least, positives.numItems - positives.degree(rows.users[r]!));
  return least;
}
