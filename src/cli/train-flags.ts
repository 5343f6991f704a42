import type { OptionSpec } from './args.js';
import { formatUsage, type Flags } from './args.js';
import { ArgumentError } from '../errors.js';
import { UsageError } from './io.js';
import { applyConfig, readConfigFile, TRAIN_DEFAULTS, type TrainConfig } from './config.js';
import { checkConfig } from './config-check.js';
import { modelKinds } from '../models/registry.js';
import { defaultDropout, defaultLearningRate, defaultOversampleRecent } from '../models/defaults.js';

/** The per-model default learning rates, as help text (train's --lr, tune's --lr list). */
export const LR_DEFAULTS = perModelDefault((k) => defaultLearningRate(k), `; ${defaultLearningRate('mf', 'mse')} with --loss mse`);

/** The hyperparameter flags train and tune share; each maps to the TrainConfig key of the same name. */
export const MODEL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  model: { type: 'string', short: 'm', value: 'KIND', description: 'mf | gmf | mlp | neumf | ancf | two-tower (default neumf)' },
  config: { type: 'string', short: 'c', value: 'FILE', description: 'JSON or YAML file of settings (flags win)' },
  epochs: { type: 'string', short: 'e', value: 'N', description: 'training epochs (default 10)' },
  'batch-size': { type: 'string', value: 'N', description: 'samples per batch (default 256)' },
  lr: { type: 'string', value: 'X', description: `learning rate (default ${LR_DEFAULTS})` },
  optimizer: { type: 'string', value: 'NAME', description: 'adam | sgd | adagrad (default adam)' },
  'weight-decay': { type: 'string', value: 'X', description: 'L2 weight decay (default 0)' },
  loss: { type: 'string', value: 'NAME', description: 'bce | bpr | mse (mse: explicit ratings; default bce)' },
  negatives: { type: 'string', value: 'N', description: 'sampled negatives per positive (default 4)' },
  factors: { type: 'string', value: 'N', description: 'embedding size (default 8)' },
  layers: { type: 'string', value: 'LIST', description: 'MLP sizes, input first (default 64,32,16,8)' },
  dropout: { type: 'string', value: 'X', description: `MLP dropout (default ${perModelDefault(defaultDropout)})` },
  'oversample-recent': {
    type: 'string',
    value: 'N',
    description: `repeat each user's latest N training items once per epoch, pointwise bce only (default ${perModelDefault((k) => defaultOversampleRecent(k))})`,
  },
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

const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Defaults, then the --config file, then the flags given on the command line;
 * then every check that needs no data (checkConfig). Any refusal, from the file
 * or the flags, is a UsageError (exit 2) naming where the setting came from
 * (`--layers`, `FILE: model`), raised before a byte of data is read.
 */
export async function trainConfig(flags: Flags, skip: readonly string[] = []): Promise<TrainConfig> {
  const usage = (message: string): UsageError => new UsageError(message, formatUsage(flags.spec));
  const file = flags.string('config');
  const given: Record<string, unknown> = {};
  for (const key of KEYS) if (!skip.includes(key) && flags.has(key)) given[key] = flags.string(key);
  try {
    const fromFile = file !== undefined ? await readConfigFile(file) : {};
    const cfg = applyConfig(applyConfig(TRAIN_DEFAULTS, fromFile, file ?? 'config'), given, 'flags');
    const inFile = (key: string): boolean => key in fromFile || kebab(key) in fromFile;
    // No learning rate, dropout or recent oversampling given anywhere: the one measured for this model kind.
    if (!inFile('lr') && given.lr === undefined) cfg.lr = defaultLearningRate(cfg.model, cfg.loss);
    if (!inFile('dropout') && given.dropout === undefined) cfg.dropout = defaultDropout(cfg.model);
    if (!inFile('oversampleRecent') && given['oversample-recent'] === undefined) cfg.oversampleRecent = defaultOversampleRecent(cfg.model, cfg.loss);
    try {
      checkConfig(cfg);
    } catch (e) {
      // Blame the flag when the setting came from one, else the file, else the default.
      if (!(e instanceof ArgumentError)) throw e;
      const key = e.argument;
      const where = given[kebab(key)] !== undefined ? `--${kebab(key)}` : file !== undefined && inFile(key) ? `${file}: ${key}` : key;
      throw usage(`${where}${e.message.slice(key.length)}`);
    }
    return cfg;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if (e instanceof ArgumentError) throw usage(`${settingName(e.argument, file)}${e.message.slice(e.argument.length)}`);
    throw e;
  }
}

/** applyConfig's `flags.batchSize` as `--batch-size`, `FILE.epochs` as `FILE: epochs` (how checkConfig's refusals name them too). */
function settingName(argument: string, file: string | undefined): string {
  if (argument.startsWith('flags.')) return `--${kebab(argument.slice('flags.'.length))}`;
  if (file !== undefined && argument.startsWith(`${file}.`)) return `${file}: ${argument.slice(file.length + 1)}`;
  return argument;
}

/** The defaults that depend on the model, in words, from the functions that pick them. */
export function perModelDefault(pick: (kind: string) => number, extra = ''): string {
  const groups = new Map<number, string[]>();
  for (const kind of modelKinds()) groups.set(pick(kind), [...(groups.get(pick(kind)) ?? []), kind]);
  return `per model: ${[...groups.entries()].map(([v, kinds]) => `${v} for ${kinds.join(', ')}`).join('; ')}${extra}`;
}
