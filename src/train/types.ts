import type { Module } from '../layers/module.js';
import type { Batch } from '../models/batch.js';
import type { Tensor } from '../tensor/tensor.js';

/** What `fit` needs of a model: logits for a batch, and their gradient back. */
export interface TrainableModel extends Module {
  forward(batch: Batch): Tensor;
  backward(dLogits: Tensor): void;
}

/**
 * A model that scores every user of a batch against every item of it, for fit's
 * in-batch softmax loss: forwardInBatch gives S [n, n] (row i's positive is column
 * i) and backwardInBatch takes dL/dS. TwoTower is one.
 */
export interface InBatchModel extends TrainableModel {
  forwardInBatch(batch: Batch): Tensor;
  backwardInBatch(dScores: Tensor): void;
}

/** Yields an epoch's batches (buffers may be reused between yields). */
export interface EpochSource {
  readonly batchesPerEpoch: number;
  epoch(index: number): Iterable<Batch>;
}

export type Metrics = Record<string, number>;

export interface EpochLog {
  readonly epoch: number;
  readonly loss: number;
  readonly lr: number;
  readonly samples: number;
  readonly seconds: number;
  readonly samplesPerSecond: number;
  /** Validation metrics, when a validate function was given. */
  readonly metrics: Metrics;
}

/** Returning 'stop' ends training after this epoch. */
export interface Callback {
  onEpochEnd?(log: EpochLog, model: TrainableModel): void | 'stop' | Promise<void | 'stop'>;
  onTrainEnd?(history: TrainingHistory, model: TrainableModel): void | Promise<void>;
}

export interface TrainingHistory {
  readonly epochs: EpochLog[];
  stoppedEarly: boolean;
  /** Set by early stopping: the epoch whose weights the model holds at the end. */
  bestEpoch?: number;
}
