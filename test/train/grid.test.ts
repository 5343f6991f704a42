import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { MF } from '../../src/models/mf.js';
import { Adam } from '../../src/optim/adam.js';
import { Rng } from '../../src/tensor/rng.js';
import { fit } from '../../src/train/fit.js';
import { formatGrid, gridPoints, gridSearch } from '../../src/train/grid.js';
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
    expect(low.every((r) => r.seconds >= 0)).toBe(true);
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
    expect(table[2]).toMatch(new RegExp(`^0\\.01\\s+\\d+\\s+${rows[0]!.metrics['hr@10']!.toFixed(4)}\\s+\\d+\\.\\d$`));
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
});
