import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { loadModel, saveModel } from '../../src/io/checkpoint.js';
import { SGD } from '../../src/optim/sgd.js';
import { bestCheckpoint, earlyStopping, Monitor } from '../../src/train/callbacks.js';
import { fit } from '../../src/train/fit.js';
import type { EpochLog } from '../../src/train/types.js';
import { fixedSource, LogitsModel } from './fixtures.js';

const log = (epoch: number, metrics: Record<string, number>, loss = 1): EpochLog => ({ epoch, loss, lr: 0.1, samples: 1, seconds: 1, samplesPerSecond: 1, metrics });

/**
 * Trains a one-logit model with a scripted validation metric per epoch, recording
 * the weights after each epoch, so a test can say which epoch's weights it ended with.
 */
async function scripted(values: number[], callbacks: Parameters<typeof fit>[2]['callbacks'], name = 'hr@10') {
  const m = new LogitsModel([0]);
  const weights: number[] = [];
  const h = await fit(m, fixedSource([{ labels: [1] }]), {
    epochs: values.length,
    optimizer: new SGD(m.parameters(), { lr: 1 }),
    validate: (e) => {
      weights.push(m.w.value.data[0]!);
      return { [name]: values[e]! };
    },
    callbacks: callbacks ?? [],
    progress: 'none',
  });
  return { m, h, weights };
}

describe('Monitor', () => {
  it('infers the direction from the name: loss, rmse and mae are minimised, anything else maximised', () => {
    expect(new Monitor({ monitor: 'loss' }).mode).toBe('min');
    expect(new Monitor({ monitor: 'val_rmse' }).mode).toBe('min');
    expect(new Monitor({ monitor: 'MAE' }).mode).toBe('min');
    expect(new Monitor({ monitor: 'ndcg@10' }).mode).toBe('max');
    expect(new Monitor({ monitor: 'loss', mode: 'max' }).mode).toBe('max');
  });

  it('a NaN value is never an improvement, not even the first; reset forgets the best', () => {
    const m = new Monitor({ monitor: 'rmse' });
    expect(m.improves(Number.NaN)).toBe(false);
    expect(m.hasBest).toBe(false);
    expect([Number.NaN, 0.9, Number.NaN, 0.95, 0.8].map((v) => m.improves(v))).toEqual([false, true, false, false, true]);
    expect(m).toMatchObject({ best: 0.8, hasBest: true });
    m.reset();
    expect(m.hasBest).toBe(false);
    expect(m.best).toBeNaN();
    expect(m.improves(5)).toBe(true);
    expect(m.hasBest).toBe(true);
  });

  it('rejects a negative or non-finite minDelta', () => {
    for (const minDelta of [-0.5, Number.NaN, Infinity]) {
      expect(() => new Monitor({ monitor: 'hr', minDelta })).toThrow(ArgumentError);
      expect(() => earlyStopping({ monitor: 'hr', minDelta })).toThrow(`minDelta: must be a finite number >= 0, got ${minDelta}`);
      expect(() => bestCheckpoint({ monitor: 'hr', minDelta, save() {} })).toThrow(/minDelta/);
    }
    expect(new Monitor({ monitor: 'hr', minDelta: 0 }).minDelta).toBe(0);
  });

  it('counts an improvement only beyond minDelta', () => {
    const m = new Monitor({ monitor: 'hr', minDelta: 0.05 });
    expect([0.5, 0.53, 0.56, 0.6, 0.2].map((v) => m.improves(v))).toEqual([true, false, true, false, false]);
    expect(m.best).toBe(0.56);
    const low = new Monitor({ monitor: 'loss' });
    expect([3, 2, 2, 2.5, 1].map((v) => low.improves(v))).toEqual([true, true, false, false, true]);
  });

  it('reads the training loss or a validation metric; a missing one names what is available', () => {
    expect(new Monitor({ monitor: 'loss' }).value(log(1, { hr: 0.3 }, 0.7))).toBe(0.7);
    expect(new Monitor({ monitor: 'hr' }).value(log(1, { hr: 0.3 }))).toBe(0.3);
    expect(() => new Monitor({ monitor: 'ndcg' }).value(log(1, { hr: 0.3 }))).toThrow(ArgumentError);
    expect(() => new Monitor({ monitor: 'ndcg' }).value(log(1, { hr: 0.3 }))).toThrow(/metric "ndcg" is not logged; available: loss, hr/);
  });
});

