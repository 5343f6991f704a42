/**
 * A two-tower model with side features: the user tower reads [ID embedding | age,
 * gender, occupation, zip region], the item tower [ID embedding | genres, decade],
 * s(u, i) = f_user(u) · f_item(i). Trained with in-batch softmax (every other item
 * of a batch is a negative), compared with the same towers on IDs alone.
 *
 *   ANCF_DATA=path/to/ml-100k npx tsx examples/two-tower-features.ts
 *
 * Without MovieLens 100K (or with ANCF_EXAMPLE_QUICK=1) it runs on synthetic data
 * whose item "genre" feature is planted in the preferences.
 */
import { exampleDataRoots, findData, holds, listPaths } from '../src/cli/data-path.js';
import {
  Adam, Rng, SampledEvaluator, Tensor, TwoTower, fit, loadMovieLens100K, movieLensItemFeatures, movieLensUserFeatures,
  pointwiseSource, sampleTestNegatives, splitLeaveOneOut, syntheticInteractions, type Interactions, type TwoTowerFeatures,
} from '../src/node.js';

const quick = process.env.ANCF_EXAMPLE_QUICK === '1';
// ANCF_DATA may be the ml-100k folder or a root holding ml-100k/ (src/cli/data-path.ts).
const { found: dir, looked } = quick ? { found: null, looked: [] } : findData(exampleDataRoots(), { names: ['ml-100k'], accept: holds('u.data', 'u.user', 'u.item') });

let all: Interactions;
let features: TwoTowerFeatures;
if (dir) {
  const ml = await loadMovieLens100K(dir);
  all = ml.interactions;
  // Encoded tables (categorical, multi-hot, numeric columns), aligned with the dense indices.
  features = { userFeatures: movieLensUserFeatures(ml.users!).table, itemFeatures: movieLensItemFeatures(ml.items!).table };
  console.log(`MovieLens 100K from ${dir} with user demographics and movie genres`);
} else {
  const { interactions, truth } = syntheticInteractions({ users: 120, items: 150, perUser: 15, seed: 8, rank: 4 });
  all = interactions;
  // A 4-column "genre" one-hot per item: the sign pattern of its planted factors' first two dimensions.
  const genre = Tensor.zeros([all.numItems, 4]);
  for (let i = 0; i < all.numItems; i++) genre.data[i * 4 + (truth.itemFactors[i * 4]! > 0 ? 2 : 0) + (truth.itemFactors[i * 4 + 1]! > 0 ? 1 : 0)] = 1;
  features = { itemFeatures: genre };
  const why = quick ? 'quick mode (ANCF_EXAMPLE_QUICK=1)' : `no MovieLens 100K with u.data, u.user and u.item at ${listPaths(looked)} (set ANCF_DATA)`;
  console.log(`synthetic data with a planted item "genre" feature: ${why}`);
}

const { train, test } = splitLeaveOneOut(all);
const evaluator = new SampledEvaluator({ users: test.users, positives: test.items, negatives: sampleTestNegatives(all, test, quick ? 50 : 99, new Rng(1)) });

async function trainTwoTower(withFeatures: boolean): Promise<number> {
  const model = new TwoTower({ numUsers: all.numUsers, numItems: all.numItems, idDim: 16, layers: [32, 16], seed: 3 }, withFeatures ? features : {});
  await fit(model, pointwiseSource(train, { batchSize: 256, negatives: 0, rng: new Rng(2) }), {
    epochs: quick ? 2 : 10,
    loss: 'softmax', // in-batch: row i's positive is column i, the batch's other items its negatives
    optimizer: new Adam(model.parameters(), { lr: 3e-3 }), // feature tables are frozen: not in parameters()
    progress: 'none',
  });
  return evaluator.evaluate(model).hr;
}

const idOnly = await trainTwoTower(false);
const withFeatures = await trainTwoTower(true);
console.log(`HR@10  IDs only ${idOnly.toFixed(4)}   IDs + features ${withFeatures.toFixed(4)}`);
