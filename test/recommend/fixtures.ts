import { syntheticInteractions } from '../../src/data/synthetic.js';
import { Interactions } from '../../src/data/interactions.js';
import { IdMap } from '../../src/data/id-map.js';
import type { RecModel } from '../../src/models/model.js';
import { Adam } from '../../src/optim/adam.js';
import { fit } from '../../src/train/fit.js';
import { historySource, pointwiseSource } from '../../src/train/sources.js';
import { Rng } from '../../src/tensor/rng.js';
import type { Scorer } from '../../src/eval/scorer.js';

/** Small synthetic implicit data: 30 users, 40 items, ids "u<k>" / "i<k>". */
export function smallData(seed = 7, users = 30, items = 40): Interactions {
  return syntheticInteractions({ users, items, perUser: 8, seed }).interactions;
}

/** One or two quick epochs so the weights are not just the initialisation. */
export async function quickTrain(model: RecModel, train: Interactions, epochs = 2, historyLength?: number): Promise<void> {
  const rng = new Rng(11);
  const source = historyLength
    ? historySource(train, { batchSize: 64, negatives: 2, rng, historyLength })
    : pointwiseSource(train, { batchSize: 64, negatives: 2, rng });
  await fit(model, source, { epochs, optimizer: new Adam(model.parameters(), { lr: 0.01 }), progress: 'none' });
}

/** Interactions from (user, item) index pairs, with numeric ids 100+u / 500+i. */
export function pairs(list: ReadonlyArray<readonly [number, number]>, numUsers: number, numItems: number): Interactions {
  return new Interactions({
    users: Int32Array.from(list, (p) => p[0]),
    items: Int32Array.from(list, (p) => p[1]),
    timestamps: Float64Array.from(list, (_, r) => 1000 + r),
    numUsers,
    numItems,
    userIds: IdMap.from(Array.from({ length: numUsers }, (_, u) => 100 + u), 'user'),
    itemIds: IdMap.from(Array.from({ length: numItems }, (_, i) => 500 + i), 'item'),
  });
}

/** A scorer over a fixed [numUsers, numItems] table (no scoreAll, so the pair path runs). */
export class Table implements Scorer {
  constructor(
    readonly numUsers: number,
    readonly numItems: number,
    readonly table: Float32Array,
  ) {}
  score(users: Int32Array, items: Int32Array, out: Float32Array): void {
    for (let r = 0; r < users.length; r++) out[r] = this.table[users[r]! * this.numItems + items[r]!]!;
  }
}

/** Reference top-k: sort by score desc, then item index asc; skipping `skip`. */
export function naiveTop(scores: ArrayLike<number>, k: number, skip: ReadonlySet<number>, only: ReadonlySet<number> | null = null): number[] {
  const idx = Array.from({ length: scores.length }, (_, i) => i).filter((i) => !skip.has(i) && (only === null || only.has(i)) && !Number.isNaN(scores[i]!));
  idx.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return idx.slice(0, k);
}
