import fc from 'fast-check';
import { beforeAll, describe } from 'vitest';
import { cpuKernels } from '../../../kernels/cpu/index.js';
import { createGpuKernels, type GpuKernels, type GpuLike } from '../../../kernels/gpu/index.js';
import type { KernelSet } from '../../../kernels/index.js';
import { createGpuBackend, type GpuBackend } from '../../../src/backend/gpu.js';
import type { SuiteTarget } from '../suites/types.js';

/**
 * The GPU kernel sets under test, each with every call forced onto the device
 * (thresholds 'none'), so the suites check the gpu.js kernels and not the CPU
 * hand-off:
 * - 'gpujs-cpu': the kernel bodies run through gpu.js's own CPU mode (always);
 * - 'webasm': always expected to start;
 * - 'headlessgl': where a GL context can be created (CI runs under xvfb-run).
 * An unavailable mode is reported with its reason and its suites are skipped.
 */
export interface GpuTarget {
  readonly name: string;
  readonly available: boolean;
  readonly reason: string;
  readonly set: GpuKernels | undefined;
  readonly kernels: KernelSet;
  /** fast-check runs per property: every new shape compiles kernels (~60 ms each on software GL). */
  readonly runs: number;
}

const runsFor = (fallback: number): number => Number(process.env.FC_GPU_RUNS ?? fallback);

export const GPU_TOL = 1e-4;

const quiet = (): void => {};

async function backendTarget(mode: 'webasm' | 'headlessgl'): Promise<GpuTarget> {
  try {
    const b: GpuBackend = await createGpuBackend({ mode, thresholds: 'none', log: quiet });
    const set = (b as unknown as { set: GpuKernels }).set;
    return { name: `gpu ${mode}`, available: true, reason: b.describe().notes[0] ?? '', set, kernels: b.kernels, runs: runsFor(mode === 'webasm' ? 12 : 4) };
  } catch (e) {
    return { name: `gpu ${mode}`, available: false, reason: (e as Error).message, set: undefined, kernels: cpuKernels, runs: 0 };
  }
}

async function gpuJsCpuTarget(): Promise<GpuTarget> {
  const { GPU } = (await import('gpu.js')) as unknown as { GPU: new (s: { mode: string }) => GpuLike };
  const set = createGpuKernels({ gpu: new GPU({ mode: 'cpu' }), mode: 'cpu', thresholds: {}, log: quiet });
  return { name: 'gpu gpujs-cpu', available: true, reason: 'gpu.js CPU mode', set, kernels: set.kernels, runs: runsFor(12) };
}

let cached: Promise<GpuTarget[]> | undefined;

export function gpuTargets(): Promise<GpuTarget[]> {
  cached ??= Promise.all([gpuJsCpuTarget(), backendTarget('webasm'), backendTarget('headlessgl')]);
  return cached;
}

/** Runs a shared kernel suite once per GPU target, skipping (with the reason printed) where a mode cannot start. */
export async function runSuite(suite: (t: SuiteTarget) => void): Promise<void> {
  for (const t of await gpuTargets()) {
    if (!t.available) console.log(`skipping ${t.name}: ${t.reason}`);
    describe.skipIf(!t.available)(t.name, () => {
      beforeAll(() => {
        fc.configureGlobal({ ...fc.readConfigureGlobal(), numRuns: t.runs });
      });
      suite({ name: t.name, kernels: t.kernels, tol: GPU_TOL });
    });
  }
}
