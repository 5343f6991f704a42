import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ArgumentError, CheckpointError } from '../../src/errors.js';
import { restoreInto, type CheckpointManifest, type Json } from '../../src/io/index.js';
import { loadCheckpoint, loadModel, saveCheckpoint, saveModel } from '../../src/io/node.js';
import { Module } from '../../src/layers/module.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor, type DType } from '../../src/tensor/tensor.js';
import { VERSION } from '../../src/version.js';

/** A stand-in model: an embedding table (sparse) and a child module with a weight and a bias. */
class Head extends Module {
  constructor(dim: number, dtype: DType) {
    super(dtype);
    this.addParameter('weight', Tensor.zeros([dim, 1], dtype));
    this.addParameter('bias', Tensor.zeros([1], dtype));
  }
}
class Tiny extends Module {
  constructor(readonly config: { items: number; dim: number }, dtype: DType = 'float32') {
    super(dtype);
    this.addParameter('items', Tensor.zeros([config.items, config.dim], dtype), true);
    this.addModule('head', new Head(config.dim, dtype));
  }
  randomize(seed: number): this {
    const rng = new Rng(seed);
    for (const p of this.parameters()) for (let i = 0; i < p.value.size; i++) p.value.data[i] = rng.normal(0, 1) * 1e-3 ** rng.int(3);
    return this;
  }
}

const bits = (t: Tensor): Uint8Array => new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ancf-ckpt-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));
let seq = 0;
const fresh = (): string => join(root, `c${seq++}`);

const meta = {
  type: 'tiny',
  config: { items: 5, dim: 3 },
  idMaps: { users: ['u1', 'u2'], items: [10, 20, 30, 40, 50] },
  hyperparameters: { lr: 0.001, batch: 256 },
  metrics: { hr10: 0.61, epochs: [{ loss: 0.3 }] },
};

describe('save and load', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`round-trips ${dtype} weights bit-exactly through restoreInto and loadModel`, async () => {
      const dir = fresh();
      const model = new Tiny({ items: 5, dim: 3 }, dtype).randomize(1);
      model.stateDict().items!.data[0] = -0;
      const manifest = await saveModel(model, dir, meta);
      const loaded = await loadCheckpoint(dir);
      const target = new Tiny({ items: 5, dim: 3 }, dtype);
      restoreInto(target, loaded.tensors);
      for (const [name, t] of Object.entries(model.stateDict())) expect(bits(target.stateDict()[name]!)).toEqual(bits(t));
      expect(loaded.manifest).toEqual(manifest);

      const resolve = (type: string, config: Json): Module | undefined =>
        type === 'tiny' ? new Tiny(config as { items: number; dim: number }, dtype) : undefined;
      const { model: rebuilt } = await loadModel(dir, resolve);
      for (const [name, t] of Object.entries(model.stateDict())) expect(bits(rebuilt.stateDict()[name]!)).toEqual(bits(t));
    });
  }

  it('writes a manifest with type, config, id maps, hyperparameters, metrics, version and checksum', async () => {
    const dir = fresh();
    await saveCheckpoint(dir, { ...meta, model: new Tiny({ items: 5, dim: 3 }), int32: { order: Int32Array.from([4, 2, 0]) }, extra: { note: 'x' } });
    const m = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as CheckpointManifest;
    expect(m.format).toBe('ancf-checkpoint');
    expect(m.libraryVersion).toBe(VERSION);
    expect([m.type, m.config, m.idMaps, m.hyperparameters, m.metrics, m.extra]).toEqual([meta.type, meta.config, meta.idMaps, meta.hyperparameters, meta.metrics, { note: 'x' }]);
    expect(m.weights.sha256).toBe(createHash('sha256').update(await readFile(join(dir, 'weights.safetensors'))).digest('hex'));
    expect(m.weights.tensors).toEqual({
      items: { dtype: 'F32', shape: [5, 3] },
      'head.weight': { dtype: 'F32', shape: [3, 1] },
      'head.bias': { dtype: 'F32', shape: [1] },
      order: { dtype: 'I32', shape: [3] },
    });
    const loaded = await loadCheckpoint(dir);
    expect(Array.from(loaded.int32.order!)).toEqual([4, 2, 0]);
    expect(Object.keys(loaded.tensors).sort()).toEqual(['head.bias', 'head.weight', 'items']);
  });

  // Whether the replacement is atomic (staged, flushed, renamed; a torn write leaving
  // the old files intact) is observed at the file system in atomic.test.ts: this
  // test alone would also pass with a plain writeFile.
  it('a second save replaces the first and leaves no temporary files', async () => {
    const dir = fresh();
    await saveModel(new Tiny({ items: 5, dim: 3 }).randomize(1), dir, meta);
    const second = new Tiny({ items: 5, dim: 3 }).randomize(2);
    await saveModel(second, dir, meta);
    expect((await readdir(dir)).sort()).toEqual(['manifest.json', 'weights.safetensors']);
    const loaded = await loadCheckpoint(dir);
    expect(bits(loaded.tensors.items!)).toEqual(bits(second.stateDict().items!));
  });

  it('a failed write cleans up its temporary files and leaves no manifest', async () => {
    const dir = fresh();
    await mkdir(join(dir, 'weights.safetensors', 'occupied'), { recursive: true }); // rename onto a non-empty directory fails
    await expect(saveModel(new Tiny({ items: 5, dim: 3 }), dir, meta)).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['weights.safetensors']);
  });

  it('rejects an unknown model type and bad save input', async () => {
    const dir = fresh();
    await saveModel(new Tiny({ items: 5, dim: 3 }), dir, meta);
    await expect(loadModel(dir, () => undefined)).rejects.toThrow(/manifest.json: unknown model type "tiny"/);
    await expect(saveCheckpoint(fresh(), { type: 'tiny' })).rejects.toThrow(/give exactly one of model or tensors/);
    await expect(saveCheckpoint(fresh(), { type: 'x', tensors: { a: Tensor.zeros([1]) }, int32: { a: new Int32Array(1) } })).rejects.toThrow(
      /int32 array a has the name of a tensor/,
    );
  });
});

