import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { denseMatrix } from '../../../src/models/baselines/dense.js';
import { denseRef, interactions } from './fixtures.js';

describe('denseMatrix', () => {
  it('is 1 per interacted pair, or its rating with useRatings', () => {
    fc.assert(
      fc.property(interactions, (x) => {
        expect(denseMatrix(x).toArray()).toEqual(denseRef(x));
        expect(denseMatrix(x, true).toArray()).toEqual(denseRef(x, true));
      }),
    );
  });
});
