// The Node entry: the universal entry (src/index.ts) plus what needs Node's file
// system, streams or HTTP. package.json maps `@ancf/core` here under the "node"
// condition; browsers and other runtimes get src/index.ts.
export * from './index.js';
export * from './data/node.js';
export * from './io/node.js';
export * from './recommend/node.js';
export * from './serve/index.js';
