import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getBackend } from '../../src/backend/registry.js';
import { cli, makeFixture } from './fixtures.js';

const fx = makeFixture({ users: 20, items: 30, perUser: 8 });
afterAll(async () => {
  // Leave the process on the CPU backend for whatever runs next in this worker.
  await cli(['backend']);
  fx.remove();
});

describe('ANCF_BACKEND in the CLI', () => {
  it('ancf backend prints the CPU backend by default and for ANCF_BACKEND=cpu', async () => {
    for (const env of [{}, { ANCF_BACKEND: 'cpu' }, { ANCF_BACKEND: ' CPU ' }]) {
      const r = await cli(['backend'], env);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ name: 'cpu' });
    }
  });

  it('an unknown ANCF_BACKEND is a usage error (exit 2), for backend and for every computing command', async () => {
    for (const argv of [['backend'], ['train', '--data', fx.ml100k], ['evaluate', '--model', 'm'], ['recommend', '--model', 'm', '--user', '1'], ['serve', '--model', 'm'], ['tune']]) {
      const r = await cli(argv, { ANCF_BACKEND: 'nope' });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`ancf ${argv[0]}: ANCF_BACKEND must be one of cpu, gpu, auto; got "nope"`);
      expect(r.stderr).toContain(`usage: ancf ${argv[0]}`);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    }
  });

  it('ANCF_BACKEND=gpu (and auto) starts the gpu.js backend: backend prints it, train runs on it', async () => {
    for (const request of ['gpu', 'auto']) {
      const r = await cli(['backend'], { ANCF_BACKEND: request });
      expect(r.code, r.stderr).toBe(0);
      const d = JSON.parse(r.stdout) as { name: string; mode: string; notes: string[] };
      expect(d.name).toBe('gpu');
      expect(d.notes[0]).toMatch(/^auto-selected /);
      expect(getBackend().name).toBe('gpu');
    }
    const out = join(fx.root, 'gpu-gmf');
    const t = await cli(['train', '--data', fx.ml100k, '-m', 'gmf', '-e', '1', '--out', out, '--progress', 'none'], { ANCF_BACKEND: 'gpu' });
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toContain(`saved ${out}`);
    expect(getBackend().name).toBe('gpu');
    // Back to the CPU when the variable is unset.
    expect(JSON.parse((await cli(['backend'])).stdout)).toMatchObject({ name: 'cpu' });
  }, 30_000);
});
