import { concatSuite } from '../suites/concat.js';
import { runSuite } from './targets.js';

await runSuite(concatSuite);
