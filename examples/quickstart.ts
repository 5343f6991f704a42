// Train NeuMF on synthetic implicit feedback, test it the NCF way, recommend. (In your project: from '@ancf/core'.)
import { Adam, NeuMF, Recommender, Rng, SampledEvaluator, fit, pointwiseSource, sampleTestNegatives, splitLeaveOneOut, syntheticInteractions } from '../src/index.js';

const quick = process.env.ANCF_EXAMPLE_QUICK === '1';
const { interactions } = syntheticInteractions({ users: quick ? 50 : 500, items: quick ? 80 : 400, perUser: 20, seed: 1 });
const { train, test } = splitLeaveOneOut(interactions); // each user's latest interaction is held out
const negatives = sampleTestNegatives(interactions, test, 49, new Rng(2)); // ranked against 49 unseen items

const model = new NeuMF({ numUsers: interactions.numUsers, numItems: interactions.numItems, factors: 16, layers: [64, 32, 16] });
const evaluator = new SampledEvaluator({ users: test.users, positives: test.items, negatives });
await fit(model, pointwiseSource(train, { batchSize: 256, negatives: 4, rng: new Rng(3) }), {
  epochs: quick ? 1 : 5,
  optimizer: new Adam(model.parameters(), { lr: 0.005 }),
  progress: 'none',
  validate: () => ({ 'hr@10': evaluator.evaluate(model).hr }),
});
const { hr, ndcg } = evaluator.evaluate(model);
console.log(`HR@10 ${hr.toFixed(3)}  NDCG@10 ${ndcg.toFixed(3)}`);

const recommender = new Recommender({ model, train: interactions });
const { items } = recommender.recommend('u0', 5); // external ids in, external ids out; seen items left out
console.log('top 5 for u0:', items.map((it) => `${it.itemId} (${it.score.toFixed(2)})`).join(', '));
