export { Tensor, allocate, sizeOf, assertSameShape } from './tensor.js';
export type { DType, Data, NestedArray } from './tensor.js';
export { Rng } from './rng.js';
export { initialize, fillNormal, fillUniform, fans } from './init.js';
export type { Initializer } from './init.js';
