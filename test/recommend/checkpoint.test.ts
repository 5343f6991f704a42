import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastItems } from '../../src/data/batch-history.js';
import { CheckpointError, UnsupportedOperationError } from '../../src/errors.js';
import { loadCheckpoint, saveCheckpoint } from '../../src/io/checkpoint.js';
import { ANCF, type AncfConfig, type UserHistories } from '../../src/models/ancf.js';
import { ItemKNN } from '../../src/models/baselines/knn.js';
import { Popularity } from '../../src/models/baselines/popularity.js';
import { MF } from '../../src/models/mf.js';
import { NeuMF } from '../../src/models/ncf.js';
import { Recommender } from '../../src/recommend/index.js';
import { loadRecommender, saveRecommender } from '../../src/recommend/node.js';
import { quickTrain, smallData } from './fixtures.js';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ancf-recommend-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const data = smallData(5);

/** Histories that differ from lastItems(data): each user's L oldest items, newest first, one fewer. */
function customHistories(L: number): UserHistories {
  const history = new Int32Array(data.numUsers * L);
  const lengths = new Int32Array(data.numUsers);
  for (let u = 0; u < data.numUsers; u++) {
    const own = Array.from(data.itemsOf(u)).slice(0, L).reverse();
    const len = Math.max(1, own.length - 1);
    history.set(own.slice(0, len), u * L);
    lengths[u] = len;
  }
  return { history, lengths, historyLength: L };
}

function lastItemsEqual(a: UserHistories, b: UserHistories): boolean {
  const L = a.historyLength;
  if (L !== b.historyLength) return false;
  for (let u = 0; u < data.numUsers; u++) {
    if (a.lengths[u] !== b.lengths[u]) return false;
    for (let j = 0; j < a.lengths[u]!; j++) if (a.history[u * L + j] !== b.history[u * L + j]) return false;
  }
  return true;
}

/** The same ANCF weights in a fresh model (a second Recommender sets its own histories on it). */
function cloneAncf(m: ANCF): ANCF {
  const c = new ANCF(m.config() as unknown as AncfConfig);
  c.loadStateDict(m.stateDict());
  return c;
}

/** Copies a recommender checkpoint through loadCheckpoint / saveCheckpoint, editing its block, int32 arrays and config. */
async function rewrite(src: string, dst: string, edit: (info: Record<string, any>, int32: Record<string, Int32Array>, config: Record<string, any>) => void): Promise<void> {
  const { manifest, tensors, int32 } = await loadCheckpoint(src);
  const info = structuredClone(manifest.extra.recommender) as Record<string, any>;
  const config = structuredClone(manifest.config) as Record<string, any>;
  const arrays = { ...int32 };
  edit(info, arrays, config);
  await rm(dst, { recursive: true, force: true });
  await saveCheckpoint(dst, { tensors, int32: arrays, type: manifest.type, config, idMaps: manifest.idMaps, extra: { recommender: info } });
}

/** Everything a recommender answers, for comparing two of them. */
function answers(rec: Recommender): unknown {
  return {
    all: rec.exportAll(5),
    unseen: rec.recommendBatch(['u1', 'ghost', 'u7'], 4, { excludeSeen: false, candidates: ['i1', 'i2', 'i3', 'i30'] }),
    history: rec.recommendFromHistory(['i4', 'i8'], 4),
    similar: rec.foldIn === 'none' ? null : rec.similarItems('i3', 4),
    confidence: rec.recommend('u2', 1).confidence,
  };
}

