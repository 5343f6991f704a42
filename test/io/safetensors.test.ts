import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CheckpointError } from '../../src/errors.js';
import { decodeSafetensors, encodeSafetensors, type SafetensorsEntry, type SafetensorsFile } from '../../src/io/index.js';
import { Tensor } from '../../src/tensor/tensor.js';

const bytesOf = (a: Float32Array | Float64Array | Int32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** A file built by hand from the spec: length, header, data. */
function handMade(header: string, data: number[] = [], lengthOverride?: bigint): Uint8Array {
  const h = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, lengthOverride ?? BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

const ONE_F32 = [0x00, 0x00, 0x80, 0x3f]; // 1.0f little-endian

describe('safetensors layout, decoded by hand from the spec', () => {
  const file = encodeSafetensors(
    {
      b: Tensor.from([1, -2]),
      a: Tensor.from([[0.5]], 'float64'),
      i: { dtype: 'I32', shape: [3], data: Int32Array.from([1, -1, 7]) },
    },
    { k: 'v' },
  );
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const n = Number(view.getBigUint64(0, true));
  const text = new TextDecoder().decode(file.subarray(8, 8 + n));
  const header = JSON.parse(text) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  const data = 8 + n;

  it('has an 8-byte LE length, a space-padded JSON header, 8-byte-aligned data', () => {
    expect((8 + n) % 8).toBe(0);
    expect(text.startsWith('{')).toBe(true);
    expect(text.trimEnd().endsWith('}')).toBe(true);
    expect(/^ *$/.test(text.slice(text.trimEnd().length))).toBe(true);
    expect(header.__metadata__).toEqual({ k: 'v' });
  });

  it('lists dtype, shape and offsets; F64 first, then by name; data tiles the rest of the file', () => {
    expect(header.a).toEqual({ dtype: 'F64', shape: [1, 1], data_offsets: [0, 8] });
    expect(header.b).toEqual({ dtype: 'F32', shape: [2], data_offsets: [8, 16] });
    expect(header.i).toEqual({ dtype: 'I32', shape: [3], data_offsets: [16, 28] });
    expect(file.length).toBe(data + 28);
    expect(view.getFloat64(data, true)).toBe(0.5);
    expect([view.getFloat32(data + 8, true), view.getFloat32(data + 12, true)]).toEqual([1, -2]);
    expect([0, 1, 2].map((j) => view.getInt32(data + 16 + 4 * j, true))).toEqual([1, -1, 7]);
  });

  it('reads a minimal file written byte by byte (unpadded header, no metadata)', () => {
    const f = decodeSafetensors(handMade('{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', ONE_F32));
    expect(f.tensors.x!.dtype).toBe('F32');
    expect(Array.from(f.tensors.x!.data)).toEqual([1]);
    expect(f.metadata).toEqual({});
  });
});

describe('round trip', () => {
  it('is bit-exact for float32, float64 and int32, any shape (scalars, empty tensors)', () => {
    const shapeArb = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 3 });
    fc.assert(
      fc.property(shapeArb, shapeArb, fc.nat(), (s32, s64, seed) => {
        const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);
        // Raw random bit patterns: every NaN payload, subnormal, -0 and infinity is fair game.
        let x = seed | 1;
        const word = (): number => ((x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0);
        const f32 = new Float32Array(new Uint32Array(size(s32)).map(word).buffer);
        const f64 = new Float64Array(new Uint32Array(2 * size(s64)).map(word).buffer);
        const i32 = new Int32Array(new Uint32Array(5).map(word).buffer);
        const out = decodeSafetensors(
          encodeSafetensors({ w: new Tensor(f32, s32), 'd.x': new Tensor(f64, s64), idx: { dtype: 'I32', shape: [5], data: i32 } }),
        );
        expect(out.tensors.w!.shape).toEqual(s32);
        expect(out.tensors['d.x']!.shape).toEqual(s64);
        expect(bytesOf(out.tensors.w!.data)).toEqual(bytesOf(f32));
        expect(bytesOf(out.tensors['d.x']!.data)).toEqual(bytesOf(f64));
        expect(bytesOf(out.tensors.idx!.data)).toEqual(bytesOf(i32));
      }),
    );
  });

  it('refuses to write what it could not read back', () => {
    expect(() => encodeSafetensors({ __metadata__: Tensor.zeros([1]) })).toThrow(/invalid tensor name "__metadata__"/);
    expect(() => encodeSafetensors({ x: { dtype: 'F64', shape: [1], data: new Float32Array(1) } })).toThrow(/dtype F64 does not match its Float32Array/);
    expect(() => encodeSafetensors({ x: { dtype: 'I32', shape: [2], data: new Int32Array(3) } })).toThrow(/shape \[2\] does not fit 3 elements/);
  });
});

