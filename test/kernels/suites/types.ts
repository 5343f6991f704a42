import type { KernelSet } from '../../../kernels/index.js';

/** A kernel set under test and the relative error its float32 results may carry. */
export interface SuiteTarget {
  readonly name: string;
  readonly kernels: KernelSet;
  readonly tol: number;
}
