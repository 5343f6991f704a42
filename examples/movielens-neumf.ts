/**
 * NeuMF on MovieLens 100K with the NCF paper's protocol, early stopping on a
 * validation item per user, and a saved recommender you can serve with
 * `ancf serve --model models/example-neumf`.
 *
 *   ANCF_DATA=path/to/ml-100k npx tsx examples/movielens-neumf.ts
 *
 * Reads MovieLens 100K (u.data) from $ANCF_DATA, ./data or ../shared/data, each the
 * ml-100k folder itself or a root holding ml-100k/ (src/cli/data-path.ts); without it
 * (or with ANCF_EXAMPLE_QUICK=1) it runs on a small synthetic dataset instead, and
 * says why.
 */
import { exampleDataRoots, findData, holds, listPaths } from '../src/cli/data-path.js';
import {
  Adam, NeuMF, Recommender, Rng, SampledEvaluator, earlyStopping, fit, loadMovieLens100K, pointwiseSource,
  sampleTestNegatives, saveRecommender, splitLeaveOneOut, syntheticInteractions, type Interactions,
} from '../src/node.js';

const quick = process.env.ANCF_EXAMPLE_QUICK === '1';
const { found: dir, looked } = quick ? { found: null, looked: [] } : findData(exampleDataRoots(), { names: ['ml-100k'], accept: holds('u.data') });

let all: Interactions;
let titles = new Map<string | number, string>();
if (dir) {
  const ml = await loadMovieLens100K(dir); // ids: MovieLens numbers; dense indices in ascending id order
  all = ml.interactions;
  ml.items?.titles.forEach((t, i) => t && titles.set(all.itemIds!.toExternal(i), t));
  console.log(`MovieLens 100K from ${dir}: ${all.length} ratings`);
} else {
  all = syntheticInteractions({ users: 80, items: 120, perUser: 15, seed: 5 }).interactions;
  console.log(quick ? 'quick mode (ANCF_EXAMPLE_QUICK=1): a small synthetic dataset' : `no MovieLens 100K (u.data) at ${listPaths(looked)}: using a small synthetic dataset (set ANCF_DATA)`);
}

// Leave-one-out twice: the latest item per user is test, the one before it validation.
const { train: trainAndVal, test } = splitLeaveOneOut(all);
const { train, test: validation } = splitLeaveOneOut(trainAndVal);
const evalSet = (rows: Interactions, seed: number) =>
  new SampledEvaluator({ users: rows.users, positives: rows.items, negatives: sampleTestNegatives(all, rows, quick ? 30 : 99, new Rng(seed)) });
const val = evalSet(validation, 1);

const model = new NeuMF({ numUsers: all.numUsers, numItems: all.numItems, factors: 8, layers: [64, 32, 16, 8] });
const history = await fit(model, pointwiseSource(train, { batchSize: 256, negatives: 4, rng: new Rng(2) }), {
  epochs: quick ? 2 : 20,
  optimizer: new Adam(model.parameters(), { lr: 1e-3 }),
  progress: 'lines',
  validate: () => {
    const r = val.evaluate(model);
    return { 'hr@10': r.hr, 'ndcg@10': r.ndcg };
  },
  // Stop when validation NDCG has not improved for 2 epochs, keeping the best weights.
  callbacks: [earlyStopping({ monitor: 'ndcg@10', patience: 2 })],
});
const r = evalSet(test, 3).evaluate(model);
console.log(`best epoch ${history.bestEpoch}; test HR@10 ${r.hr.toFixed(4)}  NDCG@10 ${r.ndcg.toFixed(4)}`);

const recommender = new Recommender({ model, train: all, itemTitles: titles });
const user = all.userIds!.toExternal(0);
for (const it of recommender.recommend(user, 5).items) console.log(`  ${it.title ?? it.itemId}  ${it.score.toFixed(3)}`);
if (!quick) {
  await saveRecommender('models/example-neumf', recommender);
  console.log('saved models/example-neumf');
}
