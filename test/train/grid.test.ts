import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError, ShapeError } from '../../src/errors.js';
import { MF } from '../../src/models/mf.js';
import { Adam } from '../../src/optim/adam.js';
import { Rng } from '../../src/tensor/rng.js';
import { fit } from '../../src/train/fit.js';
import { formatGrid, formatGridValue, gridPoints, gridSearch } from '../../src/train/grid.js';
import { stepLr } from '../../src/optim/schedules.js';
import { pointwiseSource } from '../../src/train/sources.js';
import { syntheticTask } from '../models/fixtures.js';

describe('gridPoints', () => {
  it('is every combination, row-major (the last name varies fastest)', () => {
    expect(gridPoints({ lr: [0.1, 0.01], factors: [8, 16, 32] })).toEqual([
      { lr: 0.1, factors: 8 },
      { lr: 0.1, factors: 16 },
      { lr: 0.1, factors: 32 },
      { lr: 0.01, factors: 8 },
      { lr: 0.01, factors: 16 },
      { lr: 0.01, factors: 32 },
    ]);
    expect(gridPoints({})).toEqual([{}]);
  });

  it('has the product of the value counts as its size, each point distinct', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 4 }), (sizes) => {
        const space = Object.fromEntries(sizes.map((n, k) => [`p${k}`, Array.from({ length: n }, (_, v) => v)]));
        const points = gridPoints(space);
        expect(points).toHaveLength(sizes.reduce((a, b) => a * b, 1));
        expect(new Set(points.map((p) => JSON.stringify(p))).size).toBe(points.length);
      }),
    );
  });

  it('an empty value list is an ArgumentError naming it', () => {
    expect(() => gridPoints({ lr: [0.1], layers: [] })).toThrow(ArgumentError);
    expect(() => gridPoints({ lr: [0.1], layers: [] })).toThrow(/grid\.layers: has no values/);
  });
});

