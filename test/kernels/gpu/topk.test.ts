import { topKSuite } from '../suites/topk.js';
import { runSuite } from './targets.js';

await runSuite(topKSuite);