describe('saveRecommender / loadRecommender round trip', () => {
  it('NeuMF: identical recommendations, id maps and training interactions', async () => {
    const model = new NeuMF({ numUsers: data.numUsers, numItems: data.numItems, factors: 4, layers: [16, 8, 4] });
    await quickTrain(model, data, 1);
    const rec = new Recommender({ model, train: data, confidenceHalfPoint: 3.5 });
    const dir = join(root, 'neumf');
    await saveRecommender(dir, rec, { hyperparameters: { lr: 0.01 }, metrics: { hr: 0.5 } });
    const back = await loadRecommender(dir);
    expect(back.model).toBeInstanceOf(NeuMF);
    expect(back.userIds.ids()).toEqual(data.userIds!.ids());
    expect(back.itemIds.ids()).toEqual(data.itemIds!.ids());
    expect(back.confidenceHalfPoint).toBe(3.5);
    expect(Array.from(back.train.countsPerItem())).toEqual(Array.from(data.countsPerItem()));
    expect(Array.from(back.train.userItems())).toEqual(Array.from(data.userItems()));
    expect(answers(back)).toEqual(answers(rec));
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.hyperparameters).toEqual({ lr: 0.01 });
    expect(manifest.metrics).toEqual({ hr: 0.5 });
    expect(manifest.type).toBe('neumf');
  });

  it('ANCF: the histories are restored in time order, so scores are identical', async () => {
    const model = new ANCF({ numUsers: data.numUsers, numItems: data.numItems, factors: 4, layers: [8, 4], historyLength: 4 });
    await quickTrain(model, data, 1, 4);
    const rec = new Recommender({ model, train: data });
    const dir = join(root, 'ancf');
    await saveRecommender(dir, rec);
    const back = await loadRecommender(dir);
    expect(lastItems(back.train, { historyLength: 4 })).toEqual(lastItems(data, { historyLength: 4 }));
    expect(answers(back)).toEqual(answers(rec));
  });

  it('ANCF with custom histories: they are saved and restored as given, not rebuilt from the interactions', async () => {
    const L = 3;
    const model = new ANCF({ numUsers: data.numUsers, numItems: data.numItems, factors: 4, layers: [8, 4], historyLength: L, seed: 3 });
    await quickTrain(model, data, 1, L);
    const histories = customHistories(L);
    const rec = new Recommender({ model, train: data, histories });
    expect(rec.histories).toBe(histories);
    // The custom histories change the lists: the test would pass vacuously otherwise.
    expect(new Recommender({ model: cloneAncf(model), train: data }).exportAll(5)).not.toEqual(rec.exportAll(5));
    const dir = join(root, 'ancf-custom');
    await saveRecommender(dir, rec);
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.extra.recommender).toMatchObject({ formatVersion: 2, histories: { historyLength: L } });
    expect(manifest.weights.tensors['recommender.histories.items']).toEqual({ dtype: 'I32', shape: [data.numUsers * L] });
    expect(manifest.weights.tensors['recommender.histories.lengths']).toEqual({ dtype: 'I32', shape: [data.numUsers] });
    const back = await loadRecommender(dir);
    expect(back.histories!.historyLength).toBe(L);
    expect(Array.from(back.histories!.lengths)).toEqual(Array.from(histories.lengths));
    for (let u = 0; u < data.numUsers; u++) {
      const len = histories.lengths[u]!;
      expect(Array.from(back.histories!.history.subarray(u * L, u * L + len))).toEqual(Array.from(histories.history.subarray(u * L, u * L + len)));
    }
    expect(answers(back)).toEqual(answers(rec));
  });

  it('a checkpoint without histories (format 1) still loads, with lastItems(train) as before', async () => {
    const model = new ANCF({ numUsers: data.numUsers, numItems: data.numItems, factors: 4, layers: [8, 4], historyLength: 3, seed: 4 });
    const rec = new Recommender({ model, train: data, histories: customHistories(3) });
    const dir = join(root, 'ancf-v2');
    await saveRecommender(dir, rec);
    const old = join(root, 'ancf-v1');
    await rewrite(dir, old, (info, int32) => {
      delete int32['recommender.histories.items'];
      delete int32['recommender.histories.lengths'];
      delete info.histories;
      info.formatVersion = 1;
    });
    const back = await loadRecommender(old);
    expect(lastItemsEqual(back.histories!, lastItems(data, { historyLength: 3 }))).toBe(true);
    expect(answers(back)).toEqual(answers(new Recommender({ model: cloneAncf(model), train: data })));
  });

  it('MF and Popularity round-trip too; baselines whose options are not recorded cannot be saved', async () => {
    for (const model of [new MF({ numUsers: data.numUsers, numItems: data.numItems, factors: 3, initStd: 0.5 }), new Popularity(data)]) {
      const rec = new Recommender({ model, train: data });
      const dir = join(root, `rt-${rec.kind}`);
      await saveRecommender(dir, rec);
      expect(answers(await loadRecommender(dir))).toEqual(answers(rec));
    }
    await expect(saveRecommender(join(root, 'knn'), new Recommender({ model: new ItemKNN(data), train: data }))).rejects.toThrow(UnsupportedOperationError);
  });
});

