import { ArgumentError, ShapeError } from '../errors.js';
import { checkFeatures, TRAIN_KEYS, type TrainConfig } from './config.js';
import { buildModel, checkModelKind } from './training.js';

/**
 * The losses each built-in model trains with from the CLI. ANCF learns from
 * history batches (each sample carries the user's last L items), and only the
 * pointwise BCE source builds them; the pairwise (BPR) and rating (MSE) sources
 * do not, so ANCF refuses them. The others score any (user, item) pair and train
 * with all three. A kind added with registerModel is not listed: it gets all three.
 */
export const MODEL_LOSSES: Readonly<Record<string, readonly TrainConfig['loss'][]>> = {
  mf: ['bce', 'bpr', 'mse'],
  gmf: ['bce', 'bpr', 'mse'],
  mlp: ['bce', 'bpr', 'mse'],
  neumf: ['bce', 'bpr', 'mse'],
  ancf: ['bce'],
  'two-tower': ['bce', 'bpr', 'mse'],
};

const WHY_LOSSES: Readonly<Record<string, string>> = {
  ancf: "it learns from history batches (each user's last items), which only the bce source builds",
};

/** Models whose NCF MLP tower splits layers[0] evenly between the user and item embeddings. */
const NCF_MLP = ['mlp', 'neumf', 'ancf'];

/**
 * Everything about a config that can be refused before data is read: the model
 * kind, the model/loss pair, the layer list the model needs, side features, and
 * finally a dry-run construction of the model on a 2x2 catalogue, so any other
 * setting the model itself rejects surfaces here and not after loading. Throws
 * ArgumentError naming the TrainConfig key at fault.
 */
export function checkConfig(cfg: Readonly<TrainConfig>): void {
  // First, so the other checks can rely on a known kind (buildModel runs it again, last).
  checkModelKind(cfg.model);
  const losses = MODEL_LOSSES[cfg.model];
  if (losses && !losses.includes(cfg.loss)) {
    const why = WHY_LOSSES[cfg.model];
    throw new ArgumentError('loss', `${cfg.model} trains only with ${losses.join(' or ')}, got ${cfg.loss}${why ? `: ${why}` : ''}`);
  }
  if (NCF_MLP.includes(cfg.model)) {
    const [first] = cfg.layers;
    if (cfg.layers.length < 2) throw new ArgumentError('layers', `${cfg.model} needs at least two MLP sizes (input, then output), e.g. 64,32,16,8; got ${cfg.layers.join(',')}`);
    if (first! % 2 !== 0) throw new ArgumentError('layers', `${cfg.model} splits the first MLP size evenly between user and item embeddings, so it must be even; got ${first}`);
  }
  checkFeatures(cfg);
  if (cfg.oversampleRecent > 0 && (cfg.loss !== 'bce' || cfg.model === 'ancf')) {
    throw new ArgumentError('oversampleRecent', `repeats rows of the pointwise bce source only; ${cfg.model} with ${cfg.loss} trains from another source`);
  }
  try {
    buildModel(cfg, 2, 2);
  } catch (e) {
    if (e instanceof ArgumentError) throw new ArgumentError(configKey(e.argument), `${cfg.model} refuses this config: ${e.message}`);
    if (e instanceof ShapeError) throw new ArgumentError('model', `${cfg.model} refuses this config: ${e.message}`);
    throw e;
  }
}

/**
 * The config key to blame for a model's ArgumentError: the argument's last path
 * segment ('ANCF: historyLength' and 'historyLength' both give historyLength)
 * when it is a TrainConfig key, else 'model' (a layer's own 'Embedding: dim' or
 * 'mlp: sizes' says nothing about which setting led there).
 */
export function configKey(argument: string): string {
  const last = argument.split(/:\s*|\./).pop()!.trim();
  return Object.hasOwn(TRAIN_KEYS, last) ? last : 'model';
}
