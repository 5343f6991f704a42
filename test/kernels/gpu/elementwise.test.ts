import { elementwiseSuite } from '../suites/elementwise.js';
import { runSuite } from './targets.js';

await runSuite(elementwiseSuite);
