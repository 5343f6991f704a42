import { reduceSuite } from '../suites/reduce.js';
import { runSuite } from './targets.js';

await runSuite(reduceSuite);
