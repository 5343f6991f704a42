import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeldOutLast } from '../../src/eval/held-out-last.js';

describe('HeldOutLast', () => {
  it('moves each row\'s held-out scores to the end, and column / item invert each other', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((m) =>
          fc.tuple(fc.constant(m), fc.array(fc.array(fc.integer({ min: 0, max: m - 1 }), { maxLength: 5 }), { minLength: 1, maxLength: 4 })),
        ),
        ([m, rows]) => {
          const n = rows.length;
          const offsets = new Int32Array(n + 1);
          rows.forEach((r, i) => (offsets[i + 1] = offsets[i]! + r.length));
          // The rows under test start at CSR row r0 = 1 (row 0 is empty), as a later chunk's do.
          const heldOut = { offsets: Int32Array.from([0, ...offsets]), indices: Int32Array.from(rows.flat()) };
          const original = Float32Array.from({ length: n * m }, (_, i) => i);
          const scores = original.slice();
          const ties = new HeldOutLast();
          ties.arrange(scores, n, m, heldOut, 1);
          rows.forEach((held, r) => {
            const distinct = [...new Set(held)].sort((a, b) => a - b);
            const others = Array.from({ length: m }, (_, j) => j).filter((j) => !distinct.includes(j));
            const expected = [...others, ...distinct].map((j) => original[r * m + j]!);
            expect(Array.from(scores.subarray(r * m, (r + 1) * m))).toEqual(expected);
            for (let j = 0; j < m; j++) {
              expect(scores[r * m + ties.column(r, j)]).toBe(original[r * m + j]);
              expect(ties.item(r, ties.column(r, j))).toBe(j);
            }
          });
          expect(ties.item(0, -1)).toBe(-1);
        },
      ),
    );
  });
});