describe('loadModel: config problems are CheckpointErrors naming the manifest', () => {
  const resolve = (_type: string, config: Json): Tiny => {
    const c = config as { items: number; dim: number };
    if (typeof c.dim !== 'number') throw new ArgumentError('dim', `must be a number, got ${JSON.stringify(c.dim)}`);
    return new Tiny(c);
  };

  it('a config the resolver throws on', async () => {
    const dir = fresh();
    await saveModel(new Tiny({ items: 5, dim: 3 }), dir, { ...meta, config: { items: 5, dim: 'x' } });
    const err = await loadModel(dir, resolve).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CheckpointError);
    expect((err as CheckpointError).file).toBe(join(dir, 'manifest.json'));
    expect((err as Error).message).toMatch(/manifest\.json: config does not build a tiny model: dim: must be a number, got "x"$/);
  });

  it('a config whose model does not fit the (checksum-valid) weights: the config and the weights disagree', async () => {
    const dir = fresh();
    await saveModel(new Tiny({ items: 5, dim: 3 }), dir, { ...meta, config: { items: 6, dim: 3 } });
    const err = await loadModel(dir, resolve).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CheckpointError);
    expect((err as CheckpointError).file).toBe(join(dir, 'manifest.json'));
    expect((err as Error).message).toMatch(/the config and the weights disagree: the tiny model built from config does not fit weights\.safetensors \(parameter items: weights\.safetensors has \[5, 3\], model has \[6, 3\]\)/);
  });

  it('an exception that is not an AncfError (a bug, not a bad config) is rethrown as it is', async () => {
    const dir = fresh();
    await saveModel(new Tiny({ items: 5, dim: 3 }), dir, meta);
    const bug = new TypeError("Cannot read properties of undefined (reading 'dim')");
    const err = await loadModel(dir, () => {
      throw bug;
    }).catch((e: unknown) => e);
    expect(err).toBe(bug);
  });

  it('checks the weights against the model once, then copies them bit-exactly', async () => {
    const dir = fresh();
    const source = new Tiny({ items: 5, dim: 3 }).randomize(6);
    await saveModel(source, dir, meta);
    let built: Tiny | undefined;
    const spy = vi.spyOn(Tiny.prototype, 'stateDictMismatch');
    try {
      await loadModel(dir, (_t, c) => (built = new Tiny(c as { items: number; dim: number })));
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
    for (const [n, t] of Object.entries(source.stateDict())) expect(bits(built!.stateDict()[n]!)).toEqual(bits(t));
  });
});

