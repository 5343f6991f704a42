/**
 * Trains one model on a dataset and prints one JSON object: samples per second,
 * seconds, and the final-epoch quality (HR@10 / NDCG@10 on the NCF protocol, or
 * RMSE / MAE averaged over MovieLens 100K's five folds for `mf-explicit`).
 *
 *   tsx benchmarks/train.ts --model neumf --data ../shared/data/ml-100k-ncf --epochs 20 --json
 *   tsx benchmarks/train.ts --model mf-explicit --data ../shared/data/ml-100k --epochs 12 --json
 *
 * The recipe is the NCF paper's: 4 uniform negatives per positive resampled each
 * epoch, Adam, batch 256, 8 factors, MLP 64-32-16-8; the learning rate is per
 * model (defaultLearningRate: our Adam updates embedding rows lazily). Quality is the last
 * epoch's, never the best test epoch's. --history adds the per-epoch log.
 *
 * --oversample-recent N repeats each user's latest N training interactions once more
 * per epoch (pointwiseSource's oversampleRecent; --oversample-extra E for E more
 * copies). Pointwise models only. Default: defaultOversampleRecent (10 for NeuMF,
 * else 0); --oversample-recent 0 gives the plain NCF recipe.
 *
 * --seeds N (implicit models) trains N times, seeds --seed, --seed + 1, ..., and
 * reports each run plus the mean and standard deviation of HR@10 and NDCG@10:
 * on ML-100K one seed's HR@10 moves by about 0.01 (docs/benchmarks.md).
 */
import { join, resolve } from 'node:path';
import { lastItems } from '../src/data/batch-history.js';
import { readDelimited } from '../src/data/delimited.js';
import { loadMovieLens100K } from '../src/data/movielens-100k.js';
import { loadNcf } from '../src/data/ncf.js';
import { sampleTestNegatives } from '../src/data/negative-samplers.js';
import { splitLeaveOneOut } from '../src/data/split-leave-one-out.js';
import { earlyStopping } from '../src/train/callbacks.js';
import { evaluateRatings } from '../src/eval/rating.js';
import { SampledEvaluator } from '../src/eval/sampled.js';
import type { Scorer } from '../src/eval/scorer.js';
import { ANCF } from '../src/models/ancf.js';
import { Ease, ItemKNN, Popularity, UserKNN } from '../src/models/baselines/index.js';
import { defaultDropout, defaultLearningRate, defaultOversampleRecent } from '../src/models/defaults.js';
import { MF } from '../src/models/mf.js';
import type { RecModel } from '../src/models/model.js';
import { GMF, MLP, NeuMF } from '../src/models/ncf.js';
import { Adagrad } from '../src/optim/adagrad.js';
import { Adam, AdamW } from '../src/optim/adam.js';
import { cosineLr, exponentialLr, type LrSchedule } from '../src/optim/schedules.js';
import type { Optimizer } from '../src/optim/optimizer.js';
import { SGD } from '../src/optim/sgd.js';
import type { Parameter } from '../src/layers/parameter.js';
import { Rng } from '../src/tensor/rng.js';
import { fit } from '../src/train/fit.js';
import { historySource, pointwiseSource, ratingSource } from '../src/train/sources.js';
import type { EpochLog } from '../src/train/types.js';
import { flag, hasFlag, numberFlag, requireNcfPrefix } from './util.js';

