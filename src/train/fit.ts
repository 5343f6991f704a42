import { ArgumentError } from '../errors.js';
import { clipGradNorm } from '../optim/clip.js';
import type { Optimizer } from '../optim/optimizer.js';
import { scheduledRate, type LrSchedule } from '../optim/schedules.js';
import { Tensor } from '../tensor/tensor.js';
import { progressSink, type ProgressSink } from './progress.js';
import { BCEWithLogitsLoss } from '../losses/bce.js';
import { BPRLoss } from '../losses/bpr.js';
import { MSELoss } from '../losses/mse.js';
import { SoftmaxCrossEntropyLoss } from '../losses/softmax-cross-entropy.js';
import type { Batch } from '../models/batch.js';
import type { Callback, EpochLog, EpochSource, InBatchModel, Metrics, TrainableModel, TrainingHistory } from './types.js';

export type LossName = 'bce' | 'mse' | 'bpr' | 'softmax';

export interface FitOptions {
  epochs: number;
  optimizer: Optimizer;
  /**
   * 'bce': labels are 0/1 (or soft) targets for the logits. 'mse': labels are
   * ratings. 'bpr': each batch is laid out [positives | negatives] as
   * pairwiseSource makes it (labels 1 then 0, the same user in each pair; other
   * layouts are an ArgumentError), and the loss is mean -log sigmoid(s_pos - s_neg)
   * over the pairs.
   * 'softmax': in-batch softmax cross-entropy for models with forwardInBatch
   * (TwoTower): every sample is a positive (label 1; use a source without
   * negatives), each user is scored against all the batch's items, and the other
   * items are its negatives: L = mean_i [logsumexp_j s_ij - s_ii].
   */
  loss?: LossName;
  schedule?: LrSchedule;
  clipNorm?: number;
  /** Called after each epoch in eval mode; its metrics are logged and can be monitored. */
  validate?: (epoch: number) => Metrics | Promise<Metrics>;
  callbacks?: readonly Callback[];
  /** 'auto' draws a bar on a TTY and prints plain lines otherwise. */
  progress?: 'auto' | 'bar' | 'lines' | 'none' | ProgressSink;
  /** With plain-line progress, also log every N batches. */
  logEvery?: number;
}

/**
 * The pointwise and pairwise losses as `fit` applies them, through the loss
 * modules of src/losses (the same code the gradient-check tests prove): the mean
 * loss of a batch, with dL/dlogits written into `grad`. A 'bpr' batch of n
 * logits is laid out [positives | negatives] and holds n / 2 pairs.
 */
function lossStep(loss: Exclude<LossName, 'softmax'>): (logits: Tensor, labels: Tensor, grad: Tensor) => number {
  if (loss === 'bpr') {
    const bpr = new BPRLoss();
    return (logits, _labels, grad) => {
      // The layout was checked by checkPairs before the forward.
      const n = logits.size;
      const value = bpr.forward(logits.sliceRows(0, n / 2), logits.sliceRows(n / 2, n));
      const [dPos, dNeg] = bpr.backward();
      grad.data.set(dPos.data, 0);
      grad.data.set(dNeg.data, n / 2);
      return value;
    };
  }
  const module = loss === 'bce' ? new BCEWithLogitsLoss() : new MSELoss();
  return (logits, labels, grad) => {
    const value = module.forward(logits, labels);
    grad.data.set(module.backward().data);
    return value;
  };
}

/**
 * Trains `model` on the batches of `source` for `options.epochs` epochs:
 * forward, loss, backward, optional clipping, optimizer step. One forward and one
 * backward per batch, no allocation per batch once buffer sizes settle.
 */
