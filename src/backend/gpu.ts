import { createGpuKernels, type GpuKernels, type GpuLike, type GpuStats } from '../../kernels/gpu/index.js';
import { measuredThresholds, thresholdsFor, type ThresholdChoice } from '../../kernels/gpu/thresholds.js';
import { BackendUnavailableError } from '../errors.js';
import { Tensor, type DType } from '../tensor/tensor.js';
import type { Backend, BackendDescription } from './backend.js';
import { registerGpuFactory, type BackendOptions } from './registry.js';

/**
 * The gpu.js backend. Nothing here imports gpu.js (or its native `gl`)
 * statically: both load on the first GPU request, so the CPU path never
 * needs them. Modes: 'auto' tries headlessgl, webgl2, webgl, then webasm,
 * logging every skipped mode once with its reason; an explicit mode that
 * cannot start throws BackendUnavailableError with the reason.
 */
export const GPU_MODES = ['headlessgl', 'webgl2', 'webgl', 'webgpu', 'webasm'] as const;
export type GpuMode = (typeof GPU_MODES)[number];
const AUTO_ORDER: readonly GpuMode[] = ['headlessgl', 'webgl2', 'webgl', 'webasm'];

export interface ModeReport {
  readonly mode: GpuMode;
  readonly available: boolean;
  /** Why not, when unavailable; what runs, when available. */
  readonly reason: string;
}

interface GpuJs {
  GPU: (new (settings: { mode: string }) => GpuLike) & Record<string, unknown>;
}

let gpuJs: Promise<GpuJs> | undefined;

/** gpu.js, imported on first use (CommonJS: its exports may sit on `default`). */
function loadGpuJs(): Promise<GpuJs> {
  gpuJs ??= import('gpu.js').then((m: unknown) => {
    const mod = m as Partial<GpuJs> & { default?: GpuJs };
    return (mod.GPU ? mod : mod.default) as GpuJs;
  });
  return gpuJs;
}

const firstLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0]!.trim();

// Variable specifiers keep bundlers from resolving (or inlining) optional native packages.
const optional = (name: string): Promise<unknown> => import(/* @vite-ignore */ name);

async function whyNoHeadlessGl(): Promise<string> {
  let createContext: unknown;
  try {
    const m = (await optional('gl')) as { default?: unknown };
    createContext = m.default ?? m;
  } catch (e) {
    return `the native \`gl\` module did not load (${firstLine(e)})`;
  }
  if (typeof createContext !== 'function') return 'the `gl` module has no context factory';
  const display = typeof process !== 'undefined' ? process.env.DISPLAY : undefined;
  return display
    ? `\`gl\` loaded but created no WebGL context on display ${display}`
    : '`gl` loaded but created no WebGL context: no X display (DISPLAY is unset); run under `xvfb-run -a`';
}

async function whyNoWebGpu(): Promise<string> {
  // gpu.js's webgpu kernels return a Promise from every call; the KernelSet
  // contract (destination-first, synchronous) cannot wait for one. We still
  // probe, so the report says what this machine could do.
  const contract = 'and gpu.js webgpu kernels are asynchronous only (every call returns a Promise), which the synchronous KernelSet contract cannot await';
  const nav = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } }).navigator;
  let gpu = nav?.gpu;
  if (!gpu) {
    try {
      const m = (await optional('webgpu')) as { create(flags: string[]): { requestAdapter(): Promise<unknown> } };
      gpu = m.create([]);
    } catch (e) {
      return `no navigator.gpu, and the \`webgpu\` package's Dawn binary did not load (${firstLine(e)}); ${contract}`;
    }
  }
  try {
    const adapter = await gpu.requestAdapter();
    return adapter ? `a WebGPU adapter answered, ${contract}` : `navigator.gpu returned no adapter; ${contract}`;
  } catch (e) {
    return `requesting a WebGPU adapter failed (${firstLine(e)}); ${contract}`;
  }
}

/** Whether one gpu.js mode can start here, and why (not). */
async function probe(mode: GpuMode): Promise<ModeReport> {
  let GPU: GpuJs['GPU'];
  try {
    ({ GPU } = await loadGpuJs());
  } catch (e) {
    return { mode, available: false, reason: `gpu.js did not load (${firstLine(e)})` };
  }
  switch (mode) {
    case 'headlessgl':
      return GPU['isHeadlessGLSupported'] === true
        ? { mode, available: true, reason: 'headless WebGL 1 through the native `gl` module (ANGLE)' }
        : { mode, available: false, reason: await whyNoHeadlessGl() };
    case 'webgl2':
    case 'webgl': {
      const ok = (mode === 'webgl2' ? GPU['isWebGL2Supported'] : GPU['isWebGLSupported']) === true;
      const browser = typeof document !== 'undefined' || typeof OffscreenCanvas !== 'undefined';
      const reason = browser ? `this browser gave no ${mode} context` : `${mode} needs a browser canvas (no document or OffscreenCanvas here)`;
      return ok ? { mode, available: true, reason: `${mode} fragment shaders in this browser` } : { mode, available: false, reason };
    }
    case 'webgpu':
      return { mode, available: false, reason: await whyNoWebGpu() };
    case 'webasm':
      return GPU['isWebAssemblySupported'] === true
        ? { mode, available: true, reason: 'WebAssembly with f32x4 SIMD, one thread (synchronous calls), on the CPU' }
        : { mode, available: false, reason: 'WebAssembly is not available in this runtime' };
  }
}

