import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cpuKernels } from '../../kernels/cpu/index.js';
import { createGpuKernels, type GpuLike } from '../../kernels/gpu/index.js';
import { createGpuBackend, gpuModes, type GpuBackend } from '../../src/backend/gpu.js';
import { getBackend, setBackend } from '../../src/backend/registry.js';
import { BackendUnavailableError } from '../../src/errors.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { maxRelError } from '../helpers/arbitraries.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const modes = await gpuModes();
const report = (m: string) => modes.find((r) => r.mode === m)!;
const headless = report('headlessgl');
if (!headless.available) console.log(`headlessgl checks skipped: ${headless.reason}`);

const started: GpuBackend[] = [];
async function start(options: Parameters<typeof createGpuBackend>[0]): Promise<GpuBackend> {
  const b = await createGpuBackend(options);
  started.push(b);
  return b;
}
afterAll(() => started.forEach((b) => b.dispose()));

describe('gpu backend: modes and selection', () => {
  afterEach(async () => {
    await setBackend('cpu');
  });

  it('probes every mode with a reason; webasm is always available, webgl2/webgl need a browser', () => {
    expect(modes.map((m) => m.mode)).toEqual(['headlessgl', 'webgl2', 'webgl', 'webgpu', 'webasm']);
    for (const m of modes) expect(m.reason.length).toBeGreaterThan(10);
    expect(report('webasm').available).toBe(true);
    expect(report('webgl2')).toMatchObject({ available: false, reason: expect.stringMatching(/browser/) });
  });

  it('auto picks the first available mode in order and logs each skipped one once, with its reason', async () => {
    const log: string[] = [];
    const b = await start({ mode: 'auto', log: (m) => log.push(m) });
    const order = ['headlessgl', 'webgl2', 'webgl', 'webasm'];
    const first = order.find((m) => report(m).available)!;
    expect(b.describe()).toMatchObject({ name: 'gpu', mode: first });
    const skipped = order.slice(0, order.indexOf(first));
    // One line per skipped mode, then one saying what runs.
    expect(log).toHaveLength(skipped.length + 1);
    skipped.forEach((m, i) => expect(log[i]).toContain(`${m} unavailable: ${report(m).reason}`));
    expect(log.at(-1)).toMatch(new RegExp(`gpu backend: auto-selected ${first}`));
    expect(b.describe().notes[0]).toMatch(new RegExp(`auto-selected ${first}`));
  });

  it('an explicit mode that cannot start throws BackendUnavailableError with the reason', async () => {
    await expect(createGpuBackend({ mode: 'webgl2' })).rejects.toThrow(BackendUnavailableError);
    await expect(createGpuBackend({ mode: 'webgl2' })).rejects.toThrow(/gpu:webgl2.*browser/);
    await expect(createGpuBackend({ mode: 'webgpu' })).rejects.toThrow(/asynchronous only/);
    await expect(createGpuBackend({ mode: 'vulkan' })).rejects.toThrow(/unknown gpu.js mode/);
  });

  it.skipIf(headless.available)('headlessgl without a context names the cause', async () => {
    await expect(createGpuBackend({ mode: 'headlessgl' })).rejects.toThrow(/`gl`/);
  });

  it.skipIf(!headless.available)('headlessgl starts and says so', async () => {
    expect((await start({ mode: 'headlessgl' })).describe().mode).toBe('headlessgl');
  });

  it('setBackend("gpu") goes through the registry and describe() reports the mode', async () => {
    const b = await setBackend('gpu', { mode: 'webasm', log: () => {} });
    started.push(b as GpuBackend);
    expect(getBackend()).toBe(b);
    expect(b.describe()).toMatchObject({ name: 'gpu', mode: 'webasm' });
    expect(b.describe().notes.join('\n')).toMatch(/thresholds: measured 2026-11-23/);
  });
});

