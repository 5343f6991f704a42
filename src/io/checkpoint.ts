import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AncfError, CheckpointError } from '../errors.js';
import type { Module } from '../layers/module.js';
import { Tensor } from '../tensor/tensor.js';
import { VERSION } from '../version.js';
import { stage, syncDir } from './atomic.js';
import { decodeSafetensors, encodeSafetensors, type SafetensorsDType, type SafetensorsEntry } from './safetensors.js';

export const WEIGHTS_FILE = 'weights.safetensors';
export const MANIFEST_FILE = 'manifest.json';
export const CHECKPOINT_FORMAT = 'ancf-checkpoint';
export const CHECKPOINT_FORMAT_VERSION = 1;

export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

export interface TensorInfo {
  readonly dtype: SafetensorsDType;
  readonly shape: readonly number[];
}

/** manifest.json: everything needed to rebuild the model and to know where it came from. */
export interface CheckpointManifest {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly formatVersion: number;
  /** The @ancf/core version that wrote it. */
  readonly libraryVersion: string;
  readonly createdAt: string;
  /** Model type, the key a model registry maps to a constructor ("neumf", "gmf"...). */
  readonly type: string;
  /** The constructor's config: given back to the registry's factory on load. */
  readonly config: Json;
  /** External id at each internal index, per map ("users", "items"...). */
  readonly idMaps: { readonly [name: string]: readonly (string | number)[] };
  readonly hyperparameters: { readonly [key: string]: Json };
  /** Training metrics (final or per epoch). */
  readonly metrics: { readonly [key: string]: Json };
  readonly extra: { readonly [key: string]: Json };
  readonly weights: {
    readonly file: string;
    readonly bytes: number;
    /** Hex SHA-256 of the whole weights file. */
    readonly sha256: string;
    readonly tensors: { readonly [name: string]: TensorInfo };
  };
}

export interface CheckpointInput {
  /** The model whose parameters (stateDict) are saved... */
  readonly model?: Module;
  /** ...or the tensors themselves, by name. */
  readonly tensors?: Readonly<Record<string, Tensor>>;
  /** Integer arrays saved alongside (I32, 1-D), e.g. an index; names must not clash with tensors. */
  readonly int32?: Readonly<Record<string, Int32Array>>;
  readonly type: string;
  readonly config?: Json;
  readonly idMaps?: CheckpointManifest['idMaps'];
  readonly hyperparameters?: CheckpointManifest['hyperparameters'];
  readonly metrics?: CheckpointManifest['metrics'];
  readonly extra?: CheckpointManifest['extra'];
}

export interface LoadedCheckpoint {
  readonly manifest: CheckpointManifest;
  /** Float tensors (F32 -> float32, F64 -> float64), owning their memory. */
  readonly tensors: Record<string, Tensor>;
  readonly int32: Record<string, Int32Array>;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Writes dir/weights.safetensors and dir/manifest.json. Both files are staged
 * under temporary names and flushed before either is renamed into place, and
 * the weights go first: a crash can leave new weights beside an old manifest,
 * but then the manifest's checksum no longer matches and loading says so,
 * instead of silently pairing them.
 */
export async function saveCheckpoint(dir: string, input: CheckpointInput): Promise<CheckpointManifest> {
  const weightsPath = join(dir, WEIGHTS_FILE);
  if ((input.model === undefined) === (input.tensors === undefined)) {
    throw new CheckpointError(weightsPath, 'give exactly one of model or tensors');
  }
  if (typeof input.type !== 'string' || input.type === '') throw new CheckpointError(join(dir, MANIFEST_FILE), 'the model type must be a non-empty string');
  const floats = input.model ? input.model.stateDict() : input.tensors!;
  // Null-prototype maps and Object.hasOwn: a tensor may be named "__proto__" or
  // "toString", which `{}` and `in` would mistake for the prototype's.
  const entries: Record<string, Tensor | SafetensorsEntry> = Object.assign(Object.create(null), floats);
  for (const [name, data] of Object.entries(input.int32 ?? {})) {
    if (Object.hasOwn(entries, name)) throw new CheckpointError(weightsPath, `int32 array ${name} has the name of a tensor`);
    entries[name] = { dtype: 'I32', shape: [data.length], data };
  }
  const bytes = encodeSafetensors(entries, { format: 'pt', producer: `@ancf/core ${VERSION}`, type: input.type }, weightsPath);
  const tensors: Record<string, TensorInfo> = Object.create(null);
  for (const [name, v] of Object.entries(entries)) {
    tensors[name] = v instanceof Tensor ? { dtype: v.dtype === 'float64' ? 'F64' : 'F32', shape: [...v.shape] } : { dtype: v.dtype, shape: [...v.shape] };
  }
  const manifest: CheckpointManifest = {
    format: CHECKPOINT_FORMAT,
    formatVersion: CHECKPOINT_FORMAT_VERSION,
    libraryVersion: VERSION,
    createdAt: new Date().toISOString(),
    type: input.type,
    config: input.config ?? null,
    idMaps: input.idMaps ?? {},
    hyperparameters: input.hyperparameters ?? {},
    metrics: input.metrics ?? {},
    extra: input.extra ?? {},
    weights: { file: WEIGHTS_FILE, bytes: bytes.length, sha256: sha256Hex(bytes), tensors },
  };
  const manifestBytes = new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);