describe('names that are Object.prototype keys', () => {
  it('a __proto__ tensor and int32 arrays named __proto__ or constructor survive save and load', async () => {
    const dir = fresh();
    const proto = Tensor.from([[1.5, -2]]);
    await saveCheckpoint(dir, { type: 'x', tensors: { ['__proto__']: proto, a: Tensor.from([3]) }, int32: { constructor: Int32Array.of(7, 8) } });
    const loaded = await loadCheckpoint(dir);
    expect(Object.keys(loaded.manifest.weights.tensors).sort()).toEqual(['__proto__', 'a', 'constructor']);
    expect(Object.keys(loaded.tensors).sort()).toEqual(['__proto__', 'a']);
    expect(Object.hasOwn(loaded.tensors, '__proto__') && bits(loaded.tensors['__proto__']!)).toEqual(bits(proto));
    expect(Object.hasOwn(loaded.int32, 'constructor') && Array.from(loaded.int32['constructor'] as Int32Array)).toEqual([7, 8]);
    const dir2 = fresh();
    await saveCheckpoint(dir2, { type: 'x', tensors: { a: Tensor.from([3]) }, int32: { ['__proto__']: Int32Array.of(9) } });
    expect(Array.from((await loadCheckpoint(dir2)).int32['__proto__']!)).toEqual([9]);
    await expect(saveCheckpoint(fresh(), { type: 'x', tensors: { ['__proto__']: proto }, int32: { ['__proto__']: Int32Array.of(1) } })).rejects.toThrow(/int32 array __proto__ has the name of a tensor/);
  });

  it('a tensor named toString that the manifest does not list is unlisted, not found on the prototype', async () => {
    const dir = fresh();
    await saveCheckpoint(dir, { type: 'x', tensors: { toString: Tensor.from([1]), a: Tensor.from([2]) } });
    const m = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    delete m.weights.tensors.toString;
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(m));
    await expect(loadCheckpoint(dir)).rejects.toThrow(/tensors not listed in the manifest: toString$/);
  });
});

