import { matmulSuite, scoreUsersSuite } from '../suites/matmul.js';
import { runSuite } from './targets.js';

await runSuite(matmulSuite);
await runSuite(scoreUsersSuite);
