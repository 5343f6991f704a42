import { lossesSuite } from '../suites/losses.js';
import { runSuite } from './targets.js';

await runSuite(lossesSuite);
