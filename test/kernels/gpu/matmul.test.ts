import { matmulSuite } from '../suites/matmul.js';
import { runSuite } from './targets.js';

await runSuite(matmulSuite);
