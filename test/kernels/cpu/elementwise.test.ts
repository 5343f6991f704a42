import { cpuKernels } from '../../../kernels/cpu/index.js';
import { elementwiseSuite } from '../suites/elementwise.js';

elementwiseSuite({ name: 'cpu', kernels: cpuKernels, tol: 1e-5 });
