import { cpuKernels } from '../../../kernels/cpu/index.js';
import { topKSuite } from '../suites/topk.js';

topKSuite({ name: 'cpu', kernels: cpuKernels, tol: 1e-5 });
