import { describe, expect, it } from 'vitest';
import { asFileError, isSystemError, openReadStream } from '../../src/data/open-file.js';
import { DataFileError } from '../../src/errors.js';
import { tempFilesPerTest } from './fixtures.js';

const files = tempFilesPerTest();

function systemError(code: string, message = `${code}: failed`): Error {
  return Object.assign(new Error(message), { code, syscall: 'open' });
}

describe('asFileError', () => {
  it.each([
    ['ENOENT', 'no such file'],
    ['EISDIR', 'is a folder, not a file'],
    ['EACCES', 'permission denied'],
    ['ENOTDIR', 'a part of the path is not a folder'],
  ])('%s becomes a DataFileError naming the file and the reason', (code, reason) => {
    const e = asFileError('/d/r.csv', systemError(code)) as DataFileError;
    expect(e).toBeInstanceOf(DataFileError);
    expect(e.file).toBe('/d/r.csv');
    expect(e.message).toBe(`/d/r.csv: cannot read: ${reason} (${code})`);
  });

  it("an unlisted code keeps the system's message", () => {
    expect((asFileError('f', systemError('EIO', 'EIO: i/o error, read')) as Error).message).toBe('f: cannot read: EIO: i/o error, read (EIO)');
  });

  it('anything that is not a system error passes through unchanged', () => {
    const plain = new Error('boom');
    const coded = Object.assign(new Error('no syscall'), { code: 'ENOENT' });
    for (const e of [plain, coded, 'text', undefined]) expect(asFileError('f', e)).toBe(e);
    expect(isSystemError(coded)).toBe(false);
    expect(isSystemError(systemError('ENOENT'))).toBe(true);
  });
});

describe('openReadStream', () => {
  it('opens a file and streams its bytes', async () => {
    const t = files({ 'a.txt': 'hello\n' });
    const chunks: Buffer[] = [];
    for await (const c of await openReadStream(t.path('a.txt'), 2)) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('hello\n');
    expect(chunks.length).toBe(3);
  });

  it('a missing file rejects at open with a DataFileError', async () => {
    const t = files({});
    const err = await openReadStream(t.path('nope.csv')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataFileError);
    expect((err as Error).message).toBe(`${t.path('nope.csv')}: cannot read: no such file (ENOENT)`);
  });

  it('a path through a file rejects as ENOTDIR', async () => {
    const t = files({ 'a.txt': 'x' });
    await expect(openReadStream(t.path('a.txt/b.csv'))).rejects.toThrow(/cannot read: a part of the path is not a folder \(ENOTDIR\)$/);
  });

  it('a folder rejects with a DataFileError (at open, or at the first read)', async () => {
    const t = files({});
    // Linux opens a folder for reading and fails the first read() with EISDIR.
    const err = await (async () => {
      const s = await openReadStream(t.dir);
      for await (const _ of s) void _;
    })().catch((e: unknown) => asFileError(t.dir, e));
    expect(err).toBeInstanceOf(DataFileError);
    expect((err as Error).message).toBe(`${t.dir}: cannot read: is a folder, not a file (EISDIR)`);
  });
});
