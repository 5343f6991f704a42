import { afterEach, describe, expect, it, vi } from 'vitest';
import { CheckpointError } from '../../src/errors.js';
import {
  decodeCheckpoint,
  encodeCheckpoint,
  modelFromCheckpoint,
  sha256Hex,
  type Json,
} from '../../src/io/checkpoint-format.js';
import { Module } from '../../src/layers/module.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';

// The checkpoint format in memory, as a browser uses it (fetch the two files, decode).
// test/io/checkpoint.test.ts covers the same checks through the files on disk.

class Pair extends Module {
  constructor(readonly config: { n: number }) {
    super();
    this.addParameter('w', Tensor.zeros([config.n, 2]), true);
    this.addParameter('b', Tensor.zeros([2]));
  }
}
const resolve = (type: string, config: Json): Module | undefined => (type === 'pair' ? new Pair(config as { n: number }) : undefined);

function trained(n: number, seed: number): Pair {
  const model = new Pair({ n });
  const rng = new Rng(seed);
  for (const p of model.parameters()) for (let i = 0; i < p.value.size; i++) p.value.data[i] = rng.normal(0, 1);
  return model;
}

const urls = { manifest: 'https://example.test/m/manifest.json', weights: 'https://example.test/m/weights.safetensors' };

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 test vectors', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await sha256Hex(new Uint8Array(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('hashes only the view it is given, not the whole buffer behind it', async () => {
    const buffer = new TextEncoder().encode('xxabcxx');
    expect(await sha256Hex(buffer.subarray(2, 5))).toBe(await sha256Hex(new TextEncoder().encode('abc')));
  });

  it('says what is missing where WebCrypto is not offered (an http page)', async () => {
    vi.stubGlobal('crypto', undefined);
    await expect(sha256Hex(new Uint8Array(1))).rejects.toThrow(/WebCrypto.*https/);
  });
});

describe('encodeCheckpoint and decodeCheckpoint', () => {
  it('round-trips a model bit for bit, with the manifest given as text or as bytes', async () => {
    const model = trained(4, 1);
    const encoded = await encodeCheckpoint({ model, type: 'pair', config: { n: 4 }, idMaps: { items: ['a', 'b', 'c', 'd'] } });
    for (const manifest of [encoded.manifestJson, new TextEncoder().encode(encoded.manifestJson)]) {
      const decoded = await decodeCheckpoint({ manifest, weights: encoded.weights }, urls);
      expect(decoded.manifest).toEqual(encoded.manifest);
      expect(decoded.files).toEqual(urls);
      const rebuilt = modelFromCheckpoint(decoded, resolve);
      for (const [name, t] of Object.entries(model.stateDict())) expect(Array.from(rebuilt.stateDict()[name]!.data)).toEqual(Array.from(t.data));
    }
  });

  it('names the files it was given in its errors: a changed byte, an unknown type, a config that does not fit', async () => {
    const encoded = await encodeCheckpoint({ model: trained(3, 2), type: 'pair', config: { n: 3 } });
    const flipped = encoded.weights.slice();
    flipped[flipped.length - 1]! ^= 1;
    const bad = await decodeCheckpoint({ manifest: encoded.manifestJson, weights: flipped }, urls).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(CheckpointError);
    expect((bad as Error).message).toMatch(new RegExp(`^${urls.weights}: checksum mismatch`));

    const decoded = await decodeCheckpoint({ manifest: encoded.manifestJson, weights: encoded.weights }, urls);
    expect(() => modelFromCheckpoint(decoded, () => undefined)).toThrow(`${urls.manifest}: unknown model type "pair"`);
    expect(() => modelFromCheckpoint(decoded, () => new Pair({ n: 5 }))).toThrow(new RegExp(`^${urls.manifest}: the config and the weights disagree`));
  });

  it('refuses a manifest that is not JSON, naming it', async () => {
    const encoded = await encodeCheckpoint({ tensors: { t: Tensor.zeros([1]) }, type: 'x' });
    await expect(decodeCheckpoint({ manifest: '{"format": ', weights: encoded.weights }, urls)).rejects.toThrow(`${urls.manifest}: is not valid JSON`);
  });

  it('checks its input before encoding anything', async () => {
    await expect(encodeCheckpoint({ type: 'x' })).rejects.toThrow(/give exactly one of model or tensors/);
    await expect(encodeCheckpoint({ tensors: {}, type: '' })).rejects.toThrow(/type must be a non-empty string/);
  });
});
