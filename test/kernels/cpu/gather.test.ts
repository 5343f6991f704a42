import { cpuKernels } from '../../../kernels/cpu/index.js';
import { gatherSuite } from '../suites/gather.js';

gatherSuite({ name: 'cpu', kernels: cpuKernels, tol: 1e-5 });