describe('damaged checkpoints', () => {
  let dir = '';
  let weights = new Uint8Array();
  let manifest = '';
  beforeAll(async () => {
    dir = fresh();
    await saveModel(new Tiny({ items: 5, dim: 3 }).randomize(3), dir, meta);
    weights = new Uint8Array(await readFile(join(dir, 'weights.safetensors'))); // a plain copy: Buffer.slice would share memory
    manifest = await readFile(join(dir, 'manifest.json'), 'utf8');
  });
  const damaged = async (w: Uint8Array, m: string): Promise<string> => {
    const d = fresh();
    await mkdir(d);
    await writeFile(join(d, 'weights.safetensors'), w);
    await writeFile(join(d, 'manifest.json'), m);
    return d;
  };
  const expectError = async (d: string, file: string, message: RegExp): Promise<void> => {
    const err = await loadCheckpoint(d).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CheckpointError);
    expect((err as CheckpointError).file).toBe(join(d, file));
    expect((err as CheckpointError).message).toMatch(message);
  };

  it('a flipped data byte fails the checksum', async () => {
    const w = weights.slice();
    w[w.length - 2]! ^= 0x01;
    await expectError(await damaged(w, manifest), 'weights.safetensors', /checksum mismatch: manifest says sha256 [0-9a-f]{64}, file has [0-9a-f]{64}/);
  });

  it('truncated weights are reported as truncated', async () => {
    await expectError(await damaged(weights.subarray(0, weights.length - 5), manifest), 'weights.safetensors', /truncated: tensor .* ends at data byte/);
    await expectError(await damaged(weights.subarray(0, 4), manifest), 'weights.safetensors', /truncated: 4 bytes/);
  });

  it('a truncated or corrupt manifest is reported against the manifest', async () => {
    await expectError(await damaged(weights, manifest.slice(0, manifest.length / 2)), 'manifest.json', /is not valid JSON \(truncated or corrupt\?\)/);
    await expectError(await damaged(weights, manifest.replace('"ancf-checkpoint"', '"other"')), 'manifest.json', /format is "other"/);
    await expectError(await damaged(weights, manifest.replace('"formatVersion": 1', '"formatVersion": 9')), 'manifest.json', /formatVersion 9 is not supported/);
    await expectError(await damaged(weights, manifest.replace('"weights.safetensors"', '"../x"')), 'manifest.json', /weights.file "..\/x" is not a plain file name/);
  });

  it('a manifest that disagrees with the file on names, shapes or dtypes', async () => {
    const m = JSON.parse(manifest) as { weights: { tensors: Record<string, { dtype: string; shape: number[] }> } };
    const edit = (f: (t: Record<string, { dtype: string; shape: number[] }>) => void): string => {
      const c = structuredClone(m);
      f(c.weights.tensors);
      return JSON.stringify(c);
    };
    await expectError(await damaged(weights, edit((t) => (t.items!.shape = [3, 5]))), 'weights.safetensors', /tensor items: shape \[5, 3\], manifest says \[3, 5\]/);
    await expectError(await damaged(weights, edit((t) => (t.items!.dtype = 'F64'))), 'weights.safetensors', /tensor items: dtype F32, manifest says F64/);
    await expectError(await damaged(weights, edit((t) => delete t['head.bias'])), 'weights.safetensors', /tensors not listed in the manifest: head.bias/);
    await expectError(await damaged(weights, edit((t) => (t.extra = { dtype: 'F32', shape: [1] }))), 'weights.safetensors', /missing tensors listed in the manifest: extra/);
  });

  it('missing files', async () => {
    const d = fresh();
    await mkdir(d);
    await expectError(d, 'manifest.json', /cannot read: ENOENT/);
    await writeFile(join(d, 'manifest.json'), manifest);
    await expectError(d, 'weights.safetensors', /cannot read: ENOENT/);
  });
});

describe('restoreInto', () => {
  const state = new Tiny({ items: 5, dim: 3 }).randomize(4).stateDict();
  const cases: Array<[string, Record<string, Tensor>, RegExp]> = [
    ['wrong shape', { ...state, items: Tensor.zeros([4, 3]) }, /parameter items: checkpoint has \[4, 3\], model has \[5, 3\]/],
    ['wrong dtype', { ...state, 'head.bias': Tensor.zeros([1], 'float64') }, /parameter head.bias: checkpoint has float64, model has float32/],
    ['missing', { items: state.items!, 'head.weight': state['head.weight']! }, /checkpoint lacks parameter head.bias/],
    ['extra', { ...state, other: Tensor.zeros([1]) }, /unexpected parameters in checkpoint: other/],
  ];
  for (const [name, tensors, message] of cases) {
    it(`rejects ${name} and leaves the model untouched`, () => {
      const target = new Tiny({ items: 5, dim: 3 }).randomize(9);
      const before = Object.fromEntries(Object.entries(target.stateDict()).map(([n, t]) => [n, t.clone()]));
      expect(() => restoreInto(target, tensors, 'ckpt/weights.safetensors')).toThrow(CheckpointError);
      expect(() => restoreInto(target, tensors, 'ckpt/weights.safetensors')).toThrow(message);
      for (const [n, t] of Object.entries(target.stateDict())) expect(bits(t)).toEqual(bits(before[n]!));
    });
  }
});
