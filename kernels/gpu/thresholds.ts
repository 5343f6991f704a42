import type { Thresholds } from './runtime.js';

/**
 * CPU hand-off thresholds per gpu.js mode, in each kernel's work unit
 * (multiply-adds for matmul, batchMatmul and scoreUsers; elements for the
 * rest): a call with less work runs on the CPU kernel. Infinity means the
 * device never won at any size measured. Source: two runs of `npm run
 * bench:kernels -- --gpu` on a loaded machine; a crossover is used only where
 * it held in both (the larger of the two), else never. Full table in
 * docs/backends.md.
 */
export interface MeasuredThresholds {
  readonly date: string;
  readonly machine: string;
  readonly values: Thresholds;
}

/** 'measured' (default): the table below; 'none': everything on the device; a record overrides kernels one by one. */
export type ThresholdChoice = 'measured' | 'none' | Thresholds;

const MACHINE = '2-core x86-64 VM, no GPU (headlessgl = ANGLE on Mesa software GL under Xvfb)';
const HEADLESSGL_MACHINES = `${MACHINE}; and an NVIDIA H100 80GB, driver 580.159 (headlessgl = ANGLE on NVIDIA GLX under Xvfb)`;

const never = Infinity;

/**
 * Kernels the sweep does not time take their family's figure: sub, scale,
 * fill, addRowVector and scaleRows follow add; leakyRelu and the ReLU backwards follow
 * relu; tanhBackward follows sigmoidBackward; sumRows follows rowDot; mse
 * follows bceWithLogits; softmaxRowsBackward follows softmaxRows; splitCols
 * follows concatCols. topK never leaves the CPU.
 */
function family(v: Record<string, number>): Thresholds {
  const f = (k: string): number => v[k] ?? never;
  return {
    ...v,
    sub: f('add'), scale: f('add'), fill: f('add'), addRowVector: f('add'), scaleRows: f('add'),
    leakyRelu: f('relu'), reluBackward: f('relu'), leakyReluBackward: f('relu'),
    tanhBackward: f('sigmoidBackward'), sumRows: f('rowDot'), mse: f('bceWithLogits'),
    softmaxRowsBackward: f('softmaxRows'), splitCols: f('concatCols'),
    default: never,
  };
}

export const measuredThresholds: Readonly<Record<string, MeasuredThresholds>> = {
  // Re-swept 2026-11-23 after the CPU kernels gained their own SIMD routes: gpu.js's
  // webasm add, relu and sumCols (1e4, 1e3, 1e4 before) now lose at every size
  // (0.17x to 0.45x), so nothing leaves the CPU in this mode.
  webasm: {
    date: '2026-11-23',
    machine: MACHINE,
    values: family({
      matmul: never, scoreUsers: never, batchMatmul: never, gatherRows: never, scatterAddRows: never,
      add: never, mul: never, axpy: never, relu: never, sigmoid: never, sigmoidBackward: never, tanh: never,
      sumCols: never, rowDot: never, bceWithLogits: never, softmaxRows: never, concatCols: never,
    }),
  },
  // headlessgl is software GL on a machine without a GPU and the vendor's GL on one
  // with, and this table must serve both. Software GL (2026-11-22) and an H100
  // (2026-11-23, docs/backends.md "On a real GPU") agree: every call pays a
  // texture upload and a readPixels readback, so only sigmoid and tanh win. The
  // H100 wins from 1e4 elements (1.05x-1.84x there), software GL from 1e5, and
  // 1e5 holds on both.
  headlessgl: {
    date: '2026-11-23',
    machine: HEADLESSGL_MACHINES,
    values: family({
      matmul: never, scoreUsers: never, batchMatmul: never, gatherRows: never, scatterAddRows: never,
      add: never, mul: never, axpy: never, relu: never, sigmoid: 1e5, sigmoidBackward: never, tanh: 1e5,
      sumCols: never, rowDot: never, bceWithLogits: never, softmaxRows: never, concatCols: never,
    }),
  },
};

/**
 * Modes never measured here (webgl2 / webgl in a browser, usually on a real
 * GPU): tfjs's hand-off size for element-wise work (128 elements) and a
 * matmul that is worth a launch (32³ multiply-adds). Marked unmeasured in
 * describe(); rerun the benchmark in that browser to replace them.
 */
export const unmeasuredDefaults: Thresholds = { matmul: 32 ** 3, batchMatmul: 32 ** 3, scoreUsers: 32 ** 3, default: 128 };

export function thresholdsFor(mode: string, choice: ThresholdChoice): Thresholds {
  if (choice === 'none') return {};
  const base = measuredThresholds[mode]?.values ?? unmeasuredDefaults;
  return typeof choice === 'object' ? { ...base, ...choice } : base;
}
