import { mkdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { CheckpointError } from '../errors.js';
import type { Module } from '../layers/module.js';
import { stage, syncDir } from './atomic.js';
import {
  decodeWeights,
  encodeCheckpoint,
  modelFromCheckpoint,
  parseManifest,
  MANIFEST_FILE,
  WEIGHTS_FILE,
  type CheckpointInput,
  type CheckpointManifest,
  type LoadedCheckpoint,
  type ModelManifestInput,
  type ModelResolver,
} from './checkpoint-format.js';

// Checkpoints on disk (Node): a directory holding manifest.json and
// weights.safetensors. The format itself, which also runs in a browser, is
// src/io/checkpoint-format.ts.

/**
 * Writes dir/weights.safetensors and dir/manifest.json. Both files are staged
 * under temporary names and flushed before either is renamed into place, and
 * the weights go first: a crash can leave new weights beside an old manifest,
 * but then the manifest's checksum no longer matches and loading says so,
 * instead of silently pairing them.
 */
export async function saveCheckpoint(dir: string, input: CheckpointInput): Promise<CheckpointManifest> {
  const weightsPath = join(dir, WEIGHTS_FILE);
  const manifestPath = join(dir, MANIFEST_FILE);
  const encoded = await encodeCheckpoint(input, { manifest: manifestPath, weights: weightsPath });
  await mkdir(dir, { recursive: true });
  const staged: string[] = [];
  try {
    staged.push(await stage(weightsPath, encoded.weights));
    staged.push(await stage(manifestPath, new TextEncoder().encode(encoded.manifestJson)));
    await rename(staged[0]!, weightsPath);
    await rename(staged[1]!, manifestPath);
  } catch (e) {
    await Promise.all(staged.map((p) => unlink(p).catch(() => undefined)));
    throw e;
  }
  await syncDir(dir);
  return encoded.manifest;
}

/**
 * Reads and validates the checkpoint in `dir`: decodeCheckpoint's checks, with
 * the files named by their paths in any error.
 */
export async function loadCheckpoint(dir: string): Promise<LoadedCheckpoint> {
  const manifestPath = join(dir, MANIFEST_FILE);
  const manifest = parseManifest(await readOrFail(manifestPath), manifestPath);
  const weightsPath = join(dir, manifest.weights.file);
  return decodeWeights(manifest, await readOrFail(weightsPath), { manifest: manifestPath, weights: weightsPath });
}

/** saveCheckpoint for a model. */
export function saveModel(model: Module, dir: string, manifest: ModelManifestInput): Promise<CheckpointManifest> {
  return saveCheckpoint(dir, { ...manifest, model });
}

/**
 * Loads a checkpoint, builds the model through `resolve` (a model registry) and
 * restores its weights. A config the resolver rejects (with an AncfError), an
 * unknown type, or a config that does not fit the weights is a CheckpointError
 * naming the manifest. Any other exception is a bug, not a bad config, and is
 * rethrown as it is.
 */
export async function loadModel(dir: string, resolve: ModelResolver): Promise<{ model: Module; manifest: CheckpointManifest; int32: Record<string, Int32Array> }> {
  const checkpoint = await loadCheckpoint(dir);
  return { model: modelFromCheckpoint(checkpoint, resolve), manifest: checkpoint.manifest, int32: checkpoint.int32 };
}

async function readOrFail(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (e) {
    throw new CheckpointError(path, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
