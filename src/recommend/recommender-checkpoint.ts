import { IdMap } from '../data/id-map.js';
import { Interactions } from '../data/interactions.js';
import { buildTimeline } from '../data/timeline.js';
import { CheckpointError, UnsupportedOperationError } from '../errors.js';
import { buildFromManifest, restoreFromConfig, type CheckpointInput, type CheckpointManifest, type Json, type LoadedCheckpoint, type ModelManifestInput } from '../io/checkpoint-format.js';
import { ANCF } from '../models/ancf.js';
import { Popularity } from '../models/baselines/popularity.js';
import { RecModel } from '../models/model.js';
import { resolveModel } from '../models/registry.js';
import { HISTORY_ITEMS, HISTORY_LENGTHS, packHistories, unpackHistories } from './checkpoint-histories.js';
import { Recommender } from './recommender.js';

/**
 * Version of the `extra.recommender` block this code writes. 2 added ANCF's
 * histories: a version-1 reader would ignore them and silently serve lastItems
 * histories, so it must refuse these checkpoints. Version 1 is still read.
 */
export const RECOMMENDER_FORMAT_VERSION = 2;
const READABLE_VERSIONS: readonly number[] = [1, 2];
const USERS = 'recommender.train.users';
const ITEMS = 'recommender.train.items';
const ORDER = 'recommender.train.order';

export interface RecommenderManifestExtra {
  readonly hyperparameters?: CheckpointManifest['hyperparameters'];
  readonly metrics?: CheckpointManifest['metrics'];
}

/**
 * A Recommender as checkpoint input (encodeCheckpoint, saveCheckpoint): the model's weights and config,
 * the user and item id maps, the training interactions as int32 arrays (users,
 * items, and each row's position in its user's time order: what seen-item
 * exclusion, the popularity fallback and confidence read; timestamps themselves
 * are not kept, only their order), and for ANCF the per-user histories it scores
 * with (`recommender.histories`: int32 arrays `.items` [numUsers x L] and
 * `.lengths` [numUsers], and `extra.recommender.histories = { historyLength }`).
 * The histories are saved as they are, not recomputed from the interactions, so
 * custom `histories` given to the Recommender come back unchanged. A checkpoint
 * without them (format 1) loads with lastItems(train), as before.
 *
 * RecModel subclasses (by their registry kind) and Popularity can be saved; the
 * other baselines cannot (their options are not recorded: rebuild them from the
 * training data), which is an UnsupportedOperationError. saveRecommender writes it to disk.
 */
export function recommenderCheckpoint(recommender: Recommender, extra: RecommenderManifestExtra = {}): CheckpointInput {
  const { model, train } = recommender;
  const timeline = buildTimeline(train);
  const n = train.length;
  const users = new Int32Array(n);
  const items = new Int32Array(n);
  const order = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    const row = timeline.rows[p]!;
    users[p] = train.users[row]!;
    items[p] = train.items[row]!;
    order[p] = p;
  }
  const int32: Record<string, Int32Array> = { [USERS]: users, [ITEMS]: items, [ORDER]: order };
  const histories = recommender.histories;
  if (histories) {
    const packed = packHistories(histories, recommender.numUsers);
    int32[HISTORY_ITEMS] = packed.items;
    int32[HISTORY_LENGTHS] = packed.lengths;
  }
  const manifest: Omit<ModelManifestInput, 'type'> = {
    idMaps: { users: recommender.userIds.ids(), items: recommender.itemIds.ids() },
    hyperparameters: extra.hyperparameters ?? {},
    metrics: extra.metrics ?? {},
    int32,
    extra: {
      recommender: {
        formatVersion: RECOMMENDER_FORMAT_VERSION,
        model: recommender.kind,
        numUsers: recommender.numUsers,
        numItems: recommender.numItems,
        interactions: n,
        confidenceHalfPoint: recommender.confidenceHalfPoint,
        ...(histories ? { histories: { historyLength: histories.historyLength } } : {}),
      },
    },
  };
  if (model instanceof RecModel) return { ...manifest, model, type: model.kind, config: model.config() as unknown as Json };
  if (model instanceof Popularity) return { ...manifest, tensors: {}, type: 'popularity', config: null };
  throw new UnsupportedOperationError('saveRecommender', recommender.kind, 'only RecModel subclasses and Popularity can be saved; rebuild the other baselines from the training data');
}

