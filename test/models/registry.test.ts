import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ArgumentError, CheckpointError } from '../../src/errors.js';
import type { Json } from '../../src/io/checkpoint-format.js';
import { loadModel, saveModel } from '../../src/io/checkpoint.js';
import { ANCF } from '../../src/models/ancf.js';
import { MF } from '../../src/models/mf.js';
import type { ModelConfig, RecModel } from '../../src/models/model.js';
import { GMF, MLP, NeuMF } from '../../src/models/ncf.js';
import { TwoTower } from '../../src/models/two-tower.js';
import { createModel, modelKinds, registerModel, resolveModel } from '../../src/models/registry.js';
import type { DType } from '../../src/tensor/tensor.js';
import { Rng } from '../../src/tensor/rng.js';
import { randn } from '../gradcheck/fixtures.js';
import { expectSameState, randomize } from './fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'ancf-registry-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (): string => join(root, `m${dirs++}`);

const U = 7;
const I = 9;
const L = 3;
/** One non-default configuration per kind, so a config field dropped on the way shows up as a shape or score change. */
const builders: Record<string, (dtype: DType) => RecModel> = {
  mf: (dtype) => new MF({ numUsers: U, numItems: I, factors: 3, initStd: 0.2, l2: 0.01, seed: 5, dtype }),
  gmf: (dtype) => new GMF({ numUsers: U, numItems: I, factors: 5, seed: 6, dtype }),
  mlp: (dtype) => new MLP({ numUsers: U, numItems: I, layers: [6, 4, 3], activation: 'tanh', seed: 7, dtype }),
  neumf: (dtype) => new NeuMF({ numUsers: U, numItems: I, factors: 2, layers: [4, 3], linearInit: { kind: 'heUniform' }, seed: 8, dtype }),
  ancf: (dtype) => new ANCF({ numUsers: U, numItems: I, factors: 4, layers: [6, 2], historyLength: L, scoring: 'mlp', attentionDim: 3, beta: 0.7, userDropout: 0.2, seed: 9, dtype }),
  'two-tower': (dtype) =>
    new TwoTower(
      { numUsers: U, numItems: I, idDim: 3, layers: [5, 4], activation: 'leakyRelu', embeddingStd: 0.1, seed: 10, dtype },
      { userFeatures: randn(new Rng(1), [U, 2]), itemFeatures: { rows: I, categorical: [{ name: 'c', ids: Int32Array.from({ length: I }, (_, i) => i % 3), cardinality: 3 }], multiHot: [], numeric: [] } },
    ),
};
/** Feature tables are data, not initial weights: a model rebuilt from its config has zero tables until a checkpoint fills them. */
const FEATURES = /\.features$/;

const histories = (() => {
  const rng = new Rng(3);
  const history = Int32Array.from({ length: U * L }, () => rng.int(I));
  const lengths = Int32Array.from({ length: U }, (_, u) => u % (L + 1));
  return { history, lengths, historyLength: L };
})();

function allScores(m: RecModel): Float32Array {
  if (m instanceof ANCF) m.setHistories(histories);
  const out = new Float32Array(U * I);
  m.scoreAll(Int32Array.from({ length: U }, (_, u) => u), out);
  return out;
}