describe('validation of damaged files', () => {
  const valid = encodeSafetensors({ w: Tensor.from([[1, 2], [3, 4]]), b: Tensor.from([5], 'float64') }, { note: 'x' });
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['too short', valid.subarray(0, 5), /truncated: 5 bytes, shorter than the 8-byte header length/],
    ['absurd header length', handMade('{}', [], 1n << 40n), /header length 1099511627776 exceeds the 100000000-byte limit/],
    ['header cut', valid.subarray(0, 20), /truncated: the header needs \d+ bytes but only 12 follow/],
    ['not an object', handMade('[1, 2]'), /header does not start with '\{'/],
    ['bad JSON', handMade('{"x": '), /header is not valid JSON/],
    ['bad UTF-8', handMade('{"ab"}').map((b, i) => (i === 10 ? 0xff : b)), /header is not valid UTF-8/],
    ['bf16', handMade('{"x":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}}', [0, 0, 0, 0]), /tensor x: unsupported dtype BF16/],
    ['bad shape', handMade('{"x":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}', ONE_F32), /tensor x: shape \[-1\] is not a list/],
    ['size mismatch', handMade('{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', ONE_F32), /hold 4 bytes but shape \[2\] of F32 needs 8/],
    ['reversed offsets', handMade('{"x":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}', ONE_F32), /data_offsets \[4,0\] is not \[begin, end\]/],
    ['data cut', valid.subarray(0, valid.length - 3), /truncated: tensor w ends at data byte 24 but the data section has 21 bytes/],
    ['trailing bytes', Uint8Array.from([...valid, 0, 0]), /2 trailing bytes after the last tensor/],
    ['gap', handMade('{"x":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', [...ONE_F32, ...ONE_F32]), /gap before tensor x: bytes 0..4/],
    [
      'overlap',
      handMade('{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"y":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', ONE_F32),
      /tensor y overlaps the previous tensor/,
    ],
    ['metadata value', handMade('{"__metadata__":{"a":1}}'), /__metadata__.a is not a string/],
    ['extra field', handMade('{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"z":0}}', ONE_F32), /tensor x: unexpected field z/],
  ];
  for (const [name, bytes, message] of cases) {
    it(`rejects: ${name}`, () => {
      expect(() => decodeSafetensors(bytes, 'model.safetensors')).toThrow(CheckpointError);
      expect(() => decodeSafetensors(bytes, 'model.safetensors')).toThrow(message);
      expect(() => decodeSafetensors(bytes, 'model.safetensors')).toThrow(/^model\.safetensors: /);
    });
  }

  it('every truncation of a valid file is caught', () => {
    for (let len = 0; len < valid.length; len++) {
      expect(() => decodeSafetensors(valid.subarray(0, len))).toThrow(CheckpointError);
    }
  });

  /**
   * Why `got` (a decode of a damaged file) may differ from `want` although the
   * decoder accepted it: 'identical', or a difference no structural check can see,
   * or null when the decoder should have caught it. The format has no checksum
   * (our checkpoint manifest adds one), so free-text fields are unprotected:
   * - 'metadata': __metadata__ keys and values are arbitrary strings;
   * - 'renamed': a tensor name is an arbitrary string (a name equal to another's
   *   makes a duplicate JSON key; JSON.parse keeps the last, and the lost tensor's
   *   bytes are then a gap, which is caught);
   * - 'F32<->I32': both are 4 bytes wide, so "F32" -> "I32" keeps every size and
   *   offset valid and only reinterprets the same bytes;
   * - 'reshaped': a shape with the same element count holds the same bytes. One
   *   byte can do this only to a dimension of 1: "shape":[1] -> [ ] (whitespace
   *   for the digit) makes b a scalar, which also has one element.
   * Everything else (other shape changes, offsets, F64, the length field, JSON
   * structure) is tied to the byte layout, and a one-byte change breaks the tiling.
   */
  function undetectable(want: SafetensorsFile, got: SafetensorsFile): string | null {
    const raw = (e: SafetensorsEntry): number[] => Array.from(new Uint8Array(e.data.buffer, e.data.byteOffset, e.data.byteLength));
    const same = (a: SafetensorsEntry, b: SafetensorsEntry, dtype = true): boolean =>
      (!dtype || a.dtype === b.dtype) && JSON.stringify(a.shape) === JSON.stringify(b.shape) && JSON.stringify(raw(a)) === JSON.stringify(raw(b));
    const wn = Object.keys(want.tensors).sort(), gn = Object.keys(got.tensors).sort();
    const metaSame = JSON.stringify(Object.entries(want.metadata)) === JSON.stringify(Object.entries(got.metadata));
    const differing: string[] = [];
    if (!metaSame) differing.push('metadata');
    if (JSON.stringify(wn) === JSON.stringify(gn)) {
      const count = (shape: readonly number[]): number => shape.reduce((x, y) => x * y, 1);
      for (const name of wn) {
        const a = want.tensors[name]!, b = got.tensors[name]!;
        if (same(a, b)) continue;
        const widths = new Set([a.dtype, b.dtype]);
        if (widths.has('F32') && widths.has('I32') && same(a, b, false)) differing.push('F32<->I32');
        else if (a.dtype === b.dtype && count(a.shape) === count(b.shape) && same(a, { ...b, shape: a.shape })) differing.push('reshaped');
        else return null;
      }
    } else {
      const lost = wn.filter((x) => !gn.includes(x)), found = gn.filter((x) => !wn.includes(x));
      if (lost.length !== 1 || found.length !== 1 || !same(want.tensors[lost[0]!]!, got.tensors[found[0]!]!)) return null;
      for (const name of wn) if (name !== lost[0] && !same(want.tensors[name]!, got.tensors[name]!)) return null;
      differing.push('renamed');
    }
    if (differing.length > 1) return null; // one byte cannot change two fields
    return differing[0] ?? 'identical';
  }

  it('every one-byte corruption of the header is a CheckpointError, or decodes to the original up to what the format cannot detect', () => {
    // Exhaustive: every header byte (length field included) set to every other value.
    const n = new DataView(valid.buffer).getUint32(0, true);
    const original = decodeSafetensors(valid);
    const seen = new Map<string, number>();
    for (let at = 0; at < 8 + n; at++) {
      for (let value = 0; value < 256; value++) {
        if (value === valid[at]) continue;
        const bad = valid.slice();
        bad[at] = value;
        let got: SafetensorsFile;
        try {
          got = decodeSafetensors(bad);
        } catch (e) {
          if (!(e instanceof CheckpointError)) throw new Error(`byte ${at} = ${value}: ${String(e)} is not a CheckpointError`);
          seen.set('error', (seen.get('error') ?? 0) + 1);
          continue;
        }
        const why = undetectable(original, got);
        if (why === null) throw new Error(`byte ${at} = ${value} decoded to a detectably different file: ${JSON.stringify(Object.keys(got.tensors))}`);
        seen.set(why, (seen.get(why) ?? 0) + 1);
      }
    }
    // The padding spaces accept the other JSON whitespace (\t \n \r) unchanged; the
    // names "b", "w", "note" and value "x" take other characters; "F32" -> "I32";
    // b's [1] -> [ ] with any of the 4 JSON whitespace bytes.
    expect([...seen.keys()].sort()).toEqual(['F32<->I32', 'error', 'identical', 'metadata', 'renamed', 'reshaped']);
    expect(seen.get('F32<->I32')).toBe(1);
    expect(seen.get('reshaped')).toBe(4);
    expect(seen.get('identical')).toBe(6 * 3);
  });

  it('negative control: the comparison flags differences the decoder can see', () => {
    const original = decodeSafetensors(valid);
    const flipped = valid.slice();
    flipped[flipped.length - 1]! ^= 0x01; // a data byte: unchecked by the format, but a real change
    expect(undetectable(original, decodeSafetensors(flipped))).toBeNull();
    const other = decodeSafetensors(encodeSafetensors({ w: Tensor.from([[1, 2], [3, 4]]), b: Tensor.from([5, 6], 'float64') }, { note: 'x' }));
    expect(undetectable(original, other)).toBeNull();
    const reshapedWrongly = decodeSafetensors(encodeSafetensors({ w: Tensor.from([[1, 2, 3, 4]]), b: Tensor.from([5], 'float64') }, { note: 'x' }));
    expect(undetectable(original, reshapedWrongly)).toBe('reshaped'); // [2,2] -> [1,4]: same count and bytes, invisible to the format
    const dtypeWrongly = decodeSafetensors(encodeSafetensors({ w: Tensor.from([[1, 2], [3, 4]]), b: Tensor.from([5]) }, { note: 'x' }));
    expect(undetectable(original, dtypeWrongly)).toBeNull(); // F64 -> F32 changes the bytes
    expect(undetectable(original, decodeSafetensors(valid))).toBe('identical');
  });
});

