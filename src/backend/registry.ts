import type { ThresholdChoice } from '../../kernels/gpu/thresholds.js';
import { ArgumentError, BackendUnavailableError } from '../errors.js';
import type { Backend } from './backend.js';
import { cpuBackend } from './cpu.js';

/**
 * The active backend. CPU unless told otherwise; a GPU backend must be requested
 * with `await setBackend('gpu' | 'auto')` (gpu.js is imported only then), or
 * through `ANCF_BACKEND` plus `await initBackend()`. Nothing falls back silently:
 * `describe()` on the result says what actually runs.
 */
export type BackendRequest = 'cpu' | 'gpu' | 'auto';

export interface BackendOptions {
  /** A gpu.js mode for the GPU backend ('auto' tries headlessgl, webgl2, webgl, then webasm). */
  readonly mode?: string;
  /** Where a fallback or the chosen mode is reported once; defaults to console.warn. */
  readonly log?: (message: string) => void;
  /**
   * GPU backend only: when small calls hand off to the CPU kernels. 'measured'
   * (default) uses the per-mode table in docs/backends.md, 'none' sends every
   * call to the device, and a record overrides single kernels.
   */
  readonly thresholds?: ThresholdChoice;
}

/** Registered by the GPU module so this file never imports gpu.js itself. */
export type GpuFactory = (options: BackendOptions) => Promise<Backend>;

let active: Backend | undefined;
let gpuFactory: GpuFactory | undefined;

export function registerGpuFactory(factory: GpuFactory): void {
  gpuFactory = factory;
}

/** The requests setBackend takes; from JavaScript or the environment any string can arrive. */
export const BACKEND_REQUESTS: readonly BackendRequest[] = ['cpu', 'gpu', 'auto'];

export function isBackendRequest(v: string): v is BackendRequest {
  return (BACKEND_REQUESTS as readonly string[]).includes(v);
}

function envRequest(): BackendRequest | undefined {
  const raw = typeof process !== 'undefined' ? process.env?.ANCF_BACKEND : undefined;
  if (raw === undefined || raw === '') return undefined;
  const v = raw.trim().toLowerCase();
  if (isBackendRequest(v)) return v;
  throw new ArgumentError('ANCF_BACKEND', `expected cpu, gpu or auto, got ${JSON.stringify(raw)}`);
}

export function getBackend(): Backend {
  if (active) return active;
  const wanted = envRequest();
  if (wanted !== undefined && wanted !== 'cpu') {
    throw new BackendUnavailableError(
      wanted,
      `ANCF_BACKEND=${wanted} needs an asynchronous start: call \`await initBackend()\` once before training or scoring`,
    );
  }
  active = cpuBackend;
  return active;
}

/** Makes `next` active, releasing the device resources of the backend it replaces. */
function replace(next: Backend): void {
  if (active && active !== next) active.dispose();
  active = next;
}

export async function setBackend(request: BackendRequest, options: BackendOptions = {}): Promise<Backend> {
  // Checked at run time too: from JavaScript (or a config file) any string can
  // arrive here, and anything but 'cpu' would otherwise start the GPU backend.
  if (!isBackendRequest(request)) {
    throw new ArgumentError('setBackend: request', `expected cpu, gpu or auto, got ${JSON.stringify(request)}`);
  }
  if (request === 'cpu') {
    replace(cpuBackend);
    return cpuBackend;
  }
  if (!gpuFactory) {
    // Load the GPU module (and with it gpu.js) only now.
    await import('./gpu.js');
  }
  if (!gpuFactory) throw new BackendUnavailableError('gpu', 'the GPU backend module did not register itself');
  const gpuOptions = request === 'gpu' && options.mode === undefined ? { ...options, mode: 'auto' } : options;
  const next = await gpuFactory(gpuOptions);
  replace(next);
  return next;
}

/** Applies ANCF_BACKEND (cpu when unset). */
export async function initBackend(options: BackendOptions = {}): Promise<Backend> {
  return setBackend(envRequest() ?? 'cpu', options);
}
