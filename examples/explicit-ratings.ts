/**
 * Explicit feedback: biased matrix factorisation trained with MSE on 1-5 star
 * ratings, scored by RMSE and MAE against the global-mean baseline.
 *   s(u, i) = μ + b_u + b_i + p_u · q_i
 *
 *   ANCF_DATA=path/to/ml-100k npx tsx examples/explicit-ratings.ts   (or ANCF_DATA=path/to, holding ml-100k/)
 *
 * The per-sample L2 penalty (`l2`) regularises each row as often as it is seen,
 * like Funk's SGD; see docs/benchmarks.md for the five-fold figures.
 */
import { exampleDataRoots, findData, holds, listPaths } from '../src/cli/data-path.js';
import { Adam, MF, Rng, evaluateRatings, fit, loadMovieLens100K, ratingSource, splitPerUser, syntheticInteractions } from '../src/node.js';

const quick = process.env.ANCF_EXAMPLE_QUICK === '1';
// ANCF_DATA may be the ml-100k folder or a root holding ml-100k/ (src/cli/data-path.ts).
const { found: dir, looked } = quick ? { found: null, looked: [] } : findData(exampleDataRoots(), { names: ['ml-100k'], accept: holds('u.data') });
const all = dir ? (await loadMovieLens100K(dir, { metadata: false })).interactions : syntheticInteractions({ users: 100, items: 150, perUser: 20, seed: 4 }).interactions;
console.log(
  dir ? `MovieLens 100K from ${dir}`
  : quick ? 'synthetic ratings (quick mode: ANCF_EXAMPLE_QUICK=1)'
  : `synthetic ratings: no MovieLens 100K (u.data) at ${listPaths(looked)}; set ANCF_DATA to the ml-100k folder or its parent`,
);
const { train, test } = splitPerUser(all, { testRatio: 0.2, rng: new Rng(1) });

const mean = train.ratings!.reduce((a, b) => a + b, 0) / train.length;
const model = new MF({ numUsers: all.numUsers, numItems: all.numItems, factors: 64, globalBias: mean, initStd: 0.05, l2: 0.1 });
const testSet = { users: test.users, items: test.items, ratings: test.ratings! };
await fit(model, ratingSource(train, { batchSize: 256, rng: new Rng(2) }), {
  epochs: quick ? 2 : 10,
  loss: 'mse',
  optimizer: new Adam(model.parameters(), { lr: 0.002 }),
  progress: 'lines',
  validate: () => ({ rmse: evaluateRatings(model, testSet, { clamp: [1, 5] }).rmse }),
});

const mf = evaluateRatings(model, testSet, { clamp: [1, 5] });
const baseline = evaluateRatings({ numUsers: all.numUsers, numItems: all.numItems, score: (_u, _i, out) => out.fill(mean) }, testSet);
console.log(`global mean ${mean.toFixed(3)}:  RMSE ${baseline.rmse.toFixed(4)}  MAE ${baseline.mae.toFixed(4)}`);
console.log(`biased MF:           RMSE ${mf.rmse.toFixed(4)}  MAE ${mf.mae.toFixed(4)}`);
