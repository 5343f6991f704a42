import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../../src/errors.js';
import { Ease } from '../../../src/models/baselines/ease.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { fromTriples } from '../../data/fixtures.js';
import { syntheticTask } from '../fixtures.js';
import { denseRef, expectClose, expectFoldInMatchesUsers, expectScores, interactions } from './fixtures.js';

describe('Ease', () => {
  it('B solves the constrained least squares: diag(B) = 0 and ((XᵀX + λI) B - XᵀX)_ij = 0 off the diagonal', () => {
    fc.assert(
      fc.property(interactions, fc.constantFrom(1, 10, 500), (x, lambda) => {
        const ease = new Ease(x, { lambda });
        const X = denseRef(x);
        const m = x.numItems;
        const G = Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, j) => X.reduce((s, row) => s + row[i]! * row[j]!, 0)));
        const B = (i: number, j: number): number => ease.weights.data[i * m + j]!;
        for (let i = 0; i < m; i++) {
          expect(B(i, i)).toBe(0);
          for (let j = 0; j < m; j++) {
            if (i === j) continue;
            let r = -G[i]![j]!;
            for (let k = 0; k < m; k++) r += (G[i]![k]! + (i === k ? lambda : 0)) * B(k, j);
            expect(Math.abs(r)).toBeLessThan(1e-4);
          }
        }
      }),
    );
  });

  it('scores are X B: score, scoreAll and scoreHistories agree', () => {
    fc.assert(
      fc.property(interactions, (x) => {
        const ease = new Ease(x, { lambda: 5 });
        const X = denseRef(x);
        const m = x.numItems;
        const ref = X.flatMap((row) => Array.from({ length: m }, (_, i) => row.reduce((s, v, j) => s + v * ease.weights.data[j * m + i]!, 0)));
        expectScores(ease, x, ref);
        const fold = Tensor.zeros([x.numUsers, m]);
        ease.scoreHistories(Tensor.from(X), fold);
        expectClose(fold.data, ref);
      }),
    );
  });

  it('fold-in: scoreFromHistory(H) = 1_H B, repeats counted once, equals the user\'s own scores for their items', () => {
    fc.assert(
      fc.property(interactions, fc.array(fc.nat(5), { minLength: 1, maxLength: 7 }), (x, reps) => {
        expectFoldInMatchesUsers(new Ease(x, { lambda: 3 }), x, reps);
      }),
    );
  });

  it('rejects lambda <= 0', () => {
    const x = fromTriples([[0, 1], [1, 0]]);
    expect(() => new Ease(x, { lambda: 0 })).toThrow(ArgumentError);
    expect(() => new Ease(x, { lambda: -1 })).toThrow(/lambda: must be > 0, got -1/);
  });

  it('beats popularity by a wide margin on synthetic data (measured HR@10 0.57 vs 0.245)', () => {
    const task = syntheticTask();
    expect(task.hr(new Ease(task.split.train))).toBeGreaterThan(task.popularityHr + 0.2);
  });
});
