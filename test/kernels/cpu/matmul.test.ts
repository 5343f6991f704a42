import { cpuKernels } from '../../../kernels/cpu/index.js';
import { matmulSuite } from '../suites/matmul.js';

matmulSuite({ name: 'cpu', kernels: cpuKernels, tol: 1e-5 });
