// The universal entry: everything here runs in a browser as well as in Node, and
// nothing here imports a Node module (test/browser-bundle.test.ts bundles it for the
// browser to make sure). Node adds file loaders, checkpoints on disk, downloads and
// the HTTP server in src/node.ts; package.json's "node" condition maps @ancf/core
// there, so Node code imports everything from one place.
export * from './errors.js';
export * from './tensor/index.js';
export * from './backend/index.js';
export type { KernelSet, KernelName, RowExclusions } from '../kernels/index.js';
export { cpuKernels } from '../kernels/cpu/index.js';
export { VERSION } from './version.js';
export * from './metrics/index.js';
export * from './eval/index.js';
export * from './data/index.js';
export * from './io/index.js';
export * from './layers/index.js';
export * from './losses/index.js';
export * from './gradcheck/index.js';
export * from './backend/gpu.js';
export * from './models/index.js';
export * from './optim/index.js';
export * from './train/index.js';
export * from './recommend/index.js';