/** Probes every gpu.js mode (loading gpu.js, and `gl` / `webgpu` to diagnose): which could run here and why. */
export async function gpuModes(): Promise<ModeReport[]> {
  const out: ModeReport[] = [];
  for (const mode of GPU_MODES) out.push(await probe(mode));
  return out;
}

/** The gpu.js backend: GPU kernels with CPU hand-off, plus catalogue scoring. */
export class GpuBackend implements Backend {
  readonly name = 'gpu' as const;
  readonly kernels: GpuKernels['kernels'];

  constructor(
    readonly mode: GpuMode,
    private readonly gpu: GpuLike,
    private readonly set: GpuKernels,
    private readonly notes: readonly string[],
  ) {
    this.kernels = set.kernels;
  }

  /** out[u, i] = users[u] · items[i] (matmul with transB), on the device above its threshold. */
  scoreUsers(out: Tensor, users: Tensor, items: Tensor): void {
    this.set.scoreUsers(out, users, items);
  }

  /** Calls per kernel on the device and on the CPU, and kernels compiled so far. */
  get stats(): GpuStats {
    return this.set.stats;
  }

  zeros(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return Tensor.zeros(shape, dtype);
  }

  describe(): BackendDescription {
    const degraded = this.set.runtime.degradedKernels;
    const extra = degraded.length > 0 ? [`gpu.js degraded these kernels to its CPU fallback: ${degraded.join(', ')}`] : [];
    return { name: 'gpu', mode: this.mode, notes: [...this.notes, ...extra] };
  }

  dispose(): void {
    this.set.dispose();
    void this.gpu.destroy();
  }
}

function isGpuMode(m: string): m is GpuMode {
  return (GPU_MODES as readonly string[]).includes(m);
}

/** Starts the GPU backend in the requested mode ('auto' unless told). */
export async function createGpuBackend(options: BackendOptions = {}): Promise<GpuBackend> {
  const log = options.log ?? ((m: string) => console.warn(m));
  const requested = options.mode ?? 'auto';
  if (requested !== 'auto' && !isGpuMode(requested)) {
    throw new BackendUnavailableError(`gpu:${requested}`, `unknown gpu.js mode; expected auto or one of ${GPU_MODES.join(', ')}`);
  }
  const notes: string[] = [];
  let chosen: ModeReport | undefined;
  if (requested === 'auto') {
    const skipped: string[] = [];
    for (const mode of AUTO_ORDER) {
      const report = await probe(mode);
      if (report.available) {
        chosen = report;
        break;
      }
      const line = `ancf: gpu backend (auto): ${mode} unavailable: ${report.reason}`;
      log(line);
      skipped.push(`${mode}: ${report.reason}`);
      notes.push(`skipped ${mode}: ${report.reason}`);
    }
    if (!chosen) throw new BackendUnavailableError('gpu', `no gpu.js mode can start (${skipped.join('; ')})`);
    notes.unshift(`auto-selected ${chosen.mode}: ${chosen.reason}`);
  } else {
    const report = await probe(requested);
    if (!report.available) throw new BackendUnavailableError(`gpu:${requested}`, report.reason);
    chosen = report;
    notes.unshift(`requested ${chosen.mode}: ${chosen.reason}`);
  }
  const { GPU } = await loadGpuJs();
  const gpu = new GPU({ mode: chosen.mode });
  const choice: ThresholdChoice = options.thresholds ?? 'measured';
  const thresholds = thresholdsFor(chosen.mode, choice);
  notes.push(describeThresholds(chosen.mode, choice));
  notes.push('float64 tensors, empty work and top-K selection run on the CPU kernels');
  const features = (gpu as { Kernel?: { features?: { maxTextureSize?: number } } }).Kernel?.features;
  const maxGrid = chosen.mode === 'webasm' ? Infinity : (features?.maxTextureSize ?? 4096);
  const set = createGpuKernels({ gpu, mode: chosen.mode, thresholds, log, maxGrid });
  // What actually runs is said once, as the fallbacks were.
  log(`ancf: gpu backend: ${notes[0]}`);
  return new GpuBackend(chosen.mode, gpu, set, notes);
}

function describeThresholds(mode: GpuMode, choice: ThresholdChoice): string {
  if (choice === 'none') return 'thresholds: none (every non-empty float32 call runs on the device)';
  if (typeof choice === 'object') return 'thresholds: caller-supplied';
  const m = measuredThresholds[mode];
  return m ? `thresholds: measured ${m.date} on ${m.machine} (docs/backends.md)` : `thresholds: unmeasured defaults for ${mode} (docs/backends.md)`;
}

registerGpuFactory(createGpuBackend);
