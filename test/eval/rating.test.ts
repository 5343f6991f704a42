import { describe, expect, it } from 'vitest';
import { evaluateRatings } from '../../src/eval/index.js';
import { TableScorer } from './table-scorer.js';

describe('evaluateRatings', () => {
  const s = TableScorer.fromRows([
    [3, 4.5],
    [6, 1],
  ]);
  const test = { users: Int32Array.from([0, 0, 1, 1]), items: Int32Array.from([0, 1, 0, 1]), ratings: [4, 4.5, 5, 2] };

  it('hand-computed RMSE and MAE, chunked', () => {
    const r = evaluateRatings(s, test, { chunkPairs: 3 });
    // errors -1, 0, 1, -1
    expect(r.rmse).toBeCloseTo(Math.sqrt(3 / 4), 12);
    expect(r.mae).toBeCloseTo(3 / 4, 12);
    expect(s.scoreCalls).toBe(2);
  });

  it('clamps into the rating scale', () => {
    const r = evaluateRatings(s, test, { clamp: [1, 5] });
    expect(Array.from(r.predictions)).toEqual([3, 4.5, 5, 1]);
    expect(r.mae).toBeCloseTo(2 / 4, 12);
  });

  it('rejects bad input', () => {
    expect(() => evaluateRatings(s, { ...test, ratings: [1] })).toThrow(/test: users, items and ratings have 4, 4, 1/);
    expect(() => evaluateRatings(s, { ...test, items: Int32Array.from([0, 1, 0, 2]) })).toThrow(/items: triple 3: item 2/);
    expect(() => evaluateRatings(s, test, { clamp: [5, 1] })).toThrow(/clamp: needs lo <= hi/);
    expect(() => evaluateRatings(s, { ...test, ratings: [4, 3, Number.NaN, 5] })).toThrow(/^ratings: rating 2 is NaN$/);
    expect(() => evaluateRatings(s, { ...test, ratings: [Infinity, 3, 2, 5] })).toThrow(/^ratings: rating 0 is Infinity$/);
  });

  it('rejects a non-finite prediction by the same rule as a rating', () => {
    const overflow = TableScorer.fromRows([
      [3, Infinity],
      [6, 1],
    ]);
    expect(() => evaluateRatings(overflow, test)).toThrow(/^predictions: prediction 1 is Infinity$/);
    // Clamping first turns it back into a finite prediction.
    expect(evaluateRatings(overflow, test, { clamp: [1, 5] }).predictions[1]).toBe(5);
  });
});
