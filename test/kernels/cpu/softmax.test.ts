import { cpuKernels } from '../../../kernels/cpu/index.js';
import { softmaxSuite } from '../suites/softmax.js';

softmaxSuite({ name: 'cpu', kernels: cpuKernels, tol: 1e-5 });
