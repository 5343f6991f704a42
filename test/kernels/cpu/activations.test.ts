import { cpuKernels } from '../../../kernels/cpu/index.js';
import { activationsSuite } from '../suites/activations.js';

activationsSuite({ name: 'cpu', kernels: cpuKernels, tol: 1e-5 });
