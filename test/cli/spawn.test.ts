import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../data/fixtures.js';
import { makeFixture } from './fixtures.js';

const run = promisify(execFile);
const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
const fx = makeFixture({ users: 20, items: 30, perUser: 8 });
afterAll(() => fx.remove());

describe('the ancf binary (src/cli/main.ts through tsx, as a separate process)', () => {
  it('runs a command with ANCF_DATA, prints to stdout, exits 0', async () => {
    const { stdout } = await run(tsx, ['src/cli/main.ts', 'eda', '--out', join(fx.root, 'eda'), '--json'], {
      cwd: repoRoot,
      env: { ...process.env, ANCF_DATA: fx.ml100k },
    });
    expect(JSON.parse(stdout)).toMatchObject({ format: 'ml-100k', numUsers: 20 });
  });

  it('exits 2 with the usage on stderr for bad arguments', async () => {
    const err = await run(tsx, ['src/cli/main.ts', 'train', '--epochs'], { cwd: repoRoot }).catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code).toBe(2);
    expect((err as { stderr: string }).stderr).toContain('usage: ancf train');
  });

  it('the real binary starts the GPU backend ANCF_BACKEND asks for (no stack trace)', async () => {
    const { stdout, stderr } = await run(tsx, ['src/cli/main.ts', 'backend'], { cwd: repoRoot, env: { ...process.env, ANCF_BACKEND: 'gpu' } });
    expect(JSON.parse(stdout)).toMatchObject({ name: 'gpu' });
    expect(stderr).not.toContain('internal error');
  }, 20_000);
});