describe('model registry', () => {
  it('knows every built-in kind and rebuilds each from its config', () => {
    expect(modelKinds()).toEqual(expect.arrayContaining(Object.keys(builders)));
    for (const [kind, build] of Object.entries(builders)) {
      const m = build('float32');
      expect(m.kind).toBe(kind);
      const copy = createModel(m.config());
      expect(copy.constructor).toBe(m.constructor);
      expect(copy.config()).toEqual(m.config());
      // Same seed in the config: the same initial weights.
      const weights = (x: RecModel) => Object.fromEntries(Object.entries(x.stateDict()).filter(([k]) => !FEATURES.test(k)));
      expectSameState(weights(copy), weights(m));
      // The config is plain JSON.
      expect(JSON.parse(JSON.stringify(m.config()))).toEqual(m.config());
    }
  });

  it('an unknown kind is an ArgumentError listing the known ones; resolveModel answers undefined', () => {
    expect(() => createModel({ kind: 'svd++', numUsers: 1, numItems: 1 })).toThrow(ArgumentError);
    expect(() => createModel({ kind: 'svd++', numUsers: 1, numItems: 1 })).toThrow(/unknown model kind "svd\+\+"; known: mf, gmf/);
    expect(resolveModel('svd++', { numUsers: 1, numItems: 1 })).toBeUndefined();
  });

  it('registerModel adds a kind that createModel and resolveModel then build', () => {
    registerModel('tiny-mf', (c) => new MF(c as unknown as ConstructorParameters<typeof MF>[0]));
    expect(modelKinds()).toContain('tiny-mf');
    expect(createModel({ kind: 'tiny-mf', numUsers: 2, numItems: 3 })).toBeInstanceOf(MF);
    expect(resolveModel('tiny-mf', { numUsers: 2, numItems: 3 })).toBeInstanceOf(MF);
  });
});

describe('checkpoints: saveModel then loadModel(dir, resolveModel)', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [kind, build] of Object.entries(builders)) {
      it(`${kind} (${dtype}) round-trips bit-exactly and scores identically`, async () => {
        const m = build(dtype);
        randomize(m, new Rng(11)); // feature tables included: loadModel must restore them from the weights file
        const dir = freshDir();
        await saveModel(m, dir, { type: m.kind, config: m.config() as unknown as Json });
        const { model, manifest } = await loadModel(dir, resolveModel);
        const loaded = model as RecModel;
        expect(manifest.type).toBe(kind);
        expect(loaded.constructor).toBe(m.constructor);
        expect(loaded.dtype).toBe(dtype);
        expect(loaded.config()).toEqual(m.config());
        expectSameState(loaded.stateDict(), m.stateDict());
        expect(Array.from(allScores(loaded))).toEqual(Array.from(allScores(m)));
      });
    }
  }

  /** The CheckpointError loadModel raises for a checkpoint of `m` saved with `config`. */
  async function loadError(m: RecModel, config: Record<string, unknown>): Promise<{ err: CheckpointError; dir: string }> {
    const dir = freshDir();
    await saveModel(m, dir, { type: m.kind, config: config as unknown as Json });
    const err = await loadModel(dir, resolveModel).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(CheckpointError);
    return { err: err as CheckpointError, dir };
  }

  it('a config that disagrees with its weights is blamed on the two disagreeing, in the manifest, naming the parameter', async () => {
    const m = builders.gmf!('float32');
    const { err, dir } = await loadError(m, { ...(m.config() as ModelConfig), factors: 6 });
    expect(err.file).toBe(join(dir, 'manifest.json'));
    expect(err.message).toMatch(/manifest\.json: the config and the weights disagree: the gmf model built from config does not fit weights\.safetensors \(parameter gmf\.user\.weight: weights\.safetensors has \[7, 5\], model has \[7, 6\]\)/);
    const items = await loadError(m, { ...(m.config() as ModelConfig), numItems: m.numItems + 1 });
    expect(items.err.message).toMatch(/the config and the weights disagree: .*gmf\.item\.weight: weights\.safetensors has \[\d+, 5\], model has \[\d+, 5\]/);
  });

  it('a config the model rejects is a CheckpointError naming the manifest, not a bare ArgumentError', async () => {
    const m = builders.mf!('float32');
    const { err, dir } = await loadError(m, { ...(m.config() as ModelConfig), factors: 'x' });
    expect(err.file).toBe(join(dir, 'manifest.json'));
    expect(err.message).toMatch(/manifest\.json: config does not build a mf model: .*must be a positive integer, got x/);
  });
});
