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
  /** The batches an epoch is expected to hold (the progress bar's total; a source may yield more). */
  readonly batchesPerEpoch: number;
  /**
   * `index` counts epochs from 0 within one fit call. The built-in sources
   * ignore it and resample on every call after their first, so a second fit
   * on the same source does not repeat the last epoch's data.
   */
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

/**
 * Hooks fit calls: onTrainBegin once before the first epoch (reset per-run state
 * there, so one callback object can serve several runs), onEpochEnd after each
 * epoch (returning 'stop' ends training after it), onTrainEnd once at the end.
 */
export interface Callback {
  onTrainBegin?(model: TrainableModel): void | Promise<void>;
  onEpochEnd?(log: EpochLog, model: TrainableModel): void | 'stop' | Promise<void | 'stop'>;
  onTrainEnd?(history: TrainingHistory, model: TrainableModel): void | Promise<void>;
}

export interface TrainingHistory {
  readonly epochs: EpochLog[];
  stoppedEarly: boolean;
  /**
   * Set by early stopping: the epoch (from 1) with the best monitored value,
   * unset when no epoch had one (all NaN). The model ends with that epoch's
   * weights only with restoreBest (the default); with restoreBest: false it
   * keeps the last epoch's.
   */
  bestEpoch?: number;
}
