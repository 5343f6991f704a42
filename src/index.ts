export * from './errors.js';
export * from './tensor/index.js';
export * from './backend/index.js';
export type { KernelSet, KernelName, RowExclusions } from '../kernels/index.js';
export { cpuKernels } from '../kernels/cpu/index.js';
export { VERSION } from './version.js';
export * from './metrics/index.js';
export * from './eval/index.js';
export * from './data/index.js';
