import { cpuKernels } from '../../../kernels/cpu/index.js';
import { concatSuite } from '../suites/concat.js';

concatSuite({ name: 'cpu', kernels: cpuKernels, tol: 1e-5 });
