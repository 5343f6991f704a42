import { activationsSuite } from '../suites/activations.js';
import { runSuite } from './targets.js';

await runSuite(activationsSuite);