describe('gridSearch', () => {
  it('runs every point once, in order, and sorts the rows best first (max or min)', async () => {
    const calls: number[] = [];
    const rows = await gridSearch({ x: [1, 3, 2] }, (p) => (calls.push(p.x), { score: p.x, loss: -p.x }), { sortBy: 'score' });
    expect(calls).toEqual([1, 3, 2]);
    expect(rows.map((r) => r.params.x)).toEqual([3, 2, 1]);
    const low = await gridSearch({ x: [1, 3, 2] }, async (p) => ({ loss: p.x }), { sortBy: 'loss', mode: 'min' });
    expect(low.map((r) => r.metrics.loss)).toEqual([1, 2, 3]);
  });

  it('times each trial in seconds', async () => {
    // Busy-waits 20 ms in trial 2: a time in milliseconds (20) or one not taken per trial would miss [0.02, 10).
    const rows = await gridSearch({ x: [1, 2] }, (p) => {
      const t0 = performance.now();
      if (p.x === 2) while (performance.now() - t0 < 20);
      return { score: p.x };
    }, { sortBy: 'score' });
    expect(rows[0]!.params.x).toBe(2);
    expect(rows[0]!.seconds).toBeGreaterThanOrEqual(0.02);
    expect(rows[0]!.seconds).toBeLessThan(10);
    expect(rows[1]!.seconds).toBeGreaterThanOrEqual(0);
  });

  it('a trial that throws becomes a row with its error and no metrics, ranked last; the rest still run', async () => {
    const calls: number[] = [];
    const rows = await gridSearch({ x: [1, 2, 3, 4] }, (p) => {
      calls.push(p.x);
      if (p.x % 2 === 1) throw new ArgumentError('predictions', `diverged at ${p.x}`);
      return { hr: p.x };
    }, { sortBy: 'hr' });
    expect(calls).toEqual([1, 2, 3, 4]);
    expect(rows.map((r) => r.params.x)).toEqual([4, 2, 1, 3]);
    expect(rows.slice(2)).toEqual([
      { params: { x: 1 }, metrics: {}, seconds: expect.any(Number), error: 'predictions: diverged at 1' },
      { params: { x: 3 }, metrics: {}, seconds: expect.any(Number), error: 'predictions: diverged at 3' },
    ]);
    expect(rows[0]).not.toHaveProperty('error');
    // Out of memory (a RangeError from the engine) and our own typed errors are failed rows too.
    const big = await gridSearch({ n: [2 ** 40, 3] }, (p) => {
      if (p.n > 2 ** 32) throw new RangeError('Array buffer allocation failed');
      if (p.n === 3) return Promise.reject(new ShapeError('no room'));
      return { hr: 1 };
    }, { sortBy: 'hr', mode: 'min' });
    expect(big.map((r) => r.error)).toEqual(['Array buffer allocation failed', 'no room']);
  });

  it('a programming error in a trial (TypeError, a thrown string) rejects the search instead of becoming a row', async () => {
    const calls: number[] = [];
    const broken = (p: { x: number }): Record<string, number> => {
      calls.push(p.x);
      if (p.x === 2) return { hr: (undefined as unknown as { y: number }).y };
      return { hr: p.x };
    };
    await expect(gridSearch({ x: [1, 2, 3] }, broken, { sortBy: 'hr' })).rejects.toThrow(TypeError);
    expect(calls).toEqual([1, 2]);
    await expect(gridSearch({ x: [1] }, () => Promise.reject('no memory'), { sortBy: 'hr' })).rejects.toBe('no memory');
    await expect(gridSearch({ x: [1] }, () => { throw new Error('plain'); }, { sortBy: 'hr' })).rejects.toThrow(/^plain$/);
  });

  it('NaN metrics rank after every number and before failed rows, whatever the grid order or mode', async () => {
    const scores: Record<number, number> = { 1: 0.3, 2: 0.5, 3: Number.NaN, 4: 0.4, 5: 0.1, 6: Number.NaN, 7: Infinity, 8: -Infinity };
    for (const order of [[3, 1, 2, 4, 5, 6, 0, 7, 8], [1, 2, 3, 0, 4, 5, 6, 7, 8], [8, 7, 6, 5, 4, 3, 2, 1, 0]]) {
      const trial = (p: { x: number }): Record<string, number> => {
        if (p.x === 0) throw new ArgumentError('lr', 'failed');
        return { hr: scores[p.x]! };
      };
      const max = await gridSearch({ x: order }, trial, { sortBy: 'hr' });
      const nanFirst = order.filter((x) => x === 3 || x === 6);
      expect(max.map((r) => r.params.x)).toEqual([7, 2, 4, 1, 5, 8, ...nanFirst, 0]);
      const min = await gridSearch({ x: order }, trial, { sortBy: 'hr', mode: 'min' });
      expect(min.map((r) => r.params.x)).toEqual([8, 5, 1, 4, 2, 7, ...nanFirst, 0]);
    }
  });

  it('a trial without the sort metric is an ArgumentError', async () => {
    await expect(gridSearch({ x: [1] }, () => ({ hr: 1 }), { sortBy: 'ndcg' })).rejects.toThrow(/sortBy: trial returned no metric "ndcg"/);
  });

  it('tunes MF on synthetic data (lr x factors) and prints a table, best first', async () => {
    const task = syntheticTask();
    const rows = await gridSearch(
      { lr: [0.0001, 0.01], factors: [4, 16] },
      async ({ lr, factors }) => {
        const m = new MF({ numUsers: task.numUsers, numItems: task.numItems, factors });
        await fit(m, pointwiseSource(task.split.train, { batchSize: 512, negatives: 4, rng: new Rng(1) }), { epochs: 1, optimizer: new Adam(m.parameters(), { lr }), progress: 'none' });
        return { 'hr@10': task.hr(m) };
      },
      { sortBy: 'hr@10' },
    );
    expect(rows).toHaveLength(4);
    // A learning rate of 1e-4 barely moves N(0, 0.01) factors in one epoch: both such rows rank last.
    expect(rows.slice(2).map((r) => r.params.lr)).toEqual([0.0001, 0.0001]);
    expect(rows[0]!.metrics['hr@10']).toBeGreaterThan(task.popularityHr);
    const table = formatGrid(rows).split('\n');
    expect(table[0]).toMatch(/^lr\s+factors\s+hr@10\s+seconds$/);
    expect(table[1]).toMatch(/^-+\s+-+\s+-+\s+-+$/);
    expect(table).toHaveLength(6);
    const cells = table[2]!.split(/\s+/);
    expect(cells).toEqual(['0.01', String(rows[0]!.params.factors), rows[0]!.metrics['hr@10']!.toFixed(4), rows[0]!.seconds.toFixed(1)]);
  });
});