  await mkdir(dir, { recursive: true });
  const manifestPath = join(dir, MANIFEST_FILE);
  const staged: string[] = [];
  try {
    staged.push(await stage(weightsPath, bytes));
    staged.push(await stage(manifestPath, manifestBytes));
    await rename(staged[0]!, weightsPath);
    await rename(staged[1]!, manifestPath);
  } catch (e) {
    await Promise.all(staged.map((p) => unlink(p).catch(() => undefined)));
    throw e;
  }
  await syncDir(dir);
  return manifest;
}

/**
 * Reads and validates a checkpoint: the manifest's fields, the weights file's
 * structure (truncation, corruption), its SHA-256 against the manifest, and that
 * the names, dtypes and shapes in the file are the ones the manifest lists.
 */
export async function loadCheckpoint(dir: string): Promise<LoadedCheckpoint> {
  const manifestPath = join(dir, MANIFEST_FILE);
  const manifest = parseManifest(await readOrFail(manifestPath), manifestPath);
  const weightsPath = join(dir, manifest.weights.file);
  const bytes = await readOrFail(weightsPath);
  const file = decodeSafetensors(bytes, weightsPath);
  const sha = sha256Hex(bytes);
  if (sha !== manifest.weights.sha256) {
    throw new CheckpointError(weightsPath, `checksum mismatch: manifest says sha256 ${manifest.weights.sha256}, file has ${sha} (${bytes.length} bytes, manifest says ${manifest.weights.bytes})`);
  }
  const listed = Object.keys(manifest.weights.tensors);
  const present = Object.keys(file.tensors);
  const missing = listed.filter((n) => !Object.hasOwn(file.tensors, n));
  const unlisted = present.filter((n) => !Object.hasOwn(manifest.weights.tensors, n));
  if (missing.length > 0) throw new CheckpointError(weightsPath, `missing tensors listed in the manifest: ${missing.join(', ')}`);
  if (unlisted.length > 0) throw new CheckpointError(weightsPath, `tensors not listed in the manifest: ${unlisted.join(', ')}`);
  const tensors: Record<string, Tensor> = Object.create(null);
  const int32: Record<string, Int32Array> = Object.create(null);
  for (const [name, e] of Object.entries(file.tensors)) {
    const want = manifest.weights.tensors[name]!;
    if (want.dtype !== e.dtype) throw new CheckpointError(weightsPath, `tensor ${name}: dtype ${e.dtype}, manifest says ${want.dtype}`);
    if (!sameShape(want.shape, e.shape)) throw new CheckpointError(weightsPath, `tensor ${name}: shape [${e.shape.join(', ')}], manifest says [${want.shape.join(', ')}]`);
    if (e.data instanceof Int32Array) int32[name] = e.data;
    else tensors[name] = new Tensor(e.data, e.shape);
  }
  return { manifest, tensors, int32 };
}

/**
 * Copies loaded tensors into a module's parameters, after checking that the
 * names, shapes and dtypes match exactly; on any mismatch nothing is copied.
 */
export function restoreInto(module: Module, tensors: Readonly<Record<string, Tensor>>, file = 'checkpoint'): void {
  const problem = module.stateDictMismatch(tensors, 'checkpoint', true);
  if (problem) throw new CheckpointError(file, problem);
  copyParameters(module, tensors);
}

/** The copy step, for tensors already checked by stateDictMismatch(…, sameDtype = true). */
function copyParameters(module: Module, tensors: Readonly<Record<string, Tensor>>): void {
  // Same dtype and shape: a byte copy, so the round trip is bit-exact.
  for (const [name, p] of module.namedParameters()) p.value.data.set(tensors[name]!.data);
}

/** Builds a model from its type and config; undefined for a type it does not know. */
export type ModelResolver = (type: string, config: Json) => Module | undefined;

