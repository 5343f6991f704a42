export type { Backend, BackendDescription, BackendName } from './backend.js';
export { CpuBackend, cpuBackend } from './cpu.js';
export { getBackend, setBackend, initBackend } from './registry.js';
export type { BackendRequest, BackendOptions } from './registry.js';
