import { cpuKernels } from '../../../kernels/cpu/index.js';
import { lossesSuite } from '../suites/losses.js';

lossesSuite({ name: 'cpu', kernels: cpuKernels, tol: 1e-5 });
