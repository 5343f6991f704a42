import { ArgumentError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Callback, EpochLog, Metrics, TrainableModel } from './types.js';

export interface MonitorOptions {
  /** A validation metric name (e.g. 'hr@10'), or 'loss' for the training loss. */
  monitor: string;
  /** Whether larger is better; defaults to 'min' for names containing "loss", "rmse" or "mae", else 'max'. */
  mode?: 'min' | 'max';
  /** The least change that counts as an improvement. */
  minDelta?: number;
}

/** Reads the monitored value from an epoch log, and decides whether it improved on the best. */
export class Monitor {
  readonly name: string;
  readonly mode: 'min' | 'max';
  readonly minDelta: number;
  best = Number.NaN;

  constructor({ monitor, mode, minDelta = 0 }: MonitorOptions) {
    this.name = monitor;
    this.mode = mode ?? (/loss|rmse|mae/i.test(monitor) ? 'min' : 'max');
    this.minDelta = minDelta;
  }

  value(log: EpochLog): number {
    const v = this.name === 'loss' ? log.loss : (log.metrics as Metrics)[this.name];
    if (v === undefined) {
      const known = ['loss', ...Object.keys(log.metrics)].join(', ');
      throw new ArgumentError('monitor', `metric ${JSON.stringify(this.name)} is not logged; available: ${known}`);
    }
    return v;
  }

  /** True (and records it) when `v` beats the best so far by more than minDelta. */
  improves(v: number): boolean {
    const better = Number.isNaN(this.best) || (this.mode === 'max' ? v > this.best + this.minDelta : v < this.best - this.minDelta);
    if (better) this.best = v;
    return better;
  }
}

export interface EarlyStoppingOptions extends MonitorOptions {
  /** Epochs without improvement before stopping. */
  patience?: number;
  /** Put the best epoch's weights back at the end. */
  restoreBest?: boolean;
}

/** Stops training when the monitored metric stops improving, optionally restoring the best weights. */
export function earlyStopping(options: EarlyStoppingOptions): Callback & { readonly monitor: Monitor; bestEpoch: number } {
  const { patience = 3, restoreBest = true } = options;
  if (!Number.isInteger(patience) || patience < 0) throw new ArgumentError('patience', `must be an integer >= 0, got ${patience}`);
  const monitor = new Monitor(options);
  let waited = 0;
  let snapshot: Record<string, Tensor> | undefined;
  return {
    monitor,
    bestEpoch: 0,
    onEpochEnd(log, model) {
      if (monitor.improves(monitor.value(log))) {
        this.bestEpoch = log.epoch;
        waited = 0;
        if (restoreBest) snapshot = cloneState(model);
        return;
      }
      waited++;
      return waited > patience ? 'stop' : undefined;
    },
    onTrainEnd(history, model) {
      history.bestEpoch = this.bestEpoch;
      if (restoreBest && snapshot) model.loadStateDict(snapshot);
    },
  };
}

/** Calls `save` whenever the monitored metric improves (e.g. to write a checkpoint). */
export function bestCheckpoint(
  options: MonitorOptions & { save: (model: TrainableModel, log: EpochLog) => void | Promise<void> },
): Callback & { readonly monitor: Monitor } {
  const monitor = new Monitor(options);
  return {
    monitor,
    async onEpochEnd(log, model) {
      if (monitor.improves(monitor.value(log))) await options.save(model, log);
    },
  };
}

function cloneState(model: TrainableModel): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(model.stateDict()).map(([k, t]) => [k, t.clone()]));
}
