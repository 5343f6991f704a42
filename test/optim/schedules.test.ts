import { describe, expect, it } from 'vitest';
import { constantLr, cosineLr, cosineWarmRestarts, exponentialLr, linearWarmup, scheduledRate, stepLr } from '../../src/optim/schedules.js';

describe('learning-rate schedules', () => {
  it('step and exponential decay', () => {
    const s = stepLr(10, 0.5);
    expect([0, 9, 10, 25].map((t) => s(t, 1))).toEqual([1, 1, 0.5, 0.25]);
    expect(exponentialLr(0.9)(2, 1)).toBeCloseTo(0.81);
    expect(constantLr()(100, 0.3)).toBe(0.3);
  });

  it('cosine goes from lr to minLr and stays there', () => {
    const s = cosineLr(10, 0.1);
    expect(s(0, 1)).toBeCloseTo(1);
    expect(s(5, 1)).toBeCloseTo(0.55);
    expect(s(10, 1)).toBeCloseTo(0.1);
    expect(s(20, 1)).toBeCloseTo(0.1);
  });

  it('warm restarts reset at the cycle boundaries, growing by mult', () => {
    const s = cosineWarmRestarts(2, 2);
    expect(s(0, 1)).toBeCloseTo(1);
    expect(s(1, 1)).toBeCloseTo(0.5);
    expect(s(2, 1)).toBeCloseTo(1); // second cycle, length 4
    expect(s(4, 1)).toBeCloseTo(0.5);
    expect(s(6, 1)).toBeCloseTo(1); // third cycle, length 8
  });

  it('linear warm-up ramps then hands over', () => {
    const s = linearWarmup(3, stepLr(1, 0.5));
    expect([0, 1, 2].map((t) => s(t, 1))).toEqual([0.25, 0.5, 0.75]);
    expect(s(3, 1)).toBe(1);
    expect(s(4, 1)).toBe(0.5);
    expect(() => linearWarmup(0)).toThrow(/warmup/);
  });

  it('refuse parameters that would give a negative or non-finite rate', () => {
    expect(() => stepLr(10, -0.5)).toThrow('gamma: must be a finite number > 0, got -0.5');
    expect(() => stepLr(10, NaN)).toThrow('gamma: must be a finite number > 0, got NaN');
    expect(() => exponentialLr(Infinity)).toThrow('gamma: must be a finite number > 0, got Infinity');
    expect(() => cosineLr(10, -0.1)).toThrow('minLr: must be a finite number >= 0, got -0.1');
    expect(() => cosineWarmRestarts(2, 2, -1)).toThrow('minLr: must be a finite number >= 0, got -1');
    expect(() => cosineWarmRestarts(2, 0.5)).toThrow('mult: must be a finite number >= 1, got 0.5');
  });

  it('scheduledRate passes a good rate through and names the step of a bad one', () => {
    expect(scheduledRate(stepLr(1, 0.5), 2, 0.8)).toBe(0.2);
    expect(() => scheduledRate((t, lr) => lr - t, 3, 1)).toThrow('schedule: gave learning rate -2 at t = 3 (base rate 1); it must be a finite number >= 0');
    expect(() => scheduledRate(() => NaN, 0, 1)).toThrow('schedule: gave learning rate NaN at t = 0');
  });
});
