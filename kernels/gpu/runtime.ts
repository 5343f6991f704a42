import type { Data, Tensor } from '../../src/tensor/tensor.js';

/**
 * The slice of a gpu.js `GPU` instance the kernels use. Typed structurally so
 * this folder never imports gpu.js: the backend (src/backend/gpu.ts) loads it
 * lazily and hands the instance in.
 */
export interface GpuLike {
  createKernel(body: string, settings: object): GpuKernelRun;
  destroy(): unknown;
}

/** A built kernel: callable, plus gpu.js's handle on what actually executes. */
export type GpuKernelRun = ((...args: unknown[]) => unknown) & {
  kernel?: { constructor: { mode?: string; name?: string }; fallbackReason?: string | null };
  destroy?: (removeCanvasReferences?: boolean) => void;
};

/** What a kernel body sees as `this` inside gpu.js. */
export interface KernelThis<C = Record<string, number>> {
  readonly thread: { readonly x: number; readonly y: number; readonly z: number };
  readonly constants: C;
}

/** Settings a kernel is built with; everything in here is part of its cache key. */
export interface BuildSettings {
  readonly output: readonly number[];
  readonly constants?: Readonly<Record<string, number>>;
  /** Upper bound on any loop in the body (gpu.js unrolls GLSL loops to a fixed maximum). */
  readonly loops?: number;
  /** Keep the result on the device (a Texture on GL) for the next kernel. */
  readonly pipeline?: boolean;
}

/**
 * Below `threshold[name]` units of work (see docs/backends.md for each kernel's
 * unit) a call runs on the CPU kernel instead: launch, upload and readback cost
 * more than the arithmetic. 0 sends everything to the device, Infinity nothing;
 * the key 'default' covers kernels without their own entry.
 */
export type Thresholds = Readonly<Record<string, number>>;

/** Counts of where calls ran and how many kernels were compiled, for tests and describe(). */
export interface GpuStats {
  builds: number;
  readonly device: Record<string, number>;
  readonly cpu: Record<string, number>;
}

// Float32 texture addressing on the GL backends is exact only up to 2^24 elements.
const MAX_DEVICE_ELEMENTS = 1 << 24;

/**
 * Shared state of one GPU kernel set: the gpu.js instance, the kernel cache
 * (kernels are built once per shape and configuration, never per call), the
 * CPU hand-off thresholds, and scratch buffers reused across calls.
 */
export class GpuRuntime {
  readonly stats: GpuStats = { builds: 0, device: {}, cpu: {} };
  private readonly cache = new Map<string, GpuKernelRun>();
  private readonly checked = new WeakSet<GpuKernelRun>();
  private readonly scratch = new Map<string, Float32Array>();
  private readonly scratchInt = new Map<string, Int32Array>();
  private readonly degraded = new Set<string>();

  constructor(
    readonly gpu: GpuLike,
    /** The gpu.js mode the kernels are built for (headlessgl, webgl2, webgl, webasm, or cpu in tests). */
    readonly mode: string,
    readonly thresholds: Thresholds,
    private readonly log: (message: string) => void,
    /** Largest output texture side (GL: MAX_TEXTURE_SIZE; Infinity for webasm and cpu). */
    readonly maxGrid = Infinity,
  ) {}

  /**
   * Whether `op` runs on the device for `work` units: never for float64 tensors
   * (the device computes in float32; gradient checks stay exact on the CPU), never
   * for empty work (gpu.js cannot build a zero-sized output), never beyond exact
   * float32 addressing (2^24 elements per array) or for a 2-D / 3-D output grid
   * [x, y, z] larger than the GL texture limit (x and y·z at most
   * `maxGrid`), and otherwise when work reaches the threshold.
   */
  onDevice(op: string, work: number, tensors: readonly Tensor[], grid: readonly number[] = []): boolean {
    let ok = work > 0 && work >= (this.thresholds[op] ?? this.thresholds['default'] ?? 0);
    for (const t of tensors) if (!ok || t.dtype !== 'float32' || t.size > MAX_DEVICE_ELEMENTS) ok = false;
    if (ok && grid.length > 1) ok = grid[0]! <= this.maxGrid && grid.slice(1).reduce((a, b) => a * b, 1) <= this.maxGrid;
    const tally = ok ? this.stats.device : this.stats.cpu;
    tally[op] = (tally[op] ?? 0) + 1;
    return ok;
  }

