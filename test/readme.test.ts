import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { dataRoot, repoRoot } from './data/fixtures.js';

const run = promisify(execFile);
const ml100k = join(dataRoot, 'ml-100k');
const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

/** The README's "Ten lines of API" block, pointed at this checkout and the shared data, one epoch. */
function snippet(): string {
  const block = /## Ten lines of API\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('README.md has no "Ten lines of API" ts block');
  return block
    .replace("from '@ancf/core'", `from ${JSON.stringify(join(repoRoot, 'src/node.ts'))}`)
    .replace("'data/ml-100k'", JSON.stringify(ml100k))
    .replace('epochs: 10', 'epochs: 1');
}

describe('README', () => {
  it('the API block is at most ten statements long', () => {
    const lines = snippet().split('\n').filter((l) => l.trim() !== '' && !l.startsWith('import'));
    expect(lines.length).toBeLessThanOrEqual(10);
  });

  it.skipIf(!existsSync(join(ml100k, 'u.data')))('the API block runs as written and recommends real movies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ancf-readme-'));
    try {
      const file = join(dir, 'readme.mts');
      writeFileSync(file, snippet());
      const { stdout } = await run(join(repoRoot, 'node_modules/.bin/tsx'), [file], { cwd: repoRoot, timeout: 120_000 });
      expect(stdout).toMatch(/userId: 196/);
      expect(stdout).toMatch(/coldStart: false/);
      expect(stdout).toMatch(/itemId: 50/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
