import type { FeatureTable } from '../../data/movielens-features.js';
import { featureWidth } from '../../models/feature-matrix.js';
import { concatInteractions } from '../../data/concat.js';
import { Recommender } from '../../recommend/index.js';
import { saveRecommender } from '../../recommend/node.js';
import type { Json } from '../../io/checkpoint-format.js';
import type { Flags } from '../args.js';
import { DATA_NOTES, DATA_OPTIONS, type Command } from '../command.js';
import type { TrainConfig } from '../config.js';
import { dataPath, describeSource, loadDataset, type Dataset } from '../dataset.js';
import { checkOutPath } from '../out-path.js';
import { cliProgress, type ProgressMode } from '../progress.js';
import { prepareSplit, type Prepared, type SplitSpec } from '../split.js';
import { MODEL_OPTIONS, trainConfig } from '../train-flags.js';
import { attachHistories, checkLossFitsData, sideFeatures, trainOnSplit, type SideFeatures } from '../training.js';
import { missingData } from './eda.js';

export const train: Command = {
  computes: true,
  spec: {
    name: 'train',
    summary: 'Train a model, print validation metrics per epoch, test it, and save a checkpoint.',
    synopsis: '[--data PATH] [--model KIND] [--config FILE] [options]',
    options: {
      ...DATA_OPTIONS,
      ...MODEL_OPTIONS,
      out: { type: 'string', short: 'o', value: 'DIR', description: 'checkpoint folder (default: models/KIND)' },
      progress: { type: 'string', value: 'MODE', description: 'auto | bar | lines | none (default auto: a bar on a terminal)' },
    },
    notes: [
      ...DATA_NOTES,
      'The split: each user\'s latest interaction is test (or the NCF files\' split); the latest',
      'remaining one is validation, scored every epoch (HR@k, NDCG@k; RMSE for --loss mse) and',
      'used for early stopping. Test metrics are computed once, at the end.',
      'example: ancf train --data data/ml-100k --model ancf --epochs 8 --out models/ancf',
    ],
  },
  async run(flags: Flags, _parsed, io) {
    const cfg = await trainConfig(flags);
    const progress = flags.choice<ProgressMode>('progress', ['auto', 'bar', 'lines', 'none'], 'auto');
    const out = flags.string('out') ?? `models/${cfg.model}`;
    checkOutPath(out, 'folder', 'out', this.spec);
    const path = dataPath(flags.string('data'), io.env);
    if (path === null) return missingData(io, 'train');
    const data = await loadDataset(path, flags.has('prefix') ? { prefix: flags.required('prefix') } : {});
    checkLossFitsData(cfg, data);
    const features = sideFeatures(cfg, data);
    const spec = splitSpec(cfg);
    const p = prepareSplit(data, spec, { validation: true });
    io.stdout.write(`${describe(data, p, cfg, features)}\n`);
    const r = await trainOnSplit(cfg, p, cliProgress(progress, io), features);
    const best = r.history.bestEpoch ? ` (weights of epoch ${r.history.bestEpoch}, best ${r.monitor})` : '';
    io.stdout.write(`test: ${formatMetrics(r.test)}${best}\n`);
    // Serving knows everything the data holds: seen-item exclusion and histories cover test rows too
    // (the trained ANCF still holds the training rows' histories, so they are replaced explicitly).
    attachHistories(r.model, p.all);
    const recommender = new Recommender({ model: r.model, train: p.all, ...titles(data) });
    await saveRecommender(out, recommender, trainingRecord(data, spec, cfg, r.history.epochs, r.test));
    io.stdout.write(`saved ${out}\n`);
    return 0;
  },
};

export function splitSpec(cfg: TrainConfig): SplitSpec {
  return { kind: cfg.split, testRatio: cfg.testRatio, negatives: cfg.evalNegatives, seed: cfg.seed };
}

export function formatMetrics(m: Record<string, number>): string {
  return Object.entries(m).map(([k, v]) => `${k} ${v.toFixed(4)}`).join('  ');
}

/** Item titles for the Recommender, when the dataset has them. */
export function titles(data: Dataset): { itemTitles?: Map<string | number, string> } {
  if (!data.titles) return {};
  const map = new Map<string | number, string>();
  data.titles.forEach((t, i) => t !== null && map.set(data.itemIds.toExternal(i), t));
  return { itemTitles: map };
}

/** What the checkpoint records so `ancf evaluate` can rebuild the same split. */
export function trainingRecord(
  data: Dataset,
  spec: SplitSpec,
  cfg: TrainConfig,
  epochs: ReadonlyArray<{ epoch: number; loss: number; seconds: number; metrics: Record<string, number> }>,
  test: Record<string, number>,
): { hyperparameters: Record<string, Json>; metrics: Record<string, Json> } {
  return {
    hyperparameters: {
      data: { path: data.path, format: data.format, ...(data.prefix ? { prefix: data.prefix } : {}) },
      split: { ...spec },
      train: { ...cfg, layers: [...cfg.layers] },
    },
    metrics: { epochs: epochs.map((e) => ({ epoch: e.epoch, loss: e.loss, seconds: e.seconds, ...e.metrics })), test },
  };
}

/** 'metadata (user 21 columns, item 19 columns)': which side tables the towers read, and their widths. */
function featureNote(cfg: TrainConfig, f: SideFeatures): string {
  if (cfg.features === 'none') return 'none';
  const width = (t: FeatureTable | undefined): string => (t === undefined ? 'none' : `${featureWidth(t)} columns`);
  return `${cfg.features} (user ${width(f.userFeatures)}, item ${width(f.itemFeatures)})`;
}

function describe(data: Dataset, p: Prepared, cfg: TrainConfig, features: SideFeatures): string {
  const seen = p.validation ? concatInteractions([p.train, p.validation]) : p.train;
  return [
    `data ${describeSource(data)}: ${data.all.numUsers} users, ${data.all.numItems} items, ${data.all.length} interactions`,
    `split: ${p.train.length} train, ${p.validation?.length ?? 0} validation, ${p.test.length} test rows; ${p.negatives} negatives per held-out row; ${seen.length} rows seen`,
    `model ${cfg.model}: factors ${cfg.factors}${cfg.model === 'mf' || cfg.model === 'gmf' ? '' : `, layers ${cfg.layers.join('-')}`}${cfg.model === 'ancf' ? `, history ${cfg.historyLength}, scoring ${cfg.scoring}` : ''}${cfg.model === 'two-tower' ? `, features ${featureNote(cfg, features)}` : ''}; loss ${cfg.loss}, ${cfg.optimizer} lr ${cfg.lr}, batch ${cfg.batchSize}, ${cfg.epochs} epochs`,
  ].join('\n');
}