const model = flag('model', 'neumf')!;
const defaultData = model === 'mf-explicit' ? '../shared/data/ml-100k' : '../shared/data/ml-100k-ncf';
const data = resolve(flag('data') ?? process.env.ANCF_DATA ?? defaultData);
const epochs = numberFlag('epochs', model === 'mf-explicit' ? 12 : 20, { integer: true, min: 1 });
const seed = numberFlag('seed', 42, { integer: true });
const batchSize = numberFlag('batch', 256, { integer: true, min: 1 });
// Per-model defaults measured on ML-100K (docs/benchmarks.md): lazy Adam wants a
// larger rate for embedding-only models than PyTorch's dense Adam at 1e-3.
// mf-explicit: 5e-3 decayed ×0.8 per epoch (explicit() below), chosen by the 5-fold mean.
const lr = numberFlag('lr', model === 'mf-explicit' ? 0.005 : defaultLearningRate(model, 'bce'), { min: 0 });
const factors = numberFlag('factors', model === 'mf-explicit' ? 64 : 8, { integer: true, min: 1 });
const quiet = hasFlag('json');
const optimizerName = flag('optimizer', 'adam')!;
const sparseLrScale = numberFlag('sparse-lr-scale', 1, { min: 0 });
const recentLast = numberFlag('oversample-recent', defaultOversampleRecent(model), { integer: true, min: 0 });
const recentExtra = numberFlag('oversample-extra', 1, { integer: true, min: 0 });
const oversampleRecent = recentLast > 0 ? { last: recentLast, extra: recentExtra } : undefined;
if (oversampleRecent && (model === 'ancf' || model === 'mf-explicit')) throw new Error(`--oversample-recent applies to pointwise models (mf, gmf, mlp, neumf), not ${model}`);
// Only 'cosine' exists; anything else used to be ignored while mf-explicit still
// reported it as the schedule in its JSON.
if (flag('schedule') !== undefined && flag('schedule') !== 'cosine') throw new Error(`--schedule must be cosine, got ${JSON.stringify(flag('schedule'))}`);
const schedule: LrSchedule | undefined = flag('schedule') === 'cosine' ? cosineLr(epochs, 0) : undefined;

function optimizer(params: Parameter[], weightDecay = 0): Optimizer {
  switch (optimizerName) {
    case 'adam':
      return new Adam(params, { lr, weightDecay, sparseLrScale });
    case 'adamw':
      return new AdamW(params, { lr, weightDecay, sparseLrScale });
    case 'sgd':
      return new SGD(params, { lr, momentum: 0.9, weightDecay, sparseLrScale });
    case 'adagrad':
      return new Adagrad(params, { lr, weightDecay, sparseLrScale });
    default:
      throw new Error(`unknown --optimizer ${optimizerName}`);
  }
}
const progress = quiet ? 'none' : 'lines';

function summary(history: EpochLog[]): { samples: number; seconds: number; samplesPerSecond: number } {
  const samples = history.reduce((s, e) => s + e.samples, 0);
  const seconds = history.reduce((s, e) => s + e.seconds, 0);
  return { samples, seconds, samplesPerSecond: samples / seconds };
}