describe('earlyStopping', () => {
  it('stops after `patience` epochs without improvement and restores the best epoch\'s weights', async () => {
    const es = earlyStopping({ monitor: 'hr@10', patience: 2 });
    const { m, h, weights } = await scripted([0.1, 0.3, 0.25, 0.3, 0.2, 0.9, 0.9], [es]);
    // Best at epoch 2; epochs 3 and 4 do not beat it (0.3 is not > 0.3); epoch 5 is past patience.
    expect(h.epochs).toHaveLength(5);
    expect(h.stoppedEarly).toBe(true);
    expect(h.bestEpoch).toBe(2);
    expect(es.bestEpoch).toBe(2);
    expect(es.monitor.best).toBe(0.3);
    expect(m.w.value.data[0]).toBe(weights[1]);
    expect(weights[1]).not.toBe(weights[4]);
  });

  it('restoreBest: false keeps the last weights (bestEpoch still names the best one); patience 0 stops at the first non-improvement', async () => {
    const es = earlyStopping({ monitor: 'hr@10', patience: 0, restoreBest: false });
    const { m, h, weights } = await scripted([0.5, 0.4, 0.6], [es]);
    expect(h.epochs).toHaveLength(2);
    expect(h.bestEpoch).toBe(1);
    // The model holds epoch 2's weights, not the best epoch's.
    expect(m.w.value.data[0]).toBe(weights[1]);
    expect(weights[1]).not.toBe(weights[0]);
  });

  it('NaN values never become the best: all NaN stops after patience with bestEpoch unset and the last weights', async () => {
    const es = earlyStopping({ monitor: 'rmse', patience: 1 });
    const { m, h, weights } = await scripted([Number.NaN, Number.NaN, Number.NaN, Number.NaN], [es], 'rmse');
    expect(h.epochs).toHaveLength(2);
    expect(h.stoppedEarly).toBe(true);
    expect(h.bestEpoch).toBeUndefined();
    expect(m.w.value.data[0]).toBe(weights[1]);
    // A NaN first epoch, then finite values: the best is among the finite ones.
    const later = await scripted([Number.NaN, 0.9, 0.95, 0.97], [earlyStopping({ monitor: 'rmse', patience: 1 })], 'rmse');
    expect(later.h.bestEpoch).toBe(2);
    expect(later.m.w.value.data[0]).toBe(later.weights[1]);
  });

  it('one callback object reused across runs starts fresh each time: no state or weights leak between models', async () => {
    const es = earlyStopping({ monitor: 'hr', patience: 1 });
    const a = await scripted([0.9, 0.8, 0.7], [es], 'hr');
    expect(a.h.bestEpoch).toBe(1);
    expect(a.m.w.value.data[0]).toBe(a.weights[0]);
    // Run B never reaches run A's 0.9: without a reset it would stop at once and load A's weights.
    const b = await scripted([0.5, 0.6, 0.7], [es], 'hr');
    expect(b.h.stoppedEarly).toBe(false);
    expect(b.h.epochs).toHaveLength(3);
    expect(b.h.bestEpoch).toBe(3);
    expect(es.monitor.best).toBe(0.7);
    expect(b.m.w.value.data[0]).toBe(b.weights[2]);
    // The same for bestCheckpoint: run B's first epoch is saved although it is below run A's best.
    const saved: number[] = [];
    const cb = bestCheckpoint({ monitor: 'hr', save: (_m, l) => void saved.push(l.epoch) });
    await scripted([0.9, 0.2], [cb], 'hr');
    await scripted([0.1, 0.3], [cb], 'hr');
    expect(saved).toEqual([1, 1, 2]);
  });

  it('monitoring a loss minimises it, and a run that keeps improving is not stopped', async () => {
    const es = earlyStopping({ monitor: 'val_loss', patience: 1 });
    const { h } = await scripted([0.9, 0.8, 0.7], [es], 'val_loss');
    expect(h.stoppedEarly).toBe(false);
    expect(h.bestEpoch).toBe(3);
  });

  it('rejects a negative or fractional patience', () => {
    expect(() => earlyStopping({ monitor: 'hr', patience: -1 })).toThrow(/patience: must be an integer >= 0, got -1/);
    expect(() => earlyStopping({ monitor: 'hr', patience: 1.5 })).toThrow(ArgumentError);
  });
});

describe('bestCheckpoint', () => {
  const root = mkdtempSync(join(tmpdir(), 'ancf-callbacks-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('calls save on improvement only, with the model and the epoch\'s log', async () => {
    const saved: Array<[number, number]> = [];
    const cb = bestCheckpoint({ monitor: 'hr@10', save: (model, l) => void saved.push([l.epoch, (model as LogitsModel).w.value.data[0]!]) });
    const { weights } = await scripted([0.2, 0.1, 0.4, 0.4, 0.5], [cb]);
    expect(saved).toEqual([[1, weights[0]], [3, weights[2]], [5, weights[4]]]);
  });

  it('writing a real checkpoint: the directory ends up holding the best epoch\'s weights', async () => {
    const dir = join(root, 'best');
    const cb = bestCheckpoint({ monitor: 'hr@10', save: (model) => saveModel(model, dir, { type: 'logits' }).then(() => undefined) });
    const { weights } = await scripted([0.2, 0.6, 0.4], [cb]);
    const { model } = await loadModel(dir, () => new LogitsModel([0]));
    expect((model as LogitsModel).w.value.data[0]).toBe(weights[1]);
  });
});
