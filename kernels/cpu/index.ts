import type { KernelSet } from '../index.js';
import { relu, reluBackward, leakyRelu, leakyReluBackward, sigmoid, sigmoidBackward, tanh, tanhBackward } from './activations.js';
import { concatCols, splitCols } from './concat.js';
import { add, sub, mul, scale, axpy, fill, addRowVector, scaleRows } from './elementwise.js';
import { gatherRows, scatterAddRows } from './gather.js';
import { bceWithLogits, mse } from './losses.js';
import { matmul, batchMatmul } from './matmul.js';
import { sumRows, sumCols, rowDot } from './reduce.js';
import { scoreUsers } from './score.js';
import { softmaxRows, softmaxRowsBackward } from './softmax.js';
import { topK } from './topk.js';

/** The reference kernels: plain loops over typed arrays, one thread. */
export const cpuKernels = {
  matmul,
  batchMatmul,
  scoreUsers,
  gatherRows,
  scatterAddRows,
  concatCols,
  splitCols,
  add,
  sub,
  mul,
  scale,
  axpy,
  fill,
  addRowVector,
  scaleRows,
  relu,
  reluBackward,
  leakyRelu,
  leakyReluBackward,
  sigmoid,
  sigmoidBackward,
  tanh,
  tanhBackward,
  softmaxRows,
  softmaxRowsBackward,
  sumRows,
  sumCols,
  rowDot,
  bceWithLogits,
  mse,
  topK,
} satisfies KernelSet;