async function implicit(seed: number): Promise<Record<string, unknown>> {
  const prefix = flag('prefix') ?? requireNcfPrefix(data);
  const d = await loadNcf(data, prefix);
  const evaluator = new SampledEvaluator({ users: d.test.users, positives: d.test.items, negatives: d.testNegatives }, { k: 10 });
  const quality = (s: Scorer): { hr: number; ndcg: number } => {
    const r = evaluator.evaluate(s);
    return { hr: r.hr, ndcg: r.ndcg };
  };
  const base = { numUsers: d.train.numUsers, numItems: d.train.numItems, seed };
  const baselines: Record<string, () => Scorer> = {
    popularity: () => new Popularity(d.train),
    'item-knn': () => new ItemKNN(d.train),
    'user-knn': () => new UserKNN(d.train),
    ease: () => new Ease(d.train),
  };
  if (baselines[model]) {
    const t0 = performance.now();
    const scorer = baselines[model]!();
    const seconds = (performance.now() - t0) / 1000;
    return { model, data, fitSeconds: seconds, ...quality(scorer) };
  }
  const makers: Record<string, () => RecModel> = {
    mf: () => new MF({ ...base, factors }),
    gmf: () => new GMF({ ...base, factors }),
    mlp: () => new MLP({ ...base, factors }),
    neumf: () => new NeuMF({ ...base, factors, ...(flag('l2') ? { l2: Number(flag('l2')) } : {}), dropout: Number(flag('dropout') ?? defaultDropout('neumf')) }),
    ancf: () => new ANCF({ ...base, factors, ...(flag('history-length') ? { historyLength: Number(flag('history-length')) } : {}) }),
  };
  const make = makers[model];
  if (!make) throw new Error(`unknown --model ${model}; expected one of ${[...Object.keys(makers), ...Object.keys(baselines), 'mf-explicit'].join(', ')}`);
  const m = make();
  const rng = new Rng(seed);
  // --select-epoch: train on the training set minus each user's latest item, and
  // keep the epoch that scores best on those held-out items (99 sampled negatives
  // each); the test set is never used to choose.
  const select = hasFlag('select-epoch');
  const split = select ? splitLeaveOneOut(d.train) : null;
  const fitData = split ? split.train : d.train;
  const valEval = split
    ? new SampledEvaluator({ users: split.test.users, positives: split.test.items, negatives: sampleTestNegatives(d.train, split.test, 99, new Rng(seed + 1)) })
    : null;
  const source =
    m instanceof ANCF
      ? historySource(fitData, { batchSize, negatives: 4, rng, historyLength: m.historyLength })
      : pointwiseSource(fitData, { batchSize, negatives: 4, rng, ...(oversampleRecent ? { oversampleRecent } : {}) });
  const histories = m instanceof ANCF ? { fit: lastItems(fitData, { historyLength: m.historyLength }), test: lastItems(d.train, { historyLength: m.historyLength }) } : null;
  const testQuality = (): { hr: number; ndcg: number } => {
    if (m instanceof ANCF) m.setHistories(histories!.test);
    return quality(m);
  };
  const stopper = valEval ? earlyStopping({ monitor: 'val_hr', patience: epochs, restoreBest: true }) : null;
  const history = await fit(m, source, {
    epochs,
    optimizer: optimizer(m.parameters()),
    progress,
    ...(schedule ? { schedule } : {}),
    ...(stopper ? { callbacks: [stopper] } : {}),
    validate: () => {
      if (!valEval) return testQuality();
      if (m instanceof ANCF) m.setHistories(histories!.fit);
      const v = valEval.evaluate(m);
      return { val_hr: v.hr, val_ndcg: v.ndcg, ...testQuality() };
    },
  });
  const final = testQuality();
  return {
    model,
    data,
    epochs,
    lr,
    sparseLrScale,
    ...(oversampleRecent ? { oversampleRecent } : {}),
    ...(stopper ? { selectedEpoch: history.bestEpoch } : {}),
    ...summary(history.epochs),
    ...(m instanceof ANCF ? { historyLength: m.historyLength } : {}),
    hr: final.hr,
    ndcg: final.ndcg,
    ...(hasFlag('history') ? { history: history.epochs } : {}),
  };
}

/**
 * Biased MF with MSE on ML-100K's u1..u5 folds (the protocol Surprise reports), RMSE
 * averaged. The defaults were chosen by the 5-fold mean (as Surprise's grid search
 * does), one configuration for all folds: 64 factors N(0, 0.01), factor penalty
 * λ = 0.12 scaled by row frequency with exponent 0.5, no bias penalty, Adam 5e-3
 * decayed ×0.8 per epoch, batch 256, 12 epochs (docs/benchmarks.md).
 */