describe('formatGrid', () => {
  it('aligns columns, JSON-encodes parameters and fixes metrics to 4 decimals', () => {
    const text = formatGrid([
      { params: { layers: [64, 32], act: 'relu' }, metrics: { hr: 0.61234 }, seconds: 12.34 },
      { params: { layers: [8], act: 'tanh' }, metrics: { hr: 0.5 }, seconds: 1 },
    ]);
    expect(text.split('\n')).toEqual([
      'layers   act     hr      seconds',
      '-------  ------  ------  -------',
      '[64,32]  "relu"  0.6123  12.3',
      '[8]      "tanh"  0.5000  1.0',
    ]);
    expect(formatGrid([])).toBe('(no rows)');
  });

  it('shows failed rows with "-" for metrics and their error in a last column', () => {
    const text = formatGrid([
      { params: { lr: 0.01 }, metrics: { rmse: 0.91, mae: 0.7 }, seconds: 2 },
      { params: { lr: 50 }, metrics: {}, seconds: 0.25, error: 'predictions: prediction 0 is NaN\n  at step 3' },
    ]);
    expect(text.split('\n')).toEqual([
      'lr    rmse    mae     seconds  error',
      '----  ------  ------  -------  --------------------------------------------------',
      '0.01  0.9100  0.7000  2.0',
      '50    -       -       0.3      failed: predictions: prediction 0 is NaN at step 3',
    ]);
    // Metric columns come from every row, even when the first row failed.
    const first = formatGrid([
      { params: { lr: 50 }, metrics: {}, seconds: 0, error: 'x' },
      { params: { lr: 0.01 }, metrics: { hr: 0.5 }, seconds: 1 },
    ]).split('\n');
    expect(first[0]).toBe('lr    hr      seconds  error');
    expect(first[2]).toBe('50    -       0.0      failed: x');
  });

  it('prints functions (LR schedules) by name or source, undefined as undefined, nested ones too', () => {
    function warmup(t: number, lr: number): number {
      return lr * Math.min(1, t);
    }
    const anon = [(t: number, lr: number): number => lr / (1 + t)][0]!;
    expect(formatGridValue(warmup)).toBe('[function warmup]');
    expect(formatGridValue(anon)).toMatch(/^\[function \(t, ?lr\) ?=> ?lr ?\/ ?\(1 ?\+ ?t\)\]$/);
    expect(formatGridValue(undefined)).toBe('undefined');
    expect(formatGridValue(3n)).toBe('3n');
    expect(formatGridValue('relu')).toBe('"relu"');
    expect(formatGridValue([1, undefined])).toBe('[1,"undefined"]');
    expect(formatGridValue({ schedule: warmup })).toBe('{"schedule":"[function warmup]"}');
    const text = formatGrid([
      { params: { schedule: warmup, dropout: undefined }, metrics: { hr: 0.5 }, seconds: 1 },
      { params: { schedule: stepLr(2, 0.5), dropout: 0.1 }, metrics: { hr: 0.4 }, seconds: 1 },
    ]).split('\n');
    expect(text[2]).toMatch(/^\[function warmup\] +undefined  0\.5000  1\.0$/);
    expect(text[3]).toMatch(/^\[function \(t, ?lr\) ?=> ?lr ?\* ?gamma.{0,20}\]\s+0\.1\s+0\.4000\s+1\.0$/);
  });
});
