import { lastItems } from '../data/batch-history.js';
import { concatInteractions } from '../data/concat.js';
import type { Interactions } from '../data/interactions.js';
import { ArgumentError } from '../errors.js';
import { evaluateRatings } from '../eval/rating.js';
import { SampledEvaluator } from '../eval/sampled.js';
import { ANCF } from '../models/ancf.js';
import type { RecModel } from '../models/model.js';
import { createModel, modelKinds } from '../models/registry.js';
import { TwoTower, type TwoTowerConfig, type TwoTowerFeatures } from '../models/two-tower.js';
import { movieLensItemFeatures, movieLensUserFeatures, type FeatureTable } from '../data/movielens-features.js';
import { Adagrad } from '../optim/adagrad.js';
import { Adam } from '../optim/adam.js';
import type { Optimizer } from '../optim/optimizer.js';
import { SGD } from '../optim/sgd.js';
import { Rng } from '../tensor/rng.js';
import { earlyStopping } from '../train/callbacks.js';
import { fit } from '../train/fit.js';
import type { ProgressSink } from '../train/progress.js';
import { historySource, pairwiseSource, pointwiseSource } from '../train/sources.js';
import type { EpochSource, Metrics, TrainingHistory } from '../train/types.js';
import type { TrainConfig } from './config.js';
import { ratingSource } from '../train/sources.js';
import type { Dataset } from './dataset.js';
import type { Prepared } from './split.js';

/** Encoded side tables for a two-tower (a TwoTowerFeatures whose tables are always FeatureTables). */
export interface SideFeatures {
  readonly userFeatures?: FeatureTable;
  readonly itemFeatures?: FeatureTable;
}

/**
 * The side features `cfg.features` asks for, as encoded tables aligned with the
 * dataset's user and item indices: none for 'none'. 'metadata' takes what the
 * dataset publishes (MovieLens 100K and 1M: demographics and movie metadata;
 * the latest releases: movies only) and is refused for other models and for data
 * without side files.
 */
export function sideFeatures(cfg: TrainConfig, data: Dataset): SideFeatures {
  // cfg passed checkConfig (trainConfig), which ran checkFeatures.
  if (cfg.features === 'none') return {};
  if (!data.users && !data.items) {
    throw new ArgumentError('features', `${data.path} (${data.format}) holds no side data; MovieLens 100K (u.user, u.item), 1M (users.dat, movies.dat) and the latest releases (movies.csv) do`);
  }
  return {
    ...(data.users ? { userFeatures: movieLensUserFeatures(data.users).table } : {}),
    ...(data.items ? { itemFeatures: movieLensItemFeatures(data.items).table } : {}),
  };
}

/** --loss mse regresses ratings: refused, right after loading, for data that has none. */
export function checkLossFitsData(cfg: TrainConfig, data: Dataset): void {
  if (cfg.loss === 'mse' && !data.all.ratings) throw new ArgumentError('loss', `mse regresses ratings, and ${data.path} (${data.format}) has none; use bce or bpr`);
}

/** Refuses a model kind the registry does not know (ArgumentError for the `model` key, listing the known ones). */
export function checkModelKind(kind: string): void {
  if (!modelKinds().includes(kind)) throw new ArgumentError('model', `unknown model ${JSON.stringify(kind)}; known: ${modelKinds().join(', ')}`);
}

/** The model a config describes, sized for the data; ANCF also gets each user's history, a two-tower its side features. */
export function buildModel(cfg: TrainConfig, numUsers: number, numItems: number, meanRating = 0, features: TwoTowerFeatures = {}): RecModel {
  checkModelKind(cfg.model);
  const common = { kind: cfg.model, numUsers, numItems, factors: cfg.factors, seed: cfg.seed };
  switch (cfg.model) {
    case 'two-tower': {
      // --factors is the width of each tower's ID embedding.
      const config: TwoTowerConfig = { numUsers, numItems, idDim: cfg.factors, layers: cfg.layers, seed: cfg.seed };
      return new TwoTower(config, features);
    }
    case 'mf':
      return createModel({ ...common, globalBias: cfg.loss === 'mse' ? meanRating : 0 });
    case 'ancf':
      return createModel({ ...common, layers: cfg.layers, historyLength: cfg.historyLength, scoring: cfg.scoring, ...(cfg.dropout ? { dropout: cfg.dropout } : {}) });
    default:
      return createModel({ ...common, layers: cfg.layers, ...(cfg.dropout ? { dropout: cfg.dropout } : {}) });
  }
}

