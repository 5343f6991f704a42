import { finiteNonNegative } from '../checks.js';
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
  /** The best value so far; NaN until one is recorded. A NaN value is never recorded, so NaN means "none yet". */
  best = Number.NaN;

  constructor({ monitor, mode, minDelta = 0 }: MonitorOptions) {
    // A negative minDelta counts getting worse as improving, and NaN makes every
    // comparison false: either can restore the worst epoch.
    finiteNonNegative('minDelta', minDelta);
    this.name = monitor;
    this.mode = mode ?? (/loss|rmse|mae/i.test(monitor) ? 'min' : 'max');
    this.minDelta = minDelta;
  }

  /** Whether a value has been recorded (derived from best, so the two cannot disagree). */
  get hasBest(): boolean {
    return !Number.isNaN(this.best);
  }

  /** Forgets the best value, for a new training run. */
  reset(): void {
    this.best = Number.NaN;
  }

  value(log: EpochLog): number {
    const v = this.name === 'loss' ? log.loss : (log.metrics as Metrics)[this.name];
    if (v === undefined) {
      const known = ['loss', ...Object.keys(log.metrics)].join(', ');
      throw new ArgumentError('monitor', `metric ${JSON.stringify(this.name)} is not logged; available: ${known}`);
    }
    return v;
  }

  /**
   * True (and records it) when `v` beats the best so far by more than minDelta;
   * the first non-NaN value always does. NaN (a diverged run) never improves.
   */
  improves(v: number): boolean {
    if (Number.isNaN(v)) return false;
    const better = !this.hasBest || (this.mode === 'max' ? v > this.best + this.minDelta : v < this.best - this.minDelta);
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

/**
 * Stops training when the monitored metric stops improving, optionally restoring
 * the best weights. The object may be reused across fit runs: its state (best
 * value, epoch, snapshot, patience count) is reset when each run begins, so one
 * run's weights never reach another's model. bestEpoch is 0 while no epoch has
 * had a (non-NaN) value; history.bestEpoch is then left unset.
 */
export function earlyStopping(options: EarlyStoppingOptions): Callback & { readonly monitor: Monitor; bestEpoch: number } {
  const { patience = 3, restoreBest = true } = options;
  if (!Number.isInteger(patience) || patience < 0) throw new ArgumentError('patience', `must be an integer >= 0, got ${patience}`);
  const monitor = new Monitor(options);
  let waited = 0;
  let snapshot: Record<string, Tensor> | undefined;
  return {
    monitor,
    bestEpoch: 0,
    onTrainBegin() {
      monitor.reset();
      this.bestEpoch = 0;
      waited = 0;
      snapshot = undefined;
    },
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
      if (monitor.hasBest) history.bestEpoch = this.bestEpoch;
      if (restoreBest && snapshot) model.loadStateDict(snapshot);
      // The snapshot is a full copy of the weights: do not keep it alive past the run.
      snapshot = undefined;
    },
  };
}

/** Calls `save` whenever the monitored metric improves (e.g. to write a checkpoint); the best is forgotten when a run begins. */
export function bestCheckpoint(
  options: MonitorOptions & { save: (model: TrainableModel, log: EpochLog) => void | Promise<void> },
): Callback & { readonly monitor: Monitor } {
  const monitor = new Monitor(options);
  return {
    monitor,
    onTrainBegin() {
      monitor.reset();
    },
    async onEpochEnd(log, model) {
      if (monitor.improves(monitor.value(log))) await options.save(model, log);
    },
  };
}

function cloneState(model: TrainableModel): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(model.stateDict()).map(([k, t]) => [k, t.clone()]));
}
