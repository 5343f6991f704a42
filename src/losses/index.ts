export { BCEWithLogitsLoss } from './bce.js';
export { MSELoss } from './mse.js';
export { BPRLoss } from './bpr.js';
export { SoftmaxCrossEntropyLoss } from './softmax-cross-entropy.js';
