import type { OptionSpec } from './args.js';
import { formatUsage, type Flags } from './args.js';
import { ArgumentError } from '../errors.js';
import { UsageError } from './io.js';
import { applyConfig, checkFeatures, readConfigFile, TRAIN_DEFAULTS, type TrainConfig } from './config.js';
import { defaultDropout, defaultLearningRate } from '../models/defaults.js';

/** The hyperparameter flags train and tune share; each maps to the TrainConfig key of the same name. */
export const MODEL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  model: { type: 'string', short: 'm', value: 'KIND', description: 'mf | gmf | mlp | neumf | ancf | two-tower (default neumf)' },
  config: { type: 'string', short: 'c', value: 'FILE', description: 'JSON or YAML file of settings (flags win)' },
  epochs: { type: 'string', short: 'e', value: 'N', description: 'training epochs (default 10)' },
  'batch-size': { type: 'string', value: 'N', description: 'samples per batch (default 256)' },
  lr: { type: 'string', value: 'X', description: 'learning rate (default: measured per model, docs/benchmarks.md)' },
  optimizer: { type: 'string', value: 'NAME', description: 'adam | sgd | adagrad (default adam)' },
  'weight-decay': { type: 'string', value: 'X', description: 'L2 weight decay (default 0)' },
  loss: { type: 'string', value: 'NAME', description: 'bce | bpr | mse (mse: explicit ratings; default bce)' },
  negatives: { type: 'string', value: 'N', description: 'sampled negatives per positive (default 4)' },
  factors: { type: 'string', value: 'N', description: 'embedding size (default 8)' },
  layers: { type: 'string', value: 'LIST', description: 'MLP sizes, input first (default 64,32,16,8)' },
  dropout: { type: 'string', value: 'X', description: 'MLP dropout (default: 0.2 for neumf, 0 otherwise)' },
  'history-length': { type: 'string', value: 'N', description: 'ancf: recent items attended to (default 5)' },
  scoring: { type: 'string', value: 'NAME', description: "ancf: attention scoring 'dot' | 'mlp' (default dot)" },
  features: {
    type: 'string',
    value: 'KIND',
    description: "two-tower: 'metadata' feeds the towers the dataset's side data (MovieLens: age, gender, occupation, zip region; genres, decade); 'none' = IDs only (default none)",
  },
  seed: { type: 'string', value: 'N', description: 'seed for weights, batches, split and negatives (default 42)' },
  patience: { type: 'string', value: 'N', description: 'early stopping patience in epochs, 0 = off (default 3)' },
  split: { type: 'string', value: 'KIND', description: 'loo (latest item per user) | random (default loo; NCF files bring theirs)' },
  'test-ratio': { type: 'string', value: 'X', description: 'random split: held-out share per user (default 0.1)' },
  'eval-negatives': { type: 'string', value: 'N', description: 'sampled negatives per held-out item (default 99)' },
  k: { type: 'string', short: 'k', value: 'N', description: 'cutoff of HR@k and NDCG@k (default 10)' },
};

const KEYS = Object.keys(MODEL_OPTIONS).filter((k) => k !== 'config');

/** Defaults, then the --config file, then the flags given on the command line. */
export async function trainConfig(flags: Flags, skip: readonly string[] = []): Promise<TrainConfig> {
  let cfg: TrainConfig = { ...TRAIN_DEFAULTS, layers: [...TRAIN_DEFAULTS.layers] };
  const file = flags.string('config');
  const fromFile = file !== undefined ? await readConfigFile(file) : {};
  if (file !== undefined) cfg = applyConfig(cfg, fromFile, file);
  const given: Record<string, unknown> = {};
  for (const key of KEYS) if (!skip.includes(key) && flags.has(key)) given[key] = flags.string(key);
  try {
    const out = applyConfig(cfg, given, 'flags');
    // No learning rate given anywhere: the one measured for this model kind.
    if (!('lr' in fromFile) && given.lr === undefined) out.lr = defaultLearningRate(out.model, out.loss);
    if (!('dropout' in fromFile) && given.dropout === undefined) out.dropout = defaultDropout(out.model);
    checkFeatures(out);
    return out;
  } catch (e) {
    if (e instanceof ArgumentError) throw new UsageError(e.message.replace(/^flags\.(\w+)/, (_, k: string) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`), formatUsage(flags.spec));
    throw e;
  }
}