export type ModelManifestInput = Omit<CheckpointInput, 'model' | 'tensors'>;

/** saveCheckpoint for a model. */
export function saveModel(model: Module, dir: string, manifest: ModelManifestInput): Promise<CheckpointManifest> {
  return saveCheckpoint(dir, { ...manifest, model });
}

/**
 * Restores a model built from a loaded checkpoint's config. By now loadCheckpoint
 * has checked the weights file against the manifest (checksum, names, shapes,
 * dtypes), so a mismatch here means the manifest's config and its weights
 * disagree (say config.numItems edited by hand): the CheckpointError names the
 * manifest and says so, rather than blaming the weights file.
 */
export function restoreFromConfig(model: Module, checkpoint: LoadedCheckpoint, dir: string): void {
  const { manifest, tensors } = checkpoint;
  const problem = model.stateDictMismatch(tensors, manifest.weights.file, true);
  if (problem) {
    throw new CheckpointError(join(dir, MANIFEST_FILE), `the config and the weights disagree: the ${manifest.type} model built from config does not fit ${manifest.weights.file} (${problem})`);
  }
  copyParameters(model, tensors);
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
  const model = buildFromManifest(checkpoint.manifest, dir, resolve);
  restoreFromConfig(model, checkpoint, dir);
  return { model, manifest: checkpoint.manifest, int32: checkpoint.int32 };
}

/**
 * The untrained model a manifest's type and config describe, through `resolve`. A
 * config the resolver rejects (with an AncfError) or an unknown type is a
 * CheckpointError naming the manifest; any other exception is a bug and passes.
 */
export function buildFromManifest(manifest: CheckpointManifest, dir: string, resolve: ModelResolver): Module {
  const manifestPath = join(dir, MANIFEST_FILE);
  let model: Module | undefined;
  try {
    model = resolve(manifest.type, manifest.config);
  } catch (e) {
    if (!(e instanceof AncfError)) throw e;
    throw new CheckpointError(manifestPath, `config does not build a ${manifest.type} model: ${e.message}`);
  }
  if (!model) throw new CheckpointError(manifestPath, `unknown model type ${JSON.stringify(manifest.type)}`);
  return model;
}

async function readOrFail(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (e) {
    throw new CheckpointError(path, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function parseManifest(bytes: Uint8Array, path: string): CheckpointManifest {
  const fail = (reason: string): never => {
    throw new CheckpointError(path, reason);
  };
  let m: Record<string, unknown> = {};
  try {
    const v: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail('is not a JSON object');
    m = v as Record<string, unknown>;
  } catch (e) {
    if (e instanceof CheckpointError) throw e;
    fail(`is not valid JSON (truncated or corrupt?): ${(e as Error).message}`);
  }
  if (m.format !== CHECKPOINT_FORMAT) fail(`format is ${JSON.stringify(m.format)}, expected ${JSON.stringify(CHECKPOINT_FORMAT)}`);
  if (typeof m.formatVersion !== 'number' || m.formatVersion > CHECKPOINT_FORMAT_VERSION) {
    fail(`formatVersion ${JSON.stringify(m.formatVersion)} is not supported (this library reads up to ${CHECKPOINT_FORMAT_VERSION})`);
  }
  if (typeof m.type !== 'string' || m.type === '') fail('type is missing');
  const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  for (const key of ['idMaps', 'hyperparameters', 'metrics', 'extra'] as const) {
    if (!isObject(m[key])) fail(`${key} is not an object`);
  }
  for (const [name, ids] of Object.entries(m.idMaps as Record<string, unknown>)) {
    if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string' || typeof x === 'number')) fail(`idMaps.${name} is not a list of ids`);
  }
  const w = m.weights;
  if (!isObject(w)) return fail('weights is missing');
  if (typeof w.file !== 'string' || w.file === '' || /[\\/]/.test(w.file) || w.file.startsWith('.')) fail(`weights.file ${JSON.stringify(w.file)} is not a plain file name`);
  if (typeof w.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(w.sha256)) fail('weights.sha256 is not a hex SHA-256');
  if (typeof w.bytes !== 'number') fail('weights.bytes is missing');
  if (!isObject(w.tensors)) fail('weights.tensors is not an object');
  for (const [name, info] of Object.entries(w.tensors as Record<string, unknown>)) {
    if (!isObject(info) || !['F32', 'F64', 'I32'].includes(info.dtype as string) || !Array.isArray(info.shape)) {
      fail(`weights.tensors.${name} is not { dtype, shape }`);
    }
  }
  return m as unknown as CheckpointManifest;
}