export function buildOptimizer(cfg: TrainConfig, model: RecModel): Optimizer {
  const params = model.parameters();
  const o = { lr: cfg.lr, weightDecay: cfg.weightDecay };
  return cfg.optimizer === 'sgd' ? new SGD(params, o) : cfg.optimizer === 'adagrad' ? new Adagrad(params, o) : new Adam(params, o);
}

/** The batches the loss needs: ratings for MSE, pairs for BPR, histories for ANCF, else pointwise. */
export function buildSource(cfg: TrainConfig, model: RecModel, train: Interactions): EpochSource {
  const rng = new Rng(`${cfg.seed}:batches`);
  if (cfg.loss === 'mse') return ratingSource(train, { batchSize: cfg.batchSize, rng });
  const base = { batchSize: cfg.batchSize, negatives: Math.max(1, cfg.negatives), rng };
  if (cfg.loss === 'bpr') return pairwiseSource(train, base);
  if (model instanceof ANCF) return historySource(train, { ...base, historyLength: model.historyLength });
  return pointwiseSource(train, { ...base, negatives: cfg.negatives, ...(cfg.oversampleRecent > 0 ? { oversampleRecent: { last: cfg.oversampleRecent } } : {}) });
}

/** Gives an ANCF model each user's last items of `rows` (for scoring); a no-op for other models. */
export function attachHistories(model: RecModel, rows: Interactions): void {
  if (model instanceof ANCF) model.setHistories(lastItems(rows, { historyLength: model.historyLength }));
}

/** HR@k and NDCG@k keyed as 'hr@10', 'ndcg@10' (what the epoch lines and early stopping read). */
export function sampledMetrics(evaluator: SampledEvaluator, model: RecModel): Metrics {
  const r = evaluator.evaluate(model);
  return { [`hr@${evaluator.k}`]: r.hr, [`ndcg@${evaluator.k}`]: r.ndcg };
}

export function ratingMetrics(model: RecModel, rows: Interactions): Metrics {
  if (!rows.ratings) throw new ArgumentError('data', 'the rating protocol needs ratings; this data has none');
  const r = evaluateRatings(model, { users: rows.users, items: rows.items, ratings: rows.ratings });
  return { rmse: r.rmse, mae: r.mae };
}

export interface TrainResult {
  model: RecModel;
  history: TrainingHistory;
  /** The monitored metric name ('ndcg@10', 'rmse' or 'loss'). */
  monitor: string;
  /** Metrics on the test rows, with the model's histories covering train and validation. */
  test: Metrics;
}

/**
 * Builds, trains and tests a model on a prepared split. Per-epoch metrics come from
 * the validation rows (test rows are scored once, at the end); with patience > 0,
 * early stopping on them restores the best epoch's weights.
 */
export async function trainOnSplit(cfg: TrainConfig, p: Prepared, progress: ProgressSink, features: TwoTowerFeatures = {}): Promise<TrainResult> {
  const mean = p.train.ratings ? p.train.ratings.reduce((a, b) => a + b, 0) / Math.max(1, p.train.length) : 0;
  const model = buildModel(cfg, p.all.numUsers, p.all.numItems, mean, features);
  attachHistories(model, p.train);
  const explicit = cfg.loss === 'mse';
  const validationEval = p.validation && !explicit ? new SampledEvaluator({ users: p.validation.users, positives: p.validation.items, negatives: p.validationNegatives! }, { k: cfg.k }) : null;
  const validate = p.validation
    ? () => (explicit ? ratingMetrics(model, p.validation!) : sampledMetrics(validationEval!, model))
    : undefined;
  const monitor = !p.validation ? 'loss' : explicit ? 'rmse' : `ndcg@${cfg.k}`;
  const callbacks = cfg.patience > 0 ? [earlyStopping({ monitor, patience: cfg.patience, restoreBest: true })] : [];
  const history = await fit(model, buildSource(cfg, model, p.train), {
    epochs: cfg.epochs,
    optimizer: buildOptimizer(cfg, model),
    loss: cfg.loss,
    progress,
    callbacks,
    ...(validate ? { validate } : {}),
  });
  const seen = p.validation ? concatInteractions([p.train, p.validation]) : p.train;
  attachHistories(model, seen);
  const test = explicit
    ? ratingMetrics(model, p.test)
    : sampledMetrics(new SampledEvaluator({ users: p.test.users, positives: p.test.items, negatives: p.testNegatives }, { k: cfg.k }), model);
  return { model, history, monitor, test };
}