describe('gpu backend: routing, caching, scoring', () => {
  const a = Tensor.fromFlat(Array.from({ length: 6 * 5 }, (_, i) => Math.sin(i)), [6, 5]);
  const b = Tensor.fromFlat(Array.from({ length: 5 * 4 }, (_, i) => Math.cos(i)), [5, 4]);

  it('measured thresholds keep a small matmul on the CPU; "none" sends it to the device; float64 never goes', async () => {
    const measured = await start({ mode: 'webasm' });
    measured.kernels.matmul(Tensor.zeros([6, 4]), a, b);
    expect(measured.stats.cpu['matmul']).toBe(1);
    expect(measured.stats.device['matmul']).toBeUndefined();

    const forced = await start({ mode: 'webasm', thresholds: 'none' });
    const out = Tensor.zeros([6, 4]);
    forced.kernels.matmul(out, a, b);
    expect(forced.stats.device['matmul']).toBe(1);
    const ref = Tensor.zeros([6, 4]);
    cpuKernels.matmul(ref, a, b);
    expect(maxRelError(out.data, ref.data)).toBeLessThan(1e-5);

    forced.kernels.matmul(Tensor.zeros([6, 4], 'float64'), a.cast('float64'), b.cast('float64'));
    expect(forced.stats.cpu['matmul']).toBe(1);
  });

  it('builds a kernel once per shape and reuses it', async () => {
    const g = await start({ mode: 'webasm', thresholds: 'none' });
    g.kernels.matmul(Tensor.zeros([6, 4]), a, b);
    const builds = g.stats.builds;
    for (let i = 0; i < 3; i++) g.kernels.matmul(Tensor.zeros([6, 4]), a, b);
    expect(g.stats.builds).toBe(builds);
    g.kernels.matmul(Tensor.zeros([5, 4]), a.sliceRows(0, 5), b);
    expect(g.stats.builds).toBe(builds + 1);
  });

  it('scoreUsers equals users · itemsᵀ', async () => {
    const g = await start({ mode: 'webasm', thresholds: 'none' });
    const users = Tensor.fromFlat(Array.from({ length: 3 * 8 }, (_, i) => Math.sin(i * 0.7)), [3, 8]);
    const items = Tensor.fromFlat(Array.from({ length: 17 * 8 }, (_, i) => Math.cos(i * 0.3)), [17, 8]);
    const out = Tensor.zeros([3, 17]);
    g.scoreUsers(out, users, items);
    const ref = Tensor.zeros([3, 17]);
    cpuKernels.matmul(ref, users, items, false, true);
    expect(maxRelError(out.data, ref.data)).toBeLessThan(1e-5);
    expect(g.stats.device['scoreUsers']).toBe(1);
  });

  it('a kernel gpu.js degrades to its CPU fallback is logged once by name, never silently', async () => {
    const { GPU } = (await import('gpu.js')) as unknown as { GPU: new (s: { mode: string }) => GpuLike };
    const log: string[] = [];
    // gpu.js CPU mode posing as webasm: every kernel "degrades".
    const set = createGpuKernels({ gpu: new GPU({ mode: 'cpu' }), mode: 'webasm', thresholds: {}, log: (m) => log.push(m) });
    set.kernels.add(Tensor.zeros([4]), Tensor.ones([4]), Tensor.ones([4]));
    set.kernels.add(Tensor.zeros([4]), Tensor.ones([4]), Tensor.ones([4]));
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/kernel add on its CPU fallback/);
    expect(set.runtime.degradedKernels).toEqual(['add']);
  });
});

describe('gpu backend: lazy loading', () => {
  it('importing the package entry loads neither gpu.js nor gl; asking for the GPU does', () => {
    const script = `
      import { createRequire } from 'node:module';
      const require = createRequire(import.meta.url);
      const loaded = () => Object.keys(require.cache).filter((p) => /node_modules[\\\\/](gpu\\.js|gl)[\\\\/]/.test(p)).length;
      const lib = await import(${JSON.stringify(`${root}src/index.ts`)});
      const before = loaded();
      lib.getBackend();
      const cpu = loaded();
      await lib.setBackend('gpu', { mode: 'webasm', log: () => {} });
      console.log(JSON.stringify({ before, cpu, after: loaded() }));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    const counts = JSON.parse(out.trim().split('\n').pop()!) as { before: number; cpu: number; after: number };
    expect(counts.before).toBe(0);
    expect(counts.cpu).toBe(0);
    // The control: the same probe does see gpu.js once a GPU backend is requested.
    expect(counts.after).toBeGreaterThan(0);
  });
});
