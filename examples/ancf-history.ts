/**
 * ANCF: attention over each user's recent items. Trains on synthetic data with a
 * planted taste structure, then recommends
 *   1. for a known user (their id plus their last items),
 *   2. for a brand-new user from a handful of items (fold-in: no retraining; the
 *      model's shared "unknown user" row plus attention over the given history),
 *   3. and shows that the history, not an id, drives the fold-in list.
 *
 *   npx tsx examples/ancf-history.ts        (ANCF_EXAMPLE_QUICK=1: one small epoch)
 */
import {
  ANCF, Adam, Recommender, Rng, SampledEvaluator, fit, historySource, lastItems, sampleTestNegatives, splitLeaveOneOut,
  syntheticInteractions,
} from '../src/index.js';

const quick = process.env.ANCF_EXAMPLE_QUICK === '1';
const { interactions: all, truth } = syntheticInteractions({ users: quick ? 60 : 600, items: quick ? 80 : 300, perUser: 25, seed: 9 });
const { train, test } = splitLeaveOneOut(all);
const L = 10;

// userDropout: 10% of training samples use the "unknown user" row, so it learns to score from history alone.
const model = new ANCF({ numUsers: all.numUsers, numItems: all.numItems, historyLength: L, scoring: 'dot', userDropout: 0.1 });
model.setHistories(lastItems(train, { historyLength: L })); // what validation scoring reads
const evaluator = new SampledEvaluator({ users: test.users, positives: test.items, negatives: sampleTestNegatives(all, test, quick ? 30 : 50, new Rng(1)) });
await fit(model, historySource(train, { batchSize: 256, negatives: 4, rng: new Rng(2), historyLength: L }), {
  epochs: quick ? 1 : 6,
  optimizer: new Adam(model.parameters(), { lr: 2e-3 }),
  progress: 'lines',
  validate: () => ({ 'hr@10': evaluator.evaluate(model).hr }),
});

// The Recommender re-attaches histories from the interactions it is given (here all of them).
const rec = new Recommender({ model, train: all });
const show = (label: string, items: { itemId: string | number; score: number }[]): void =>
  console.log(`${label}: ${items.map((it) => `${it.itemId} ${it.score.toFixed(2)}`).join(', ')}`);

show('known user u3', rec.recommend('u3', 5).items);

// A new user: the items they clicked, oldest first. Pick the items the planted taste of
// user 7 likes most, so we can check the fold-in list follows that taste.
const liked = Array.from({ length: all.numItems }, (_, i) => i).sort((a, b) => truth.affinity(7, b) - truth.affinity(7, a)).slice(0, 5);
const history = liked.map((i) => all.itemIds!.toExternal(i));
const fold = rec.recommendFromHistory(history, 5);
show(`new user who liked ${history.join(' ')}`, fold.items);
const affinity = (items: { itemId: string | number }[]): number =>
  items.reduce((s, it) => s + truth.affinity(7, all.itemIds!.toIndex(it.itemId)), 0) / Math.max(1, items.length);
console.log(`mean planted affinity of the fold-in list: ${affinity(fold.items).toFixed(2)} (popular items: ${affinity(rec.recommendFromHistory([], 5).items).toFixed(2)})`);

// The same through the model directly: scores of every item for that history.
const scores = new Float32Array(all.numItems);
model.scoreFromHistory(Int32Array.from(liked), Int32Array.from({ length: all.numItems }, (_, i) => i), scores);
console.log(`scoreFromHistory: best item ${all.itemIds!.toExternal(scores.indexOf(Math.max(...scores)))} (history items included)`);
