import { CheckpointError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * The safetensors format (huggingface/safetensors), so PyTorch and friends can
 * read our weights:
 *
 *   [8 bytes]  N, the header length, unsigned 64-bit little-endian
 *   [N bytes]  a UTF-8 JSON object: { name: { dtype, shape, data_offsets: [begin, end] },
 *              "__metadata__": { string: string } }, starting with '{' and
 *              possibly padded with trailing spaces
 *   [rest]     the data section: each tensor's bytes, little-endian, row-major,
 *              at [begin, end) relative to the start of this section
 *
 * The reader treats the file as hostile: every number is checked before use,
 * tensors must tile the data section exactly (no gaps, overlaps, or trailing
 * bytes), so truncation and most corruption are caught by structure alone.
 */
export type SafetensorsDType = 'F32' | 'F64' | 'I32';

export interface SafetensorsEntry {
  readonly dtype: SafetensorsDType;
  readonly shape: readonly number[];
  readonly data: Float32Array | Float64Array | Int32Array;
}

export interface SafetensorsFile {
  /** Tensors in file order, in a null-prototype object (any name is an own key, "__proto__" included: test with Object.hasOwn). */
  readonly tensors: Record<string, SafetensorsEntry>;
  /** Null-prototype, like tensors. */
  readonly metadata: Record<string, string>;
}

const BYTES: Record<SafetensorsDType, number> = { F64: 8, F32: 4, I32: 4 };
/** The reference implementation refuses larger headers; so do we. */
export const MAX_HEADER_BYTES = 100_000_000;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function entryOf(value: Tensor | SafetensorsEntry): SafetensorsEntry {
  if (value instanceof Tensor) return { dtype: value.dtype === 'float64' ? 'F64' : 'F32', shape: value.shape, data: value.data };
  return value;
}

function expectedDtype(data: SafetensorsEntry['data']): SafetensorsDType {
  return data instanceof Float64Array ? 'F64' : data instanceof Float32Array ? 'F32' : 'I32';
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Serialises tensors (F64 first, then F32/I32, each by name, so every tensor is aligned to its element size). */
export function encodeSafetensors(
  tensors: Readonly<Record<string, Tensor | SafetensorsEntry>>,
  metadata: Readonly<Record<string, string>> = {},
  file = '<buffer>',
): Uint8Array {
  const entries = Object.entries(tensors).map(([name, v]) => [name, entryOf(v)] as const);
  for (const [name, e] of entries) {
    if (name === '' || name === '__metadata__') throw new CheckpointError(file, `invalid tensor name ${JSON.stringify(name)}`);
    if (expectedDtype(e.data) !== e.dtype) throw new CheckpointError(file, `tensor ${name}: dtype ${e.dtype} does not match its ${e.data.constructor.name}`);
    if (!e.shape.every((d) => Number.isSafeInteger(d) && d >= 0) || product(e.shape) !== e.data.length) {
      throw new CheckpointError(file, `tensor ${name}: shape [${e.shape.join(', ')}] does not fit ${e.data.length} elements`);
    }
  }
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== 'string') throw new CheckpointError(file, `metadata ${k} must be a string, got ${typeof v}`);
  }
  entries.sort(([na, a], [nb, b]) => BYTES[b.dtype] - BYTES[a.dtype] || (na < nb ? -1 : na > nb ? 1 : 0));
  // Null-prototype maps throughout: tensor names come from users and files, and on
  // a plain {} the name "__proto__" would set the prototype instead of a key (the
  // tensor silently vanishes from the header, and a decoded file loses it).
  const header: Record<string, unknown> = Object.create(null);
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, e] of entries) {
    const bytes = e.data.length * BYTES[e.dtype];
    header[name] = { dtype: e.dtype, shape: [...e.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  // Pad with spaces so the data section starts 8-byte aligned, as the reference writer does.
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, json.length, true);
  view.setUint32(4, 0, true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const [, e] of entries) {
    writeLittleEndian(out, at, e.data);
    at += e.data.length * BYTES[e.dtype];
  }
  return out;
}

function writeLittleEndian(out: Uint8Array, at: number, data: SafetensorsEntry['data']): void {
  if (LITTLE_ENDIAN) {
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    return;
  }
  const v = new DataView(out.buffer, out.byteOffset + at, data.byteLength);
  for (let i = 0; i < data.length; i++) {
    if (data instanceof Float64Array) v.setFloat64(i * 8, data[i]!, true);
    else if (data instanceof Float32Array) v.setFloat32(i * 4, data[i]!, true);
    else v.setInt32(i * 4, data[i]!, true);
  }
}

function readLittleEndian(bytes: Uint8Array, at: number, dtype: SafetensorsDType, count: number): SafetensorsEntry['data'] {
  const size = BYTES[dtype];
  // Copy into a fresh, aligned buffer: the loaded tensors own their memory. (Not
  // bytes.slice: on a Node Buffer that is a view into a shared pool.)
  const copy = new Uint8Array(count * size);
  copy.set(bytes.subarray(at, at + count * size));
  if (LITTLE_ENDIAN) {
    return dtype === 'F64' ? new Float64Array(copy.buffer) : dtype === 'F32' ? new Float32Array(copy.buffer) : new Int32Array(copy.buffer);
  }
  const v = new DataView(copy.buffer);
  const out = dtype === 'F64' ? new Float64Array(count) : dtype === 'F32' ? new Float32Array(count) : new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = dtype === 'F64' ? v.getFloat64(i * 8, true) : dtype === 'F32' ? v.getFloat32(i * 4, true) : v.getInt32(i * 4, true);
  return out;
}

interface Placed {
  readonly name: string;
  readonly dtype: SafetensorsDType;
  readonly shape: number[];
  readonly begin: number;
  readonly end: number;
}

/** Parses and validates a safetensors file held in memory; `file` names it in errors. */
export function decodeSafetensors(bytes: Uint8Array, file = '<buffer>'): SafetensorsFile {
  const fail = (reason: string): never => {
    throw new CheckpointError(file, reason);
  };
  if (bytes.length < 8) fail(`truncated: ${bytes.length} bytes, shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lo = view.getUint32(0, true), hi = view.getUint32(4, true);
  if (hi !== 0 || lo > MAX_HEADER_BYTES) fail(`header length ${hi * 2 ** 32 + lo} exceeds the ${MAX_HEADER_BYTES}-byte limit (corrupt length field?)`);
  const n = lo;
  if (8 + n > bytes.length) fail(`truncated: the header needs ${n} bytes but only ${bytes.length - 8} follow the length field`);
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    fail('header is not valid UTF-8');
  }
  if (!text.startsWith('{')) fail(`header does not start with '{' (got ${JSON.stringify(text.slice(0, 20))})`);
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    fail(`header is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('header is not a JSON object');

  const metadata: Record<string, string> = Object.create(null);
  const placed: Placed[] = [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('__metadata__ is not an object');
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`__metadata__.${k} is not a string`);
        metadata[k] = v as string;
      }
      continue;
    }
    placed.push(parseEntry(name, raw, fail));
  }
  const dataBytes = bytes.length - 8 - n;
  for (const p of placed) {
    if (p.end > dataBytes) fail(`truncated: tensor ${p.name} ends at data byte ${p.end} but the data section has ${dataBytes} bytes`);
  }
  const sorted = [...placed].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  for (const p of sorted) {
    if (p.begin !== cursor) {
      fail(p.begin < cursor ? `tensor ${p.name} overlaps the previous tensor (begins at ${p.begin}, previous ends at ${cursor})` : `gap before tensor ${p.name}: bytes ${cursor}..${p.begin} belong to no tensor`);
    }
    cursor = p.end;
  }
  if (cursor !== dataBytes) fail(`${dataBytes - cursor} trailing bytes after the last tensor (data section ${dataBytes} bytes, tensors end at ${cursor})`);

  const tensors: Record<string, SafetensorsEntry> = Object.create(null);
  for (const p of placed) {
    tensors[p.name] = { dtype: p.dtype, shape: p.shape, data: readLittleEndian(bytes, 8 + n + p.begin, p.dtype, product(p.shape)) };
  }
  return { tensors, metadata };
}

