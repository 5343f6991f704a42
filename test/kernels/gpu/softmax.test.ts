import { softmaxSuite } from '../suites/softmax.js';
import { runSuite } from './targets.js';

await runSuite(softmaxSuite);
