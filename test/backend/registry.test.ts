import { afterEach, describe, expect, it, vi } from 'vitest';
import { cpuBackend } from '../../src/backend/cpu.js';
import { getBackend, initBackend, setBackend } from '../../src/backend/registry.js';
import { ArgumentError, BackendUnavailableError } from '../../src/errors.js';

describe('backend registry', () => {
  afterEach(async () => {
    delete process.env.ANCF_BACKEND;
    await setBackend('cpu');
  });

  it('defaults to the CPU backend and describes it', () => {
    const b = getBackend();
    expect(b).toBe(cpuBackend);
    // Node 20 has WebAssembly SIMD, so the float32 kernels run there.
    expect(b.describe()).toMatchObject({ name: 'cpu', mode: 'wasm-simd' });
    expect(b.describe().notes[0]).toContain('WebAssembly SIMD loops');
    expect(b.zeros([2, 3]).shape).toEqual([2, 3]);
  });

  it('ANCF_BACKEND=cpu is honoured by initBackend', async () => {
    process.env.ANCF_BACKEND = 'cpu';
    expect((await initBackend()).name).toBe('cpu');
  });

  it('rejects an unknown ANCF_BACKEND value by name', async () => {
    process.env.ANCF_BACKEND = 'tpu';
    await expect(initBackend()).rejects.toThrow(ArgumentError);
    await expect(initBackend()).rejects.toThrow(/ANCF_BACKEND/);
  });

  it('explains, rather than silently ignores, ANCF_BACKEND=gpu before initBackend', async () => {
    vi.resetModules();
    const fresh = await import('../../src/backend/registry.js');
    const errors = await import('../../src/errors.js');
    process.env.ANCF_BACKEND = 'gpu';
    expect(() => fresh.getBackend()).toThrow(errors.BackendUnavailableError);
    expect(() => fresh.getBackend()).toThrow(/await initBackend\(\)/);
  });

  it('a GPU request either starts a GPU backend or fails loudly', async () => {
    try {
      const b = await setBackend('gpu');
      expect(b.name).toBe('gpu');
    } catch (e) {
      expect(e).toBeInstanceOf(BackendUnavailableError);
    }
  });
});

describe('switching backends', () => {
  it('disposes the backend it replaces', async () => {
    vi.resetModules();
    const fresh = await import('../../src/backend/registry.js');
    const { cpuBackend: cpu } = await import('../../src/backend/cpu.js');
    let disposed = 0;
    const fake = { ...cpu, name: 'gpu' as const, kernels: cpu.kernels, zeros: cpu.zeros.bind(cpu), describe: () => ({ name: 'gpu' as const, mode: 'fake', notes: [] }), dispose: () => void disposed++ };
    fresh.registerGpuFactory(async () => fake);
    expect(await fresh.setBackend('gpu')).toBe(fake);
    await fresh.setBackend('cpu');
    expect(disposed).toBe(1);
  });
});

describe('setBackend request validation', () => {
  it('rejects an unknown request by name instead of starting the GPU backend', async () => {
    vi.resetModules();
    const fresh = await import('../../src/backend/registry.js');
    const errors = await import('../../src/errors.js');
    let started = 0;
    const { cpuBackend: cpu } = await import('../../src/backend/cpu.js');
    fresh.registerGpuFactory(async () => {
      started++;
      return { ...cpu, name: 'gpu' as const, kernels: cpu.kernels, zeros: cpu.zeros.bind(cpu), describe: () => ({ name: 'gpu' as const, mode: 'fake', notes: [] }), dispose: () => {} };
    });
    for (const bad of ['cuda', 'GPU', '', 'cpu ']) {
      await expect(fresh.setBackend(bad as 'gpu')).rejects.toThrow(errors.ArgumentError);
      await expect(fresh.setBackend(bad as 'gpu')).rejects.toThrow(`setBackend: request: expected cpu, gpu or auto, got ${JSON.stringify(bad)}`);
    }
    expect(started).toBe(0);
    expect(fresh.getBackend().name).toBe('cpu');
  });
});
