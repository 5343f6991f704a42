import { describe, expect, it, vi } from 'vitest';
import { BackendUnavailableError } from '../../src/errors.js';
import { cli } from './fixtures.js';

// A machine where no gpu.js mode can start: the registry's GPU start rejects, as
// createGpuBackend does when every mode is unavailable.
vi.mock('../../src/backend/registry.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/backend/registry.js')>();
  return {
    ...real,
    setBackend: async (request: string, options: object) => {
      if (request === 'cpu') return real.setBackend('cpu', options);
      throw new BackendUnavailableError('gpu', 'no gpu.js mode can start (headlessgl: no display; webasm: not here)');
    },
  };
});

describe('a GPU backend that cannot start', () => {
  it.each([['backend'], ['train', '--data', 'nowhere'], ['recommend', '--model', 'm', '--user', '1']])('%j exits 1 with one typed line, no stack trace', async (...argv) => {
    const r = await cli(argv, { ANCF_BACKEND: 'gpu' });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`ancf ${argv[0]}: backend gpu is unavailable: no gpu.js mode can start (headlessgl: no display; webasm: not here)\n`);
  });

  it('commands that do not compute (eda, download, version) never start it', async () => {
    expect((await cli(['version'], { ANCF_BACKEND: 'gpu' })).code).toBe(0);
    const e = await cli(['eda', '--data', 'nowhere'], { ANCF_BACKEND: 'gpu' });
    expect(e.stderr).toMatch(/nowhere does not exist/);
  });
});
