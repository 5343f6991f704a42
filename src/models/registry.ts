import { ArgumentError } from '../errors.js';
import type { Json, ModelResolver } from '../io/checkpoint-format.js';
import { ANCF, type AncfConfig } from './ancf.js';
import { MF, type MFConfig } from './mf.js';
import type { ModelConfig, RecModel } from './model.js';
import { GMF, MLP, NeuMF, type NcfConfig } from './ncf.js';
import { TwoTower, type TwoTowerConfig } from './two-tower.js';

type Factory = (config: ModelConfig) => RecModel;

const factories = new Map<string, Factory>([
  ['mf', (c) => new MF(c as unknown as MFConfig)],
  ['gmf', (c) => new GMF(c as unknown as NcfConfig)],
  ['mlp', (c) => new MLP(c as unknown as NcfConfig)],
  ['neumf', (c) => new NeuMF(c as unknown as NcfConfig)],
  ['ancf', (c) => new ANCF(c as unknown as AncfConfig)],
  // Feature tables are not in the config: zero tables of the configured widths, filled by loadModel.
  ['two-tower', (c) => new TwoTower(c as unknown as TwoTowerConfig)],
]);

/** Adds a model kind (a user's own RecModel subclass) so checkpoints of it can be loaded. */
export function registerModel(kind: string, factory: Factory): void {
  factories.set(kind, factory);
}

export function modelKinds(): string[] {
  return [...factories.keys()];
}

/** Builds an untrained model from its config (what `model.config()` returned). */
export function createModel(config: ModelConfig): RecModel {
  const factory = factories.get(config.kind);
  if (!factory) throw new ArgumentError('kind', `unknown model kind ${JSON.stringify(config.kind)}; known: ${modelKinds().join(', ')}`);
  return factory(config);
}

/** The resolver `loadModel` takes: checkpoint type and config to a fresh model. */
export const resolveModel: ModelResolver = (type: string, config: Json) =>
  factories.has(type) ? createModel({ ...(config as object), kind: type } as ModelConfig) : undefined;
