/**
 * `npm run demo`: trains ANCF and NeuMF on MovieLens 100K with the NCF protocol
 * (leave-one-out, each held-out item ranked against 99 sampled negatives), prints
 * HR@10 / NDCG@10 per epoch and for both models, then top-5 recommendations with
 * movie titles for a few users.
 *
 * Data, first found (src/cli/data-path.ts, as the CLI resolves ANCF_DATA): $ANCF_DATA,
 * ./data, ../shared/data, each as an NCF split or MovieLens 100K folder itself or as a
 * root holding ml-100k-ncf/ or ml-100k/; else a download into ./data when online;
 * else a synthetic dataset (said loudly, with every path looked at).
 * `--quick` (or DEMO_QUICK=1): one epoch each on a small synthetic set, for tests.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { exampleDataRoots, findData, holds, listPaths } from '../src/cli/data-path.js';
import { loadDataset, type Dataset } from '../src/cli/dataset.js';
import { prepareSplit } from '../src/cli/split.js';
import {
  ANCF, Adam, IdMap, defaultDropout, defaultLearningRate, Interactions, NeuMF, Recommender, Rng, SampledEvaluator, concatInteractions, downloadDataset, fit,
  historySource, lastItems, loadMovieLens100K, pointwiseSource, syntheticInteractions, type RecModel,
} from '../src/node.js';

const quick = process.argv.includes('--quick') || process.env.DEMO_QUICK === '1';
const say = (s: string): void => void process.stdout.write(`${s}\n`);

/** NCF split files (the fixed protocol) first, then raw u.data, in each root. */
const search = { names: ['ml-100k-ncf', 'ml-100k'], accept: (p: string) => holds('ml-100k.train.rating')(p) || holds('u.data')(p) };

async function findMovieLens(): Promise<{ data: Dataset; note: string } | { looked: readonly string[] }> {
  const { found, looked } = findData(exampleDataRoots(), search);
  if (found !== null) return { data: await loadDataset(found), note: found };
  try {
    say(`MovieLens 100K not found (looked at ${listPaths(looked)}); downloading it into ./data ...`);
    const r = await downloadDataset('ml-100k', { cacheDir: 'data' });
    return { data: await loadDataset(r.dir), note: `${r.dir} (downloaded)` };
  } catch (e) {
    say(`download failed (${(e as Error).message})`);
    return { looked };
  }
}

function synthetic(users: number, items: number): Dataset {
  const { interactions } = syntheticInteractions({ users, items, perUser: 30, seed: 2024 });
  return { format: 'delimited', path: '(synthetic)', all: interactions, userIds: interactions.userIds!, itemIds: interactions.itemIds! };
}

/** Titles for NCF split files come from a sibling ml-100k/u.item, when its catalogue lines up. */
async function titlesFor(data: Dataset): Promise<Map<string | number, string>> {
  let titles = data.titles;
  if (!titles && data.format === 'ncf') {
    const raw = join(dirname(data.path), 'ml-100k');
    if (existsSync(join(raw, 'u.item'))) {
      const ml = await loadMovieLens100K(raw);
      if (ml.items && ml.interactions.numItems === data.all.numItems) titles = ml.items.titles;
    }
  }
  const map = new Map<string | number, string>();
  titles?.forEach((t, i) => t && map.set(data.itemIds.toExternal(i), t));
  return map;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  let found = quick ? { looked: [] } : await findMovieLens();
  if (!('data' in found)) {
    if (quick) say('quick mode (--quick or DEMO_QUICK=1): a small SYNTHETIC dataset, not MovieLens');
    else say(`\n*** No MovieLens 100K at ${listPaths(found.looked)}, and no download: using a SYNTHETIC dataset. The numbers below are NOT MovieLens results. ***\n`);
    found = { data: quick ? synthetic(60, 80) : synthetic(943, 1682), note: 'synthetic' };
  }
  const { data } = found;
  const p = prepareSplit(data, { kind: 'loo', testRatio: 0, negatives: 99, seed: 2024 }, { validation: false });
  say(`data: ${found.note} (${data.format}): ${data.all.numUsers} users, ${data.all.numItems} items, ${p.train.length} training interactions`);
  say(`protocol: leave-one-out, ${p.test.length} held-out items each ranked against ${p.negatives} negatives\n`);
  const evaluator = new SampledEvaluator({ users: p.test.users, positives: p.test.items, negatives: p.testNegatives }, { k: 10 });
  const numUsers = data.all.numUsers;
  const numItems = data.all.numItems;
  const results: Array<{ name: string; hr: number; ndcg: number; seconds: number; model: RecModel }> = [];

  const history = 5; // ANCF's default: the validation optimum on ML-100K (docs/benchmarks.md)
  const runs: Array<{ name: string; epochs: number; build: () => { model: RecModel; source: ReturnType<typeof pointwiseSource> } }> = [
    {
      name: `ANCF (history ${history}, dot attention)`,
      epochs: quick ? 1 : 8,
      build: () => {
        const model = new ANCF({ numUsers, numItems, historyLength: history, scoring: 'dot', seed: 1 });
        model.setHistories(lastItems(p.train, { historyLength: history }));
        return { model, source: historySource(p.train, { batchSize: 256, negatives: 4, rng: new Rng(1), historyLength: history }) };
      },
    },
    {
      name: 'NeuMF (8 factors, MLP 64-32-16-8)',
      epochs: quick ? 1 : 10,
      build: () => {
        const model = new NeuMF({ numUsers, numItems, seed: 1, dropout: defaultDropout('neumf') });
        return { model, source: pointwiseSource(p.train, { batchSize: 256, negatives: 4, rng: new Rng(1) }) };
      },
    },
  ];
  for (const run of runs) {
    say(`== ${run.name}`);
    const { model, source } = run.build();
    const start = performance.now();
    await fit(model, source, {
      epochs: run.epochs,
      optimizer: new Adam(model.parameters(), { lr: defaultLearningRate(model.kind) }),
      progress: 'lines',
      validate: () => {
        const r = evaluator.evaluate(model);
        return { 'hr@10': r.hr, 'ndcg@10': r.ndcg };
      },
    });
    const r = evaluator.evaluate(model);
    results.push({ name: run.name, hr: r.hr, ndcg: r.ndcg, seconds: (performance.now() - start) / 1000, model });
  }

  say('\nmodel                               HR@10   NDCG@10  train s');
  for (const r of results) say(`${r.name.padEnd(34)}  ${r.hr.toFixed(4)}  ${r.ndcg.toFixed(4)}  ${r.seconds.toFixed(1).padStart(7)}`);

  // Serving: everything the user did counts as seen, and ANCF reads the latest history.
  const titles = await titlesFor(data);
  const all = concatInteractions([p.train, p.test]);
  const best = results[0]!;
  const rec = new Recommender({ model: best.model, train: withIds(all, data.userIds, data.itemIds), itemTitles: titles });
  say(`\ntop-5 from ${best.name}:`);
  for (const userId of data.userIds.ids().slice(0, 3)) {
    const r = rec.recommend(userId, 5);
    say(`user ${userId} (${all.itemsOf(data.userIds.toIndex(userId)).length} ratings):`);
    r.items.forEach((it, j) => say(`  ${j + 1}. ${it.title ?? `item ${it.itemId}`}  (${it.score.toFixed(3)})`));
  }
  say(`\ndone in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

function withIds(x: Interactions, userIds: IdMap, itemIds: IdMap): Interactions {
  return new Interactions({ users: x.users, items: x.items, timestamps: x.timestamps, numUsers: x.numUsers, numItems: x.numItems, userIds, itemIds });
}

await main();
