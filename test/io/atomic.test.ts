import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadCheckpoint, saveCheckpoint, writeAtomic } from '../../src/io/node.js';
import { Tensor } from '../../src/tensor/tensor.js';

/**
 * Atomicity, observed at the file system: node:fs/promises is wrapped so every
 * write, flush and rename is logged, and a write to a chosen path can be made to
 * fail half-way (half the bytes reach the disk, then ENOSPC), as a full disk or a
 * crash would. A plain `writeFile(destination)` fails both tests below: it writes
 * the destination itself, and a failure half-way leaves it half-written.
 */
const fsState = vi.hoisted(() => ({ log: [] as string[], failUnder: null as string | null }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const injected = (path: string): boolean => fsState.failUnder !== null && path.startsWith(fsState.failUnder);
  const fail = (): never => {
    throw Object.assign(new Error('ENOSPC: no space left on device (injected)'), { code: 'ENOSPC' });
  };
  type Data = Parameters<typeof real.writeFile>[1];
  // Our writers pass bytes or strings; half of either is what a torn write leaves.
  const half = (data: Data): string | Uint8Array => (data instanceof Uint8Array ? data.subarray(0, data.length >> 1) : String(data).slice(0, String(data).length >> 1));
  return {
    ...real,
    open: async (path: string, flags?: string, mode?: number) => {
      const fh = await real.open(path, flags, mode);
      const p = String(path);
      if (flags !== undefined && /[wa+]/.test(flags)) fsState.log.push(`open ${p}`);
      // FileHandle methods read private slots: forward them bound to the real handle.
      return new Proxy(fh, {
        get(target, key) {
          if (key === 'writeFile') {
            return async (data: string | Uint8Array) => {
              fsState.log.push(`write ${p}`);
              if (injected(p)) {
                await target.writeFile(half(data));
                fail();
              }
              return target.writeFile(data);
            };
          }
          if (key === 'sync') {
            return async () => {
              fsState.log.push(`sync ${p}`);
              return target.sync();
            };
          }
          const v: unknown = Reflect.get(target, key);
          return typeof v === 'function' ? v.bind(target) : v;
        },
      });
    },
    writeFile: async (path: string, data: Data, options?: Parameters<typeof real.writeFile>[2]) => {
      const p = String(path);
      fsState.log.push(`write ${p}`);
      if (injected(p)) {
        await real.writeFile(path, half(data), options);
        fail();
      }
      return real.writeFile(path, data, options);
    },
    rename: async (from: string, to: string) => {
      fsState.log.push(`rename ${String(from)} -> ${String(to)}`);
      return real.rename(from, to);
    },
  };
});

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ancf-atomic-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));
beforeEach(() => {
  fsState.log.length = 0;
  fsState.failUnder = null;
});
let seq = 0;
const fresh = (): string => join(root, `d${seq++}`);

const tensors = (v: number) => ({ w: Tensor.full([64, 8], v), b: Tensor.full([8], -v) });
const save = (dir: string, v: number) => saveCheckpoint(dir, { type: 'x', tensors: tensors(v), config: { v } });

/** Each destination is written only under a temporary name beside it, flushed, then renamed onto it. */
function expectStagedWrites(log: readonly string[], destinations: readonly string[]): void {
  const writes = log.filter((l) => l.startsWith('write ')).map((l) => l.slice(6));
  for (const dest of destinations) {
    expect(writes, `${dest} is never written directly`).not.toContain(dest);
    const renames = log.filter((l) => l.endsWith(` -> ${dest}`));
    expect(renames, `${dest} arrives by exactly one rename`).toHaveLength(1);
    const tmp = renames[0]!.slice('rename '.length, renames[0]!.indexOf(' -> '));
    expect(dirname(tmp)).toBe(dirname(dest)); // same directory: rename(2) is atomic there
    expect(basename(tmp).startsWith(`${basename(dest)}.`) && tmp.endsWith('.tmp')).toBe(true);
    const at = (l: string): number => log.indexOf(l);
    expect(at(`write ${tmp}`)).toBeGreaterThanOrEqual(0);
    expect(at(`write ${tmp}`)).toBeLessThan(at(`sync ${tmp}`)); // flushed...
    expect(at(`sync ${tmp}`)).toBeLessThan(at(renames[0]!)); // ...before it replaces the destination
  }
}

describe('saveCheckpoint is atomic', () => {
  it('writes each file under a temporary name, flushes it, then renames it into place, weights before manifest', async () => {
    const dir = fresh();
    await save(dir, 1);
    fsState.log.length = 0;
    await save(dir, 2); // an overwrite: the case where a reader could see a mix
    const weights = join(dir, 'weights.safetensors'), manifest = join(dir, 'manifest.json');
    expectStagedWrites(fsState.log, [weights, manifest]);
    const renameOf = (dest: string): number => fsState.log.findIndex((l) => l.endsWith(` -> ${dest}`));
    // Both are staged before either is renamed, and the weights go first (see saveCheckpoint).
    const lastStagedWrite = Math.max(...fsState.log.map((l, i) => (l.startsWith('write ') ? i : -1)));
    expect(lastStagedWrite).toBeLessThan(renameOf(weights));
    expect(renameOf(weights)).toBeLessThan(renameOf(manifest));
    expect((await readdir(dir)).sort()).toEqual(['manifest.json', 'weights.safetensors']);
    expect(Array.from((await loadCheckpoint(dir)).tensors.w!.data.subarray(0, 2))).toEqual([2, 2]);
  });

  for (const file of ['weights.safetensors', 'manifest.json']) {
    it(`a failure half-way through writing ${file} leaves the old checkpoint intact and loadable, and no temporary file`, async () => {
      const dir = fresh();
      await save(dir, 1);
      const before = { w: await readFile(join(dir, 'weights.safetensors')), m: await readFile(join(dir, 'manifest.json')) };
      fsState.failUnder = join(dir, file);
      await expect(save(dir, 2)).rejects.toThrow(/ENOSPC/);
      fsState.failUnder = null;
      // The injected failure did write half the bytes somewhere: not into the checkpoint.
      expect(fsState.log.some((l) => l.startsWith(`write ${join(dir, file)}`))).toBe(true);
      expect(await readFile(join(dir, 'weights.safetensors'))).toEqual(before.w);
      expect(await readFile(join(dir, 'manifest.json'))).toEqual(before.m);
      expect((await readdir(dir)).sort()).toEqual(['manifest.json', 'weights.safetensors']);
      const loaded = await loadCheckpoint(dir);
      expect(loaded.manifest.config).toEqual({ v: 1 });
      expect(Array.from(loaded.tensors.b!.data.subarray(0, 2))).toEqual([-1, -1]);
    });
  }
});

describe('writeAtomic', () => {
  it('stages, flushes and renames; a failure half-way leaves the old content and no temporary file', async () => {
    const dir = fresh();
    await rm(dir, { recursive: true, force: true });
    await (await import('node:fs/promises')).mkdir(dir);
    const path = join(dir, 'recommendations.json');
    await writeFile(path, 'old content');
    fsState.log.length = 0;
    await writeAtomic(path, new TextEncoder().encode('new content, longer than the old'));
    expectStagedWrites(fsState.log, [path]);
    expect(await readFile(path, 'utf8')).toBe('new content, longer than the old');
    fsState.failUnder = path;
    await expect(writeAtomic(path, new TextEncoder().encode('x'.repeat(1000)))).rejects.toThrow(/ENOSPC/);
    expect(await readFile(path, 'utf8')).toBe('new content, longer than the old');
    expect(await readdir(dir)).toEqual(['recommendations.json']);
  });
});