function parseEntry(name: string, raw: unknown, fail: (reason: string) => never): Placed {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail(`tensor ${name}: entry is not an object`);
  const e = raw as Record<string, unknown>;
  const extra = Object.keys(e).filter((k) => k !== 'dtype' && k !== 'shape' && k !== 'data_offsets');
  if (extra.length > 0) fail(`tensor ${name}: unexpected field ${extra[0]}`);
  const dtype = e.dtype;
  if (typeof dtype !== 'string') return fail(`tensor ${name}: dtype is missing`);
  if (!(dtype in BYTES)) fail(`tensor ${name}: unsupported dtype ${dtype} (supported: F32, F64, I32)`);
  const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
  const shape = e.shape;
  if (!Array.isArray(shape) || !shape.every(isCount)) return fail(`tensor ${name}: shape ${JSON.stringify(shape)} is not a list of non-negative integers`);
  const offs = e.data_offsets;
  if (!Array.isArray(offs) || offs.length !== 2 || !isCount(offs[0]) || !isCount(offs[1]) || offs[1] < offs[0]) {
    return fail(`tensor ${name}: data_offsets ${JSON.stringify(offs)} is not [begin, end] with 0 <= begin <= end`);
  }
  const d = dtype as SafetensorsDType;
  const need = product(shape) * BYTES[d];
  if (offs[1] - offs[0] !== need) {
    fail(`tensor ${name}: data_offsets [${offs[0]}, ${offs[1]}] hold ${offs[1] - offs[0]} bytes but shape [${shape.join(', ')}] of ${d} needs ${need}`);
  }
  return { name, dtype: d, shape: shape as number[], begin: offs[0], end: offs[1] };
}
