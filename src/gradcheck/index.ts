export { gradcheck, gradcheckLayer, GradcheckError } from './gradcheck.js';
export type { GradcheckTarget, GradcheckOptions, GradcheckEntry, GradcheckReport } from './gradcheck.js';
export type { Comparison } from './numeric.js';
export { formatGradcheckReport } from './format.js';