describe('tensor names that are Object.prototype keys', () => {
  // On a plain {}, `o['__proto__'] = v` sets the prototype instead of a key, and
  // `'toString' in o` is true for every object: such names must still be plain keys.
  const own = (o: object, k: string): boolean => Object.hasOwn(o, k);

  it('__proto__, constructor and toString round-trip through encode and decode', () => {
    const tensors = { ['__proto__']: Tensor.from([[1, 2]]), constructor: Tensor.from([3], 'float64'), toString: { dtype: 'I32' as const, shape: [2], data: Int32Array.of(4, -5) }, a: Tensor.from([6]) };
    expect(Object.keys(tensors)).toContain('__proto__'); // a computed key is an own property
    const bytes = encodeSafetensors(tensors, { ['__proto__']: 'meta' });
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + new DataView(bytes.buffer).getUint32(0, true)))) as object;
    expect(own(header, '__proto__')).toBe(true);
    const f = decodeSafetensors(bytes);
    expect(Object.keys(f.tensors).sort()).toEqual(['__proto__', 'a', 'constructor', 'toString']);
    for (const k of ['__proto__', 'constructor', 'toString']) expect(own(f.tensors, k)).toBe(true);
    expect(f.tensors['__proto__']).toEqual({ dtype: 'F32', shape: [1, 2], data: Float32Array.of(1, 2) });
    expect(f.tensors.constructor).toEqual({ dtype: 'F64', shape: [1], data: Float64Array.of(3) });
    expect(f.tensors.toString).toEqual({ dtype: 'I32', shape: [2], data: Int32Array.of(4, -5) });
    expect(own(f.metadata, '__proto__') && f.metadata['__proto__']).toBe('meta');
    expect(own(f.tensors, 'hasOwnProperty')).toBe(false);
  });

  it('a crafted file with a __proto__ tensor decodes it as a tensor, not a prototype', () => {
    const f = decodeSafetensors(handMade('{"__metadata__":{"__proto__":"x"},"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', ONE_F32));
    expect(Object.keys(f.tensors)).toEqual(['__proto__']);
    expect(f.tensors['__proto__']!.data).toEqual(Float32Array.of(1));
    expect(f.metadata['__proto__']).toBe('x');
    expect(({} as Record<string, unknown>).dtype).toBeUndefined(); // no pollution of Object.prototype
  });
});

