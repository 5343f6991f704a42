import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ArgumentError } from '../errors.js';
import type { SplitKind } from './split.js';
import { numberProblem, toNumber, type NumberRange } from './number-range.js';

/** Everything `ancf train` (and `tune`, per grid point) needs; flags and config files fill it. */
export interface TrainConfig {
  model: string;
  epochs: number;
  batchSize: number;
  lr: number;
  optimizer: 'adam' | 'sgd' | 'adagrad';
  weightDecay: number;
  loss: 'bce' | 'bpr' | 'mse';
  /** Sampled negatives per positive during training (NCF: 4). */
  negatives: number;
  factors: number;
  layers: number[];
  dropout: number;
  /** Each user's latest N training interactions repeated once per epoch (pointwise bce only); 0 = off. */
  oversampleRecent: number;
  historyLength: number;
  scoring: 'mlp' | 'dot';
  /** two-tower: 'metadata' adds the dataset's user and item side features; 'none' trains on IDs. */
  features: 'none' | 'metadata';
  seed: number;
  /** Epochs without improvement before stopping; 0 turns early stopping off. */
  patience: number;
  split: SplitKind;
  testRatio: number;
  /** Sampled negatives per held-out row for validation and the sampled protocol. */
  evalNegatives: number;
  k: number;
}

export const TRAIN_DEFAULTS: Readonly<TrainConfig> = {
  model: 'neumf',
  epochs: 10,
  batchSize: 256,
  lr: 1e-3,
  optimizer: 'adam',
  weightDecay: 0,
  loss: 'bce',
  negatives: 4,
  factors: 8,
  layers: [64, 32, 16, 8],
  dropout: 0,
  oversampleRecent: 0,
  historyLength: 5,
  scoring: 'dot',
  features: 'none',
  seed: 42,
  patience: 3,
  split: 'loo',
  testRatio: 0.1,
  evalNegatives: 99,
  k: 10,
};

/** A number setting is checked against its NumberRange (the same check as numeric flags). */
type Kind = NumberRange | 'string' | 'layers' | readonly string[];

const COUNT = { min: 0, integer: true } as const;
const POSITIVE_INT = { min: 1, integer: true } as const;
const RATIO = { min: 0, below: 1 } as const;

/** How each key is checked; a config file with any other key is refused. `tune` checks its grid lists with the same ranges. */
export const TRAIN_KEYS = {
  model: 'string',
  // At least one epoch and a rate above 0: either at 0 trains nothing and would still overwrite models/KIND.
  epochs: POSITIVE_INT,
  batchSize: POSITIVE_INT,
  lr: { above: 0 },
  optimizer: ['adam', 'sgd', 'adagrad'],
  weightDecay: { min: 0 },
  loss: ['bce', 'bpr', 'mse'],
  negatives: COUNT,
  factors: POSITIVE_INT,
  layers: 'layers',
  dropout: RATIO,
  oversampleRecent: COUNT,
  historyLength: POSITIVE_INT,
  scoring: ['mlp', 'dot'],
  features: ['none', 'metadata'],
  seed: COUNT,
  patience: COUNT,
  split: ['loo', 'random'],
  testRatio: RATIO,
  evalNegatives: POSITIVE_INT,
  k: POSITIVE_INT,
} as const satisfies Readonly<Record<keyof TrainConfig, Kind>>;

const camel = (s: string): string => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Refuses side features for a model that cannot read them, before any data is loaded. */
export function checkFeatures(cfg: Readonly<TrainConfig>): void {
  if (cfg.features !== 'none' && cfg.model !== 'two-tower') {
    throw new ArgumentError('features', `only the two-tower model reads side features; this config trains ${cfg.model}`);
  }
}

/** Reads a JSON or YAML (by extension: .yaml / .yml) config file into an object. */
export async function readConfigFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new ArgumentError('config', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let value: unknown;
  try {
    value = ['.yaml', '.yml'].includes(extname(path).toLowerCase()) ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw new ArgumentError('config', `${path} does not parse: ${(e as Error).message.split('\n')[0]}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ArgumentError('config', `${path} must hold an object of settings`);
  return value as Record<string, unknown>;
}

/**
 * Checks and applies `overrides` (config-file values, then flags, as strings or
 * parsed values) on top of `base`. Keys may be camelCase or kebab-case. A refusal
 * is an ArgumentError for `SOURCE.key`.
 */
export function applyConfig(base: Readonly<TrainConfig>, overrides: Record<string, unknown>, source: string): TrainConfig {
  const out: Record<string, unknown> = { ...base, layers: [...base.layers] };
  for (const [raw, v] of Object.entries(overrides)) {
    if (v === undefined) continue;
    const key = camel(raw) as keyof TrainConfig;
    const kind: Kind | undefined = Object.hasOwn(TRAIN_KEYS, key) ? TRAIN_KEYS[key] : undefined;
    if (kind === undefined) throw new ArgumentError(source, `unknown setting ${JSON.stringify(raw)}; known: ${Object.keys(TRAIN_KEYS).join(', ')}`);
    out[key] = coerce(v, kind, `${source}.${key}`);
  }
  return out as unknown as TrainConfig;
}

const isChoices = (kind: Kind): kind is readonly string[] => Array.isArray(kind);

function coerce(v: unknown, kind: Kind, where: string): unknown {
  const bad = (want: string): never => {
    throw new ArgumentError(where, `must be ${want}; got ${JSON.stringify(v)}`);
  };
  if (isChoices(kind)) {
    if (typeof v !== 'string' || !kind.includes(v)) bad(`one of ${kind.join(', ')}`);
    return v;
  }
  if (kind === 'string') return typeof v === 'string' && v !== '' ? v : bad('a non-empty string');
  if (kind === 'layers') {
    const list = typeof v === 'string' ? v.split(',').map((s) => Number(s.trim())) : Array.isArray(v) ? v : bad('a list of layer sizes');
    if (list.length === 0 || !list.every((n) => Number.isInteger(n) && n > 0)) bad('a list of positive integers, e.g. 64,32,16,8');
    return list;
  }
  const problem = numberProblem(v, kind);
  if (problem !== null) throw new ArgumentError(where, problem);
  return toNumber(v);
}