async function explicit(): Promise<object> {
  const full = await loadMovieLens100K(data, { metadata: false });
  const maps = { userIds: full.interactions.userIds!, itemIds: full.interactions.itemIds! };
  const weightDecay = Number(flag('wd', '0'));
  const l2 = Number(flag('l2', '0.12'));
  const l2Bias = Number(flag('l2-bias', '0'));
  const l2Exponent = Number(flag('l2-exponent', '0.5'));
  const initStd = Number(flag('init-std', '0.01'));
  const lrDecay = Number(flag('lr-decay', '0.8'));
  const explicitSchedule = schedule ?? exponentialLr(lrDecay);
  const folds: Array<{ fold: number; rmse: number; mae: number; seconds: number }> = [];
  const logs: EpochLog[] = [];
  for (let f = 1; f <= 5; f++) {
    const opts = { columns: { user: 0, item: 1, rating: 2, timestamp: 3 }, delimiter: '\t', quote: false as const, fieldCount: 4, idType: 'number' as const, ...maps };
    const train = (await readDelimited(join(data, `u${f}.base`), opts)).interactions;
    const test = (await readDelimited(join(data, `u${f}.test`), opts)).interactions;
    let mean = 0;
    for (const r of train.ratings!) mean += r;
    mean /= train.length;
    const m = new MF({ numUsers: full.interactions.numUsers, numItems: full.interactions.numItems, factors, globalBias: mean, initStd, l2, l2Bias, l2Exponent, seed: seed + f });
    m.setRowCounts(train.users, train.items);
    const h = await fit(m, ratingSource(train, { batchSize, rng: new Rng(seed + f) }), {
      epochs,
      loss: 'mse',
      optimizer: optimizer(m.parameters(), weightDecay),
      progress,
      schedule: explicitSchedule,
    });
    logs.push(...h.epochs);
    const r = evaluateRatings(m, { users: test.users, items: test.items, ratings: test.ratings! }, { clamp: [1, 5] });
    folds.push({ fold: f, rmse: r.rmse, mae: r.mae, seconds: h.epochs.reduce((s, e) => s + e.seconds, 0) });
  }
  const avg = (k: 'rmse' | 'mae'): number => folds.reduce((s, x) => s + x[k], 0) / folds.length;
  return { model, data, epochs, factors, optimizer: optimizerName, lr, schedule: flag('schedule') ?? `exponential ${lrDecay}`, initStd, weightDecay, l2, l2Bias, l2Exponent, ...summary(logs), rmse: avg('rmse'), mae: avg('mae'), folds };
}

/** Mean and sample standard deviation. */
function spread(xs: readonly number[]): { mean: number; sd: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, sd };
}

/** One run, or --seeds N runs summarised (the settings are the first run's). */
async function implicitSeeds(): Promise<object> {
  const n = numberFlag('seeds', 1, { integer: true, min: 1 });
  if (n === 1) return implicit(seed);
  const results: Array<Record<string, unknown>> = [];
  for (let s = seed; s < seed + n; s++) {
    const r = await implicit(s);
    results.push(r);
    if (!quiet) process.stderr.write(`seed ${s}: HR@10 ${(r.hr as number).toFixed(4)}  NDCG@10 ${(r.ndcg as number).toFixed(4)}\n`);
  }
  const runs = results.map((r, i) => ({ seed: seed + i, hr: r.hr as number, ndcg: r.ndcg as number, ...(r.samplesPerSecond !== undefined ? { samplesPerSecond: r.samplesPerSecond } : {}) }));
  const hr = spread(runs.map((r) => r.hr));
  const ndcg = spread(runs.map((r) => r.ndcg));
  const { hr: _hr, ndcg: _ndcg, history: _history, samples: _s, seconds: _t, samplesPerSecond: _r, ...settings } = results[0]!;
  return { ...settings, seeds: n, hr: hr.mean, hrSd: hr.sd, ndcg: ndcg.mean, ndcgSd: ndcg.sd, runs };
}

if (model === 'mf-explicit' && hasFlag('seeds')) throw new Error('--seeds is for the implicit models; mf-explicit already averages the five folds');
const result = { benchmark: 'train', date: new Date().toISOString(), node: process.version, ...(model === 'mf-explicit' ? await explicit() : await implicitSeeds()) };
process.stdout.write(`${JSON.stringify(result, null, quiet ? 0 : 2)}\n`);
