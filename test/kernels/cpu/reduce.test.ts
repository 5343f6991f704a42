import { cpuKernels } from '../../../kernels/cpu/index.js';
import { reduceSuite } from '../suites/reduce.js';

reduceSuite({ name: 'cpu', kernels: cpuKernels, tol: 1e-5 });
