import { AncfError, CheckpointError } from '../errors.js';
import type { Module } from '../layers/module.js';
import { Tensor } from '../tensor/tensor.js';
import { VERSION } from '../version.js';
import { decodeSafetensors, encodeSafetensors, type SafetensorsDType, type SafetensorsEntry } from './safetensors.js';

// The checkpoint format in memory: encoding, decoding and validating the two files
// (manifest.json and weights.safetensors) without touching a file system, so it runs
// in a browser as well as in Node. src/io/checkpoint.ts reads and writes them on disk.

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

/** Where a checkpoint's two files came from: paths on disk, URLs, or plain names. */
export interface CheckpointFiles {
  readonly manifest: string;
  readonly weights: string;
}

const DEFAULT_FILES: CheckpointFiles = { manifest: MANIFEST_FILE, weights: WEIGHTS_FILE };

/** A checkpoint in memory: what saveCheckpoint writes, as bytes. */
export interface EncodedCheckpoint {
  readonly manifest: CheckpointManifest;
  /** manifest.json's text (pretty-printed JSON, newline-terminated). */
  readonly manifestJson: string;
  /** weights.safetensors' bytes. */
  readonly weights: Uint8Array;
}

export interface LoadedCheckpoint {
  readonly manifest: CheckpointManifest;
  /** Where the manifest and the weights came from (paths, URLs or names), for error messages. */
  readonly files: CheckpointFiles;
  /** Float tensors (F32 -> float32, F64 -> float64), owning their memory. */
  readonly tensors: Record<string, Tensor>;
  readonly int32: Record<string, Int32Array>;
}

/**
 * Hex SHA-256 of bytes, through WebCrypto (globalThis.crypto.subtle): built into
 * Node 20+ and into browsers, where pages get it on https and localhost only.
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new CheckpointError('checksum', 'SHA-256 needs WebCrypto (crypto.subtle), which browsers give only to pages served over https or from localhost');
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/**
 * A model or a set of tensors as checkpoint bytes: the safetensors weights and the
 * manifest that lists them with their SHA-256. `files` names the two in error
 * messages (saveCheckpoint passes the paths it will write).
 */
export async function encodeCheckpoint(input: CheckpointInput, files: CheckpointFiles = DEFAULT_FILES): Promise<EncodedCheckpoint> {
  const weightsFile = files.weights;
  if ((input.model === undefined) === (input.tensors === undefined)) {
    throw new CheckpointError(weightsFile, 'give exactly one of model or tensors');
  }
  if (typeof input.type !== 'string' || input.type === '') throw new CheckpointError(files.manifest, 'the model type must be a non-empty string');
  const floats = input.model ? input.model.stateDict() : input.tensors!;
  // Null-prototype maps and Object.hasOwn: a tensor may be named "__proto__" or
  // "toString", which `{}` and `in` would mistake for the prototype's.
  const entries: Record<string, Tensor | SafetensorsEntry> = Object.assign(Object.create(null), floats);
  for (const [name, data] of Object.entries(input.int32 ?? {})) {
    if (Object.hasOwn(entries, name)) throw new CheckpointError(weightsFile, `int32 array ${name} has the name of a tensor`);
    entries[name] = { dtype: 'I32', shape: [data.length], data };
  }
  const bytes = encodeSafetensors(entries, { format: 'pt', producer: `@ancf/core ${VERSION}`, type: input.type }, weightsFile);
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
    weights: { file: WEIGHTS_FILE, bytes: bytes.length, sha256: await sha256Hex(bytes), tensors },
  };
  return { manifest, manifestJson: `${JSON.stringify(manifest, null, 2)}\n`, weights: bytes };
}

/**
 * Validates and decodes a checkpoint's two files: the manifest's fields, the
 * weights' structure (truncation, corruption), their SHA-256 against the manifest,
 * and that the names, dtypes and shapes in the weights are the ones the manifest
 * lists. `files` names them in error messages (paths, URLs).
 */
export async function decodeCheckpoint(
  data: { readonly manifest: string | Uint8Array; readonly weights: Uint8Array },
  files: CheckpointFiles = DEFAULT_FILES,
): Promise<LoadedCheckpoint> {
  return decodeWeights(parseManifest(data.manifest, files.manifest), data.weights, files);
}

/** decodeCheckpoint's second half, for a manifest parseManifest has already checked. */
export async function decodeWeights(manifest: CheckpointManifest, bytes: Uint8Array, files: CheckpointFiles): Promise<LoadedCheckpoint> {
  const weightsPath = files.weights;
  const file = decodeSafetensors(bytes, weightsPath);
  const sha = await sha256Hex(bytes);
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
  return { manifest, files, tensors, int32 };
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

/**
 * Restores a model built from a decoded checkpoint's config. By now
 * decodeCheckpoint has checked the weights against the manifest (checksum,
 * names, shapes, dtypes), so a mismatch here means the manifest's config and its
 * weights disagree (say config.numItems edited by hand): the CheckpointError
 * names the manifest and says so, rather than blaming the weights file.
 */
export function restoreFromConfig(model: Module, checkpoint: LoadedCheckpoint): void {
  const { manifest, tensors, files } = checkpoint;
  const problem = model.stateDictMismatch(tensors, manifest.weights.file, true);
  if (problem) {
    throw new CheckpointError(files.manifest, `the config and the weights disagree: the ${manifest.type} model built from config does not fit ${manifest.weights.file} (${problem})`);
  }
  copyParameters(model, tensors);
}

/**
 * The model a decoded checkpoint describes, built through `resolve` (a model
 * registry such as resolveModel) with its weights restored.
 */
export function modelFromCheckpoint(checkpoint: LoadedCheckpoint, resolve: ModelResolver): Module {
  const model = buildFromManifest(checkpoint.manifest, checkpoint.files.manifest, resolve);
  restoreFromConfig(model, checkpoint);
  return model;
}

/**
 * The untrained model a manifest's type and config describe, through `resolve`. A
 * config the resolver rejects (with an AncfError) or an unknown type is a
 * CheckpointError naming the manifest; any other exception is a bug and passes.
 */
export function buildFromManifest(manifest: CheckpointManifest, manifestPath: string, resolve: ModelResolver): Module {
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

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Parses manifest.json and checks its fields; `path` names it in errors. */
export function parseManifest(text: string | Uint8Array, path: string): CheckpointManifest {
  const fail = (reason: string): never => {
    throw new CheckpointError(path, reason);
  };
  let m: Record<string, unknown> = {};
  try {
    const v: unknown = JSON.parse(typeof text === 'string' ? text : new TextDecoder('utf-8', { fatal: true }).decode(text));
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