describe('loadRecommender rejects damaged ANCF histories with a CheckpointError', () => {
  let dir = '';
  beforeAll(async () => {
    dir = join(root, 'ancf-hist-damaged');
    const model = new ANCF({ numUsers: data.numUsers, numItems: data.numItems, factors: 4, layers: [8, 4], historyLength: 3 });
    await saveRecommender(dir, new Recommender({ model, train: data, histories: customHistories(3) }));
  });

  async function variant(name: string, edit: (info: Record<string, any>, int32: Record<string, Int32Array>, config: Record<string, any>) => void): Promise<string> {
    const d = join(root, `hist-${name}`);
    await rewrite(dir, d, edit);
    const err = await loadRecommender(d).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(CheckpointError);
    return (err as CheckpointError).message;
  }

  it('a length outside [0, L] or an item outside the catalogue, naming the user', async () => {
    expect(await variant('long', (_i, a) => (a['recommender.histories.lengths']![2] = 4))).toMatch(/weights\.safetensors: int32 arrays recommender\.histories\.items \/ recommender\.histories\.lengths: user "u2" \(index 2\): length 4 is outside \[0, 3\]/);
    expect(await variant('item', (_i, a) => (a['recommender.histories.items']![1] = 40))).toMatch(/recommender\.histories\.lengths: user "u0" \(index 0\), slot 1: item 40 is outside \[0, 40\)/);
  });

  it('arrays missing or of the wrong size, a block without arrays or arrays without a block', async () => {
    expect(await variant('no-items', (_i, a) => delete a['recommender.histories.items'])).toMatch(/int32 array recommender\.histories\.items is missing/);
    expect(await variant('short', (_i, a) => (a['recommender.histories.lengths'] = new Int32Array(29)))).toMatch(/has 29 entries, expected 30/);
    expect(await variant('no-block', (i) => delete i.histories)).toMatch(/present but extra\.recommender\.histories is missing/);
    expect(await variant('bad-L', (i) => (i.histories.historyLength = 0))).toMatch(/historyLength 0 is not a positive integer/);
  });

  it('an L that differs from the model config', async () => {
    expect(await variant('other-L', (_i, _a, c) => (c.historyLength = 4))).toMatch(/manifest\.json: extra\.recommender\.histories\.historyLength is 3, the model config's historyLength 4/);
  });
});

describe('loadRecommender rejects damaged checkpoints with a CheckpointError', () => {
  let dir = '';
  let manifestText = '';
  let weights: Uint8Array = new Uint8Array(0);
  beforeAll(async () => {
    dir = join(root, 'damaged');
    const model = new NeuMF({ numUsers: data.numUsers, numItems: data.numItems, factors: 4, layers: [8, 4] });
    await saveRecommender(dir, new Recommender({ model, train: data }));
    manifestText = await readFile(join(dir, 'manifest.json'), 'utf8');
    weights = await readFile(join(dir, 'weights.safetensors'));
  });

  /** Writes a variant of the checkpoint, loads it, and returns the error's message. */
  async function loadVariant(name: string, edit: { manifest?: (m: Record<string, any>) => void; weights?: (w: Uint8Array) => Uint8Array }): Promise<string> {
    const d = join(root, `variant-${name}`);
    await rm(d, { recursive: true, force: true });
    await mkdir(d, { recursive: true });
    const m = JSON.parse(manifestText);
    edit.manifest?.(m);
    await writeFile(join(d, 'manifest.json'), JSON.stringify(m));
    await writeFile(join(d, 'weights.safetensors'), edit.weights ? edit.weights(Uint8Array.from(weights)) : weights);
    const err = await loadRecommender(d).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CheckpointError);
    return (err as CheckpointError).message;
  }

  it('truncated or bit-flipped weights', async () => {
    expect(await loadVariant('truncated', { weights: (w) => w.subarray(0, w.length - 100) })).toMatch(/weights\.safetensors/);
    expect(await loadVariant('flipped', { weights: (w) => (w[w.length - 1]! ^= 1, w) })).toMatch(/checksum mismatch/);
  });

  it('a manifest that is not a recommender checkpoint, or of another format version', async () => {
    expect(await loadVariant('no-block', { manifest: (m) => delete m.extra.recommender })).toMatch(/not a recommender checkpoint/);
    expect(await loadVariant('version', { manifest: (m) => (m.extra.recommender.formatVersion = 99) })).toMatch(/formatVersion 99 is not supported/);
  });

  it('id maps that do not fit, or hold a duplicate', async () => {
    expect(await loadVariant('short-map', { manifest: (m) => m.idMaps.items.pop() })).toMatch(/idMaps\.items holds 39 ids, extra\.recommender says 40/);
    expect(await loadVariant('dup-map', { manifest: (m) => (m.idMaps.users[1] = m.idMaps.users[0]) })).toMatch(/idMaps\.users: .*duplicate user id "u0"/);
    expect(await loadVariant('no-map', { manifest: (m) => delete m.idMaps.users })).toMatch(/idMaps\.users is missing/);
  });

  it('interaction counts or model configs that disagree with the data', async () => {
    expect(await loadVariant('count', { manifest: (m) => (m.extra.recommender.interactions += 1) })).toMatch(/recommender\.train\.users has \d+ entries, extra\.recommender says \d+ interactions/);
    expect(await loadVariant('config', { manifest: (m) => (m.config.numItems = 41) })).toMatch(/the model config has 30 users x 41 items, the id maps 30 x 40/);
    expect(await loadVariant('type', { manifest: (m) => (m.type = 'transformer') })).toMatch(/unknown model type "transformer"/);
    expect(await loadVariant('bad-config', { manifest: (m) => (m.config.numUsers = -3) })).toMatch(/config does not build a neumf model/);
  });

  it('a missing directory', async () => {
    await expect(loadRecommender(join(root, 'absent'))).rejects.toThrow(/manifest\.json: cannot read: ENOENT/);
  });

  it('leaves no staging files behind after a save', async () => {
    expect((await readdir(dir)).sort()).toEqual(['manifest.json', 'weights.safetensors']);
  });
});
