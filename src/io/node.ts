// Node-only: checkpoints on disk and atomic file writes (src/node.ts).
export { writeAtomic } from './atomic.js';
export { saveCheckpoint, loadCheckpoint, saveModel, loadModel } from './checkpoint.js';
