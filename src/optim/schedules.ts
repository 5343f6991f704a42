import { finiteNonNegative, finitePositive } from '../checks.js';
import { ArgumentError } from '../errors.js';

/**
 * A learning-rate schedule: the learning rate at time t (an epoch or a step
 * count; the caller decides which, and `fit` uses epochs), given the base rate.
 */
export type LrSchedule = (t: number, baseLr: number) => number;

/**
 * schedule(t, baseLr), checked: a custom schedule that returns a negative or
 * non-finite rate would make training climb the loss or fill it with NaN.
 */
export function scheduledRate(schedule: LrSchedule, t: number, baseLr: number): number {
  const lr = schedule(t, baseLr);
  if (!(lr >= 0 && Number.isFinite(lr))) {
    throw new ArgumentError('schedule', `gave learning rate ${lr} at t = ${t} (base rate ${baseLr}); it must be a finite number >= 0`);
  }
  return lr;
}

export const constantLr = (): LrSchedule => (_t, lr) => lr;

/** lr · gamma^floor(t / stepSize). */
export function stepLr(stepSize: number, gamma = 0.1): LrSchedule {
  finitePositive('stepSize', stepSize);
  finitePositive('gamma', gamma);
  return (t, lr) => lr * gamma ** Math.floor(t / stepSize);
}

/** lr · gamma^t. */
export function exponentialLr(gamma: number): LrSchedule {
  finitePositive('gamma', gamma);
  return (t, lr) => lr * gamma ** t;
}

/** Cosine from lr down to minLr over `period`, then held at minLr. */
export function cosineLr(period: number, minLr = 0): LrSchedule {
  finitePositive('period', period);
  finiteNonNegative('minLr', minLr);
  return (t, lr) => minLr + 0.5 * (lr - minLr) * (1 + Math.cos(Math.PI * Math.min(t, period) / period));
}

/** SGDR (Loshchilov & Hutter): cosine cycles of length period, period·mult, period·mult², ... */
export function cosineWarmRestarts(period: number, mult = 1, minLr = 0): LrSchedule {
  finitePositive('period', period);
  if (!(mult >= 1 && Number.isFinite(mult))) throw new ArgumentError('mult', `must be a finite number >= 1, got ${mult}`);
  finiteNonNegative('minLr', minLr);
  return (t, lr) => {
    let start = 0;
    let len = period;
    while (t >= start + len) {
      start += len;
      len *= mult;
    }
    return minLr + 0.5 * (lr - minLr) * (1 + Math.cos((Math.PI * (t - start)) / len));
  };
}

/**
 * Linear warm-up: lr·(t + 1)/(warmup + 1) for t < warmup (the first step already
 * moves, and the ramp climbs in equal steps to the full rate at t = warmup), then
 * `after` shifted by warmup.
 */
export function linearWarmup(warmup: number, after: LrSchedule = constantLr()): LrSchedule {
  finitePositive('warmup', warmup);
  return (t, lr) => (t < warmup ? (lr * (t + 1)) / (warmup + 1) : after(t - warmup, lr));
}