/**
 * The Recommender a decoded checkpoint holds (what recommenderCheckpoint made).
 * decodeCheckpoint or loadCheckpoint has checked the manifest, the weights'
 * structure, checksum, names, dtypes and shapes; this checks the recommender
 * block, id maps and interactions, rebuilds the model through the model registry
 * and restores its weights. Any mismatch is a CheckpointError naming the file and
 * what was wrong.
 */
export function recommenderFromCheckpoint(checkpoint: LoadedCheckpoint): Recommender {
  const { manifest, tensors, int32, files } = checkpoint;
  const manifestPath = files.manifest;
  const weightsPath = files.weights;
  const fail = (file: string, reason: string): never => {
    throw new CheckpointError(file, reason);
  };
  const block = manifest.extra.recommender;
  if (typeof block !== 'object' || block === null || Array.isArray(block)) return fail(manifestPath, 'extra.recommender is missing: not a recommender checkpoint');
  const info = block as Record<string, Json>;
  if (typeof info.formatVersion !== 'number' || !READABLE_VERSIONS.includes(info.formatVersion)) {
    fail(manifestPath, `extra.recommender.formatVersion ${JSON.stringify(info.formatVersion)} is not supported (this library reads ${READABLE_VERSIONS.join(' and ')})`);
  }
  const count = (name: string): number => {
    const v = info[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) fail(manifestPath, `extra.recommender.${name} is not a non-negative integer`);
    return v as number;
  };
  const numUsers = count('numUsers');
  const numItems = count('numItems');
  const n = count('interactions');
  const half = info.confidenceHalfPoint;
  if (typeof half !== 'number' || !(half > 0)) fail(manifestPath, 'extra.recommender.confidenceHalfPoint is not a number > 0');

  const idMap = (name: 'users' | 'items', size: number): IdMap => {
    const ids = manifest.idMaps[name];
    if (!ids) return fail(manifestPath, `idMaps.${name} is missing`);
    if (ids.length !== size) fail(manifestPath, `idMaps.${name} holds ${ids.length} ids, extra.recommender says ${size}`);
    try {
      return IdMap.from(ids, name === 'users' ? 'user' : 'item');
    } catch (e) {
      return fail(manifestPath, `idMaps.${name}: ${(e as Error).message}`);
    }
  };
  const userIds = idMap('users', numUsers);
  const itemIds = idMap('items', numItems);
  const column = (name: string, bound: number): Int32Array => {
    const a = int32[name];
    if (!a) return fail(weightsPath, `int32 array ${name} is missing`);
    if (a.length !== n) fail(weightsPath, `int32 array ${name} has ${a.length} entries, extra.recommender says ${n} interactions`);
    for (let r = 0; r < a.length; r++) if (!(a[r]! >= 0 && a[r]! < bound)) fail(weightsPath, `int32 array ${name}: entry ${r} is ${a[r]}, outside [0, ${bound})`);
    return a;
  };
  const users = column(USERS, numUsers);
  const items = column(ITEMS, numItems);
  const order = column(ORDER, Math.max(1, n));
  const train = new Interactions({ users, items, timestamps: Float64Array.from(order), numUsers, numItems, userIds, itemIds });
  const histories = unpackHistories(info.histories, int32, { numUsers, numItems, userIds }, { manifest: manifestPath, weights: weightsPath });

  let model: Recommender['model'];
  if (manifest.type === 'popularity') {
    if (Object.keys(tensors).length > 0) fail(weightsPath, `a popularity checkpoint holds no weights, found ${Object.keys(tensors).join(', ')}`);
    model = new Popularity(train);
  } else {
    const built = buildFromManifest(manifest, manifestPath, resolveModel);
    if (!(built instanceof RecModel)) return fail(manifestPath, `type ${manifest.type} does not build a RecModel`);
    if (built.numUsers !== numUsers || built.numItems !== numItems) {
      fail(manifestPath, `the model config has ${built.numUsers} users x ${built.numItems} items, the id maps ${numUsers} x ${numItems}`);
    }
    restoreFromConfig(built, checkpoint);
    model = built;
  }
  if (histories) {
    if (!(model instanceof ANCF)) return fail(manifestPath, `extra.recommender.histories is set, but a ${manifest.type} model reads no histories`);
    if (model.historyLength !== histories.historyLength) {
      fail(manifestPath, `extra.recommender.histories.historyLength is ${histories.historyLength}, the model config's historyLength ${model.historyLength}`);
    }
  }
  return new Recommender({ model, train, confidenceHalfPoint: half as number, ...(histories ? { histories } : {}) });
}
