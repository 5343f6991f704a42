import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatUsage, type CommandSpec } from '../../src/cli/args.js';
import { UsageError } from '../../src/cli/io.js';
import { checkOutPath } from '../../src/cli/out-path.js';

const root = mkdtempSync(join(tmpdir(), 'ancf-out-path-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const folder = join(root, 'a folder');
const file = join(root, 'a file.json');
mkdirSync(folder);
writeFileSync(file, '{}');
const spec: CommandSpec = { name: 'train', summary: 'Train.', synopsis: '[options]', options: { out: { type: 'string', value: 'DIR', description: 'checkpoint folder' } } };

function refusal(path: string, want: 'folder' | 'file', flag: string): UsageError {
  try {
    checkOutPath(path, want, flag, spec);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return e as UsageError;
  }
  throw new Error(`checkOutPath accepted ${path} as a ${want}`);
}

describe('checkOutPath', () => {
  it('accepts a path that does not exist yet, for either kind', () => {
    expect(() => checkOutPath(join(root, 'new'), 'folder', 'out', spec)).not.toThrow();
    expect(() => checkOutPath(join(root, 'new.json'), 'file', 'out', spec)).not.toThrow();
  });

  it('accepts an existing folder for a folder flag and an existing file for a file flag', () => {
    expect(() => checkOutPath(folder, 'folder', 'out', spec)).not.toThrow();
    expect(() => checkOutPath(file, 'file', 'out', spec)).not.toThrow();
  });

  it('refuses a path under an existing file (ENOTDIR): saving there would fail after the work', () => {
    const under = join(file, 'model');
    expect(refusal(under, 'folder', 'out').message).toBe(`--out ${under} cannot be written: ENOTDIR`);
  });

  it('refuses an existing file for a folder flag, naming the flag and the path, with the usage', () => {
    const e = refusal(file, 'folder', 'out');
    expect(e.message).toBe(`--out ${file} is an existing file; it must be a folder (or not exist yet)`);
    expect(e.usage).toBe(formatUsage(spec));
  });

  it('refuses an existing folder for a file flag', () => {
    expect(refusal(folder, 'file', 'report').message).toBe(`--report ${folder} is an existing folder; it must be a file`);
  });
});
