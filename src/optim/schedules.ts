import { ArgumentError } from '../errors.js';

/**
 * A learning-rate schedule: the learning rate at time t (an epoch or a step
 * count; the caller decides which, and `fit` uses epochs), given the base rate.
 */
export type LrSchedule = (t: number, baseLr: number) => number;

function positive(name: string, v: number): void {
  if (!(v > 0)) throw new ArgumentError(name, `must be > 0, got ${v}`);
}

export const constantLr = (): LrSchedule => (_t, lr) => lr;

/** lr · gamma^floor(t / stepSize). */
export function stepLr(stepSize: number, gamma = 0.1): LrSchedule {
  positive('stepSize', stepSize);
  return (t, lr) => lr * gamma ** Math.floor(t / stepSize);
}

/** lr · gamma^t. */
export function exponentialLr(gamma: number): LrSchedule {
  positive('gamma', gamma);
  return (t, lr) => lr * gamma ** t;
}

/** Cosine from lr down to minLr over `period`, then held at minLr. */
export function cosineLr(period: number, minLr = 0): LrSchedule {
  positive('period', period);
  return (t, lr) => minLr + 0.5 * (lr - minLr) * (1 + Math.cos(Math.PI * Math.min(t, period) / period));
}

/** SGDR (Loshchilov & Hutter): cosine cycles of length period, period·mult, period·mult², ... */
export function cosineWarmRestarts(period: number, mult = 1, minLr = 0): LrSchedule {
  positive('period', period);
  if (!(mult >= 1)) throw new ArgumentError('mult', `must be >= 1, got ${mult}`);
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

/** Linear ramp from 0 to the scheduled rate over `warmup` units of t, then `after` shifted by warmup. */
export function linearWarmup(warmup: number, after: LrSchedule = constantLr()): LrSchedule {
  positive('warmup', warmup);
  return (t, lr) => (t < warmup ? (lr * (t + 1)) / (warmup + 1) : after(t - warmup, lr));
}