export async function fit(model: TrainableModel, source: EpochSource, options: FitOptions): Promise<TrainingHistory> {
  const { epochs, optimizer, loss = 'bce', schedule, clipNorm, validate, callbacks = [], logEvery = 0 } = options;
  if (!Number.isInteger(epochs) || epochs < 0) throw new ArgumentError('epochs', `must be a non-negative integer, got ${epochs}`);
  // Checked here, before any work, and under the option's own name (clipGradNorm would say 'maxNorm' after the first batch).
  if (clipNorm !== undefined && !(clipNorm > 0)) throw new ArgumentError('clipNorm', `must be a number > 0 (Infinity: no clipping), got ${clipNorm}`);
  const progress = typeof options.progress === 'object' ? options.progress : progressSink(options.progress ?? 'auto', logEvery);
  const baseLr = optimizer.lr;
  const history: TrainingHistory = { epochs: [], stoppedEarly: false };
  const params = model.parameters();
  const inBatch = loss === 'softmax' ? asInBatch(model) : null;
  const softmax = new SoftmaxCrossEntropyLoss();
  const pointwise = loss === 'softmax' ? null : lossStep(loss);
  // [n] views for the current batch size, re-sliced only when n changes (the last batch).
  let gradBuf = Tensor.zeros([0], model.dtype);
  let labelBuf = Tensor.zeros([0], model.dtype);
  let grad = gradBuf;
  let labels = labelBuf;

  for (const cb of callbacks) await cb.onTrainBegin?.(model);
  for (let epoch = 0; epoch < epochs; epoch++) {
    if (schedule) optimizer.lr = scheduledRate(schedule, epoch, baseLr);
    model.train();
    const t0 = performance.now();
    let samples = 0;
    let lossSum = 0;
    let done = 0;
    for (const batch of source.epoch(epoch)) {
      const n = batch.size;
      if (gradBuf.size < n) {
        gradBuf = Tensor.zeros([n], model.dtype);
        labelBuf = Tensor.zeros([n], model.dtype);
      }
      if (grad.size !== n || grad.data.buffer !== gradBuf.data.buffer) {
        grad = gradBuf.sliceRows(0, n);
        labels = labelBuf.sliceRows(0, n);
      }
      labels.data.set(batch.labels.subarray(0, n));
      model.zeroGrad();
      let batchLoss: number;
      if (loss === 'bpr') checkPairs(batch);
      if (inBatch) {
        checkPositives(batch);
        batchLoss = softmax.forward(inBatch.forwardInBatch(batch));
        inBatch.backwardInBatch(softmax.backward());
      } else {
        const logits = model.forward(batch);
        batchLoss = pointwise!(logits.reshape([n]), labels, grad);
        model.backward(grad);
      }
      if (clipNorm !== undefined) clipGradNorm(params, clipNorm);
      optimizer.step();
      // A bpr batch of n logits is n / 2 pairs, and its loss is the mean over pairs.
      const count = loss === 'bpr' ? n / 2 : n;
      lossSum += batchLoss * count;
      samples += count;
      done++;
      progress.batch(epoch + 1, done, source.batchesPerEpoch, samples, (performance.now() - t0) / 1000, lossSum / Math.max(1, samples));
    }
    const seconds = (performance.now() - t0) / 1000;
    model.eval();
    const metrics = validate ? await validate(epoch) : {};
    const log: EpochLog = {
      epoch: epoch + 1,
      loss: lossSum / Math.max(1, samples),
      lr: optimizer.lr,
      samples,
      seconds,
      samplesPerSecond: samples / Math.max(seconds, 1e-9),
      metrics,
    };
    history.epochs.push(log);
    const shown = Object.entries(metrics).map(([k, v]) => ` ${k} ${v.toFixed(4)}`).join('');
    progress.epoch(`epoch ${log.epoch}/${epochs} loss ${log.loss.toFixed(4)} ${Math.round(log.samplesPerSecond)} samples/s ${seconds.toFixed(2)}s${shown}`);
    let stop = false;
    for (const cb of callbacks) if ((await cb.onEpochEnd?.(log, model)) === 'stop') stop = true;
    if (stop) {
      history.stoppedEarly = true;
      break;
    }
  }
  for (const cb of callbacks) await cb.onTrainEnd?.(history, model);
  model.eval();
  return history;
}

function asInBatch(model: TrainableModel): InBatchModel {
  const m = model as unknown as Partial<InBatchModel>;
  if (typeof m.forwardInBatch !== 'function' || typeof m.backwardInBatch !== 'function') {
    throw new ArgumentError('loss', `'softmax' needs a model with forwardInBatch / backwardInBatch (e.g. TwoTower), got ${model.constructor.name}`);
  }
  return model as InBatchModel;
}

/**
 * BPR reads sample k < n/2 as the positive and k + n/2 as its negative, for the
 * same user. A pointwise batch (shuffled labels, unrelated users) has even sizes
 * too and would train on meaningless pairs without a word: check the layout.
 */
function checkPairs(batch: Batch): void {
  const n = batch.size;
  if (n % 2 !== 0) throw new ArgumentError('loss', `bpr needs batches of [positives | negatives], got an odd size ${n}`);
  const h = n / 2;
  for (let k = 0; k < h; k++) {
    const why =
      batch.labels[k] !== 1 ? `sample ${k} (a positive) has label ${batch.labels[k]}`
      : batch.labels[k + h] !== 0 ? `sample ${k + h} (a negative) has label ${batch.labels[k + h]}`
      : batch.users[k] !== batch.users[k + h] ? `pair ${k} mixes users ${batch.users[k]} and ${batch.users[k + h]}`
      : null;
    if (why !== null) throw new ArgumentError('loss', `'bpr' needs batches of [positives | negatives] pairs, label 1 then 0 for the same user (use pairwiseSource), but ${why}`);
  }
}

/** In-batch softmax reads every sample as a positive: a sampled negative would be trained as one. */
function checkPositives(batch: Batch): void {
  for (let k = 0; k < batch.size; k++) {
    if (batch.labels[k] !== 1) throw new ArgumentError('loss', `'softmax' trains on positives only, but sample ${k} has label ${batch.labels[k]}; use a source with negatives: 0`);
  }
}