describe('readable by PyTorch', () => {
  const python = process.env.PYTHON ?? '/usr/bin/python3';
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  const reason = probe.status !== 0 ? `${python} lacks torch (${String(probe.stderr ?? probe.error).trim().split('\n').pop()})` : '';
  // The `safetensors` Python package is not installed here, so the file is parsed from the
  // spec in Python (struct + json) and its tensors are built with torch.frombuffer.
  if (reason) console.log(`skipping the PyTorch read-back: ${reason}`);
  const dir = mkdtempSync(join(tmpdir(), 'ancf-st-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(reason !== '')('torch.frombuffer sees the same values, shapes and dtypes', () => {
    const w = Tensor.from([[1.5, -2.25, 3], [4e-39, -0, 1e30]]);
    const d = Tensor.from([Math.PI, -1e-310], 'float64');
    writeFileSync(join(dir, 'w.safetensors'), encodeSafetensors({ 'emb.weight': w, d, ids: { dtype: 'I32', shape: [2], data: Int32Array.from([7, -3]) } }));
    const py = `
import json, struct, sys, torch
raw = open(sys.argv[1], "rb").read()
(n,) = struct.unpack("<Q", raw[:8])
header = json.loads(raw[8:8 + n])
types = {"F32": torch.float32, "F64": torch.float64, "I32": torch.int32}
out = {}
for name, e in header.items():
    if name == "__metadata__": continue
    b, en = e["data_offsets"]
    t = torch.frombuffer(bytearray(raw[8 + n + b: 8 + n + en]), dtype=types[e["dtype"]]).reshape(e["shape"])
    out[name] = {"dtype": str(t.dtype), "shape": list(t.shape), "values": [repr(v) for v in t.flatten().tolist()]}
print(json.dumps(out))
`;
    const run = spawnSync(python, ['-c', py, join(dir, 'w.safetensors')], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const got = JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, { dtype: string; shape: number[]; values: string[] }>;
    expect(got['emb.weight']!.dtype).toBe('torch.float32');
    expect(got['emb.weight']!.shape).toEqual([2, 3]);
    expect(got['emb.weight']!.values.map(Number)).toEqual(Array.from(w.data));
    expect(got.d!.dtype).toBe('torch.float64');
    expect(got.d!.values.map(Number)).toEqual(Array.from(d.data));
    expect(got.ids!.values.map(Number)).toEqual([7, -3]);
  });
});
