import { gatherSuite } from '../suites/gather.js';
import { runSuite } from './targets.js';

await runSuite(gatherSuite);