  /** The kernel for `name` with these settings, built on first use and cached. */
  kernel(name: string, body: (...args: never[]) => number, s: BuildSettings): GpuKernelRun {
    const key = `${name}|${s.output.join('x')}|${JSON.stringify(s.constants ?? {})}|${s.loops ?? 0}|${s.pipeline === true}`;
    let run = this.cache.get(key);
    if (!run) {
      run = this.gpu.createKernel(body.toString(), {
        output: [...s.output],
        constants: s.constants ?? {},
        precision: 'single',
        tactic: 'precision',
        loopMaxIterations: Math.max(1, s.loops ?? 1) + 1,
        pipeline: s.pipeline === true,
        immutable: false,
      });
      this.cache.set(key, run);
      this.stats.builds++;
    }
    return run;
  }

  /** Builds (once) and runs a kernel: `exec(name, body, settings, ...args)`. */
  exec(name: string, body: (...args: never[]) => number, s: BuildSettings, ...args: unknown[]): unknown {
    return this.run(name, this.kernel(name, body, s), ...args);
  }

  /**
   * Calls a cached kernel, then (on its first run) confirms that gpu.js did not
   * quietly degrade it to its own CPU kernel; a degradation is logged once per
   * kernel name with gpu.js's reason, never swallowed.
   */
  run(name: string, k: GpuKernelRun, ...args: unknown[]): unknown {
    const result = k(...args);
    if (!this.checked.has(k)) {
      this.checked.add(k);
      const ran = k.kernel?.constructor.mode;
      if (this.mode !== 'cpu' && ran === 'cpu' && !this.degraded.has(name)) {
        this.degraded.add(name);
        this.log(`ancf gpu (${this.mode}): gpu.js ran kernel ${name} on its CPU fallback: ${k.kernel?.fallbackReason ?? 'no reason given'}`);
      }
    }
    return result;
  }

  /** A reusable float32 buffer of exactly n elements for `slot` (ids, offsets, packed inputs). */
  f32(slot: string, n: number): Float32Array {
    let buf = this.scratch.get(slot);
    if (!buf || buf.length < n) {
      buf = new Float32Array(Math.max(n, 2 * (buf?.length ?? 0)));
      this.scratch.set(slot, buf);
    }
    return buf.subarray(0, n);
  }

  /** A reusable int32 buffer of exactly n elements for `slot`. */
  i32(slot: string, n: number): Int32Array {
    let buf = this.scratchInt.get(slot);
    if (!buf || buf.length < n) {
      buf = new Int32Array(Math.max(n, 2 * (buf?.length ?? 0)));
      this.scratchInt.set(slot, buf);
    }
    return buf.subarray(0, n);
  }

  /** ids as float32 (exact below 2^24), in a reused buffer: GL textures hold floats. */
  ids(slot: string, idx: Int32Array): Float32Array {
    const f = this.f32(slot, idx.length);
    for (let i = 0; i < idx.length; i++) f[i] = idx[i]!;
    return f;
  }

  /** Names of kernels gpu.js degraded to its CPU fallback (empty when everything ran as asked). */
  get degradedKernels(): readonly string[] {
    return [...this.degraded];
  }

  get cachedKernels(): number {
    return this.cache.size;
  }

  dispose(): void {
    for (const run of this.cache.values()) run.destroy?.();
    this.cache.clear();
    this.scratch.clear();
    this.scratchInt.clear();
  }
}

/**
 * Copies a gpu.js result into `dst` from `offset`, returning the next offset.
 * Results are a Float32Array (1-D output), arrays of rows (2-D), arrays of
 * arrays of rows (3-D), or a pipeline Texture (read with toArray()).
 */
export function readInto(dst: Data, result: unknown, offset = 0): number {
  if (ArrayBuffer.isView(result)) {
    const v = result as Float32Array;
    dst.set(v, offset);
    return offset + v.length;
  }
  if (Array.isArray(result)) {
    let o = offset;
    for (const part of result) o = readInto(dst, part, o);
    return o;
  }
  if (result !== null && typeof result === 'object' && 'toArray' in result) {
    return readInto(dst, (result as { toArray(): unknown }).toArray(), offset);
  }
  throw new TypeError(`unexpected gpu.js result ${String(result)}`);
}
