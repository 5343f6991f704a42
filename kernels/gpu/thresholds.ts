import type { Thresholds } from './runtime.js';

/**
 * CPU hand-off thresholds per gpu.js mode, in each kernel's work unit
 * (multiply-adds for matmul, batchMatmul and scoreUsers; elements for the
 * rest): a call with less work runs on the CPU kernel. Infinity means the
 * device never won at any size measured. Source: `npm run bench:kernels --
 * --gpu`, recorded with the full table in docs/backends.md.
 */
export interface MeasuredThresholds {
  readonly date: string;
  readonly machine: string;
  readonly values: Thresholds;
}

/** 'measured' (default): the table below; 'none': everything on the device; a record overrides kernels one by one. */
export type ThresholdChoice = 'measured' | 'none' | Thresholds;

const MACHINE = '2-core x86-64 VM, no GPU (headlessgl = ANGLE on Mesa software GL under Xvfb)';

export const measuredThresholds: Readonly<Record<string, MeasuredThresholds>> = {
  webasm: { date: '2026-11-22', machine: MACHINE, values: {} },
  headlessgl: { date: '2026-11-22', machine: MACHINE, values: {} },
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
