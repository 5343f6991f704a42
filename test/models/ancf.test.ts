import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lastItems } from '../../src/data/batch-history.js';
import { sampleTestNegatives } from '../../src/data/negative-samplers.js';
import { splitHeldOutUsers } from '../../src/data/split-cold-start.js';
import { syntheticInteractions } from '../../src/data/synthetic.js';
import { buildTimeline } from '../../src/data/timeline.js';
import { ArgumentError, ShapeError } from '../../src/errors.js';
import { evaluateColdStart } from '../../src/eval/coldstart.js';
import { Popularity } from '../../src/models/baselines/popularity.js';
import { ANCF } from '../../src/models/ancf.js';
import type { Batch } from '../../src/models/batch.js';
import { Rng } from '../../src/tensor/rng.js';
import { historySource } from '../../src/train/sources.js';
import { expectPass } from '../gradcheck/fixtures.js';
import { checkModel, distinct, randomBatch, randomize, syntheticTask, TASK, touchedRows, train } from './fixtures.js';

/**
 * A batch with random right-padded histories: lengths in [0, L] (zero included),
 * real slots drawn from items [0, numItems - 1), padding filled with the last item,
 * so any gradient reaching the padding shows up as a touched key row numItems - 1.
 */
function historyBatch(rng: Rng, numUsers: number, numItems: number, n: number, L: number): Batch {
  const b = randomBatch(rng, numUsers, numItems, n);
  const pad = numItems - 1;
  const history = new Int32Array(n * L).fill(pad);
  const lengths = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    lengths[r] = r === 0 ? 0 : rng.int(L + 1);
    for (let j = 0; j < lengths[r]!; j++) history[r * L + j] = rng.int(numItems - 1);
  }
  return { ...b, history, lengths, historyLength: L };
}

function realHistoryItems(b: Batch): number[] {
  const out: number[] = [];
  for (let r = 0; r < b.size; r++) for (let j = 0; j < b.lengths![r]!; j++) out.push(b.history![r * b.historyLength! + j]!);
  return distinct(out);
}

const cases = fc.record({
  numUsers: fc.integer({ min: 1, max: 4 }),
  numItems: fc.integer({ min: 2, max: 6 }),
  n: fc.integer({ min: 1, max: 6 }),
  L: fc.integer({ min: 1, max: 4 }),
  factors: fc.integer({ min: 1, max: 3 }),
  scoring: fc.constantFrom<'mlp' | 'dot'>('mlp', 'dot'),
  beta: fc.constantFrom(1, 0.5),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});

describe('ANCF: gradients', () => {
  it('gradcheck property: histories of random lengths (some empty), both scorers, every row of every table', () => {
    fc.assert(
      fc.property(cases, ({ numUsers, numItems, n, L, factors, scoring, beta, seed }) => {
        const rng = new Rng(seed);
        const m = new ANCF({ numUsers, numItems, factors, layers: [4, 3], historyLength: L, scoring, beta, attentionDim: 2, userDropout: 0, dtype: 'float64', seed });
        randomize(m, rng);
        const batch = historyBatch(rng, numUsers, numItems, n, L);
        expectPass(checkModel(m, batch));
        const rows = touchedRows(m, batch);
        // The unknown-user row (numUsers) is never touched without user dropout.
        expect(rows['user.weight']).toEqual(distinct(batch.users));
        expect(rows['mlp.user.weight']).toEqual(distinct(batch.users));
        expect(rows['item.weight']).toEqual(distinct(batch.items));
        expect(rows['mlp.item.weight']).toEqual(distinct(batch.items));
        // Padding gets no gradient at all: only real history slots reach the key table.
        expect(rows['keys.weight']).toEqual(realHistoryItems(batch));
      }),
      { numRuns: 25 },
    );
  });

  it('user dropout sends a share of the samples to the unknown-user row during training only', () => {
    const m = new ANCF({ numUsers: 5, numItems: 6, factors: 2, layers: [4, 2], historyLength: 3, userDropout: 0.5, seed: 3 });
    const batch = historyBatch(new Rng(1), 5, 6, 40, 3);
    expect(touchedRows(m, batch)['user.weight']).toContain(m.unknownUser);
    m.eval();
    expect(touchedRows(m, batch)['user.weight']).toEqual(distinct(batch.users));
  });

  it('rejects batches without histories, wrong history lengths, bad dropout and out-of-range fold-in items', () => {
    const m = new ANCF({ numUsers: 3, numItems: 4, historyLength: 2 });
    expect(() => m.forward(randomBatch(new Rng(1), 3, 4, 2))).toThrow(ShapeError);
    expect(() => m.forward(historyBatch(new Rng(1), 3, 4, 2, 3))).toThrow(/histories of length 2 \(got 3\)/);
    expect(() => new ANCF({ numUsers: 3, numItems: 4, userDropout: 1 })).toThrow(ArgumentError);
    expect(() => m.scoreFromHistory(Int32Array.of(0, 4), Int32Array.of(1), new Float32Array(1))).toThrow(/item 4 is outside \[0, 4\)/);
    expect(() => m.setHistories({ history: new Int32Array(6), lengths: new Int32Array(3), historyLength: 3 })).toThrow(/historyLength 3 differs/);
    expect(() => m.score(Int32Array.of(0), Int32Array.of(1), new Float32Array(1))).toThrow(/setHistories/);
  });

  it('scoreFromHistory scores like a known user holding the unknown row, reading only the last L items', () => {
    const m = new ANCF({ numUsers: 3, numItems: 5, factors: 2, layers: [4, 2], historyLength: 3, seed: 9 });
    randomize(m, new Rng(2));
    // Users 1 and 2 get the unknown user's ID rows; their histories are [4, 0] and [3, 4, 0].
    for (const t of [m.user.weight.value, m.mlp.user.weight.value]) for (const u of [1, 2]) t.row(u).assign(t.row(m.unknownUser));
    m.setHistories({ history: Int32Array.of(2, 2, 2, 4, 0, 1, 3, 4, 0), lengths: Int32Array.of(3, 2, 3), historyLength: 3 });
    const items = Int32Array.of(0, 1, 2, 3, 4);
    const scores = (u: number): number[] => {
      const out = new Float32Array(5);
      m.score(new Int32Array(5).fill(u), items, out);
      return Array.from(out);
    };
    const folded = (h: number[]): number[] => {
      const out = new Float32Array(5);
      m.scoreFromHistory(Int32Array.from(h), items, out);
      return Array.from(out);
    };
    expect(folded([4, 0])).toEqual(scores(1));
    expect(folded([1, 2, 3, 4, 0])).toEqual(scores(2));
    expect(folded([4, 0])).not.toEqual(scores(2));
    expect(folded([])).toHaveLength(5);
  });
});

describe('ANCF: training on synthetic data', () => {
  it('beats popularity on the leave-one-out test, scoring with each user\'s last L training items', async () => {
    const task = syntheticTask();
    const L = 10;
    const m = new ANCF({ numUsers: task.numUsers, numItems: task.numItems, factors: 16, layers: [32, 16, 8], historyLength: L });
    await train(m, historySource(task.split.train, { batchSize: 256, negatives: 4, rng: new Rng(3), historyLength: L }), { epochs: 3 });
    m.setHistories(lastItems(task.split.train, { historyLength: L }));
    // measured: HR@10 0.525 against popularity's 0.245
    expect(task.hr(m)).toBeGreaterThan(task.popularityHr + 0.15);
  });

  it('fold-in: held-out users scored from their history alone rank their next item above popularity', async () => {
    const { interactions } = syntheticInteractions({ ...TASK, users: 300 });
    const split = splitHeldOutUsers(interactions, { rng: new Rng(5), testRatio: 0.2 });
    const L = 10;
    const m = new ANCF({ numUsers: 300, numItems: TASK.items, factors: 16, layers: [32, 16, 8], historyLength: L, userDropout: 0.2 });
    await train(m, historySource(split.train, { batchSize: 256, negatives: 4, rng: new Rng(3), historyLength: L }), { epochs: 3 });
    // Each cold user's history is everything but their latest item, which is the positive.
    const tl = buildTimeline(split.test);
    const lastRows: number[] = [];
    for (let u = 0; u < 300; u++) if (tl.offsets[u + 1]! - tl.offsets[u]! >= 2) lastRows.push(tl.rows[tl.offsets[u + 1]! - 1]!);
    const targets = split.test.select(lastRows);
    const negatives = sampleTestNegatives(interactions, targets, 99, new Rng(8));
    const users = lastRows.map((r, k) => {
      const u = split.test.users[r]!;
      return { history: tl.items.slice(tl.offsets[u]!, tl.offsets[u + 1]! - 1), positive: targets.items[k]!, negatives: negatives[k]! };
    });
    const pop = new Popularity(split.train);
    const popScores = (_h: Int32Array, items: Int32Array, out: Float32Array): void => pop.score(items, items, out);
    const viaAncf = evaluateColdStart(users, {
      numItems: TASK.items,
      foldIn: (h, items, out) => (m.scoreFromHistory(h, items, out), true),
      fallback: popScores,
    });
    const viaPop = evaluateColdStart(users, { numItems: TASK.items, fallback: popScores });
    // measured over 60 cold users: HR@10 0.50 (NDCG 0.30) by fold-in, 0.317 (0.178) by popularity
    expect(viaAncf.foldIn.rows).toBe(users.length);
    expect(viaAncf.overall.hr).toBeGreaterThan(viaPop.overall.hr + 0.1);
  });
});

describe('ANCF: inputs it cannot read correctly are refused', () => {
  it('left-padded histories, in batches or in setHistories, are an ArgumentError', () => {
    const { interactions } = syntheticInteractions({ users: 20, items: 30, perUser: 5, seed: 3 });
    const m = new ANCF({ numUsers: interactions.numUsers, numItems: interactions.numItems, historyLength: 3 });
    expect(() => m.setHistories(lastItems(interactions, { historyLength: 3, padding: 'left' }))).toThrow(ArgumentError);
    expect(() => m.setHistories(lastItems(interactions, { historyLength: 3 }))).not.toThrow();
    const batch: Batch = {
      size: 1, users: Int32Array.of(0), items: Int32Array.of(1), labels: Float32Array.of(1),
      history: Int32Array.of(0, 0, 2), lengths: Int32Array.of(1), historyLength: 3, padding: 'left',
    };
    expect(() => m.forward(batch)).toThrow(/left-padded/);
  });

  it('historyLength must be a positive integer', () => {
    for (const L of [0, -1, 2.5, Number.NaN]) {
      expect(() => new ANCF({ numUsers: 2, numItems: 3, historyLength: L })).toThrow(ArgumentError);
      expect(() => new ANCF({ numUsers: 2, numItems: 3, historyLength: L })).toThrow(`ANCF: historyLength: must be a positive integer, got ${L}`);
    }
    expect(new ANCF({ numUsers: 2, numItems: 3, historyLength: 1 }).historyLength).toBe(1);
  });

  it('setHistories refuses a length outside [0, L] or an item outside the catalogue, naming the user', () => {
    const m = new ANCF({ numUsers: 3, numItems: 4, historyLength: 3 });
    const h = () => ({ history: Int32Array.of(0, 1, 2, 3, 0, 0, 2, 0, 0), lengths: Int32Array.of(3, 1, 1), historyLength: 3 });
    expect(() => m.setHistories(h())).not.toThrow();
    const long = h();
    long.lengths[2] = 4; // would read user 3's slot, or past the end: a kernel ShapeError later
    expect(() => m.setHistories(long)).toThrow(ArgumentError);
    expect(() => m.setHistories(long)).toThrow('histories: user 2: length 4 is outside [0, 3]');
    const negative = h();
    negative.lengths[1] = -1;
    expect(() => m.setHistories(negative)).toThrow('histories: user 1: length -1 is outside [0, 3]');
    const item = h();
    item.history[4] = 4;
    item.lengths[1] = 2;
    expect(() => m.setHistories(item)).toThrow('histories: user 1, slot 1: item 4 is outside [0, 4)');
    // A refused history leaves the previous one in place.
    const out = new Float32Array(1);
    m.score(Int32Array.of(2), Int32Array.of(1), out);
    expect(Number.isFinite(out[0])).toBe(true);
  });

  it('an l2 penalty it does not implement is refused rather than ignored', () => {
    expect(() => new ANCF({ numUsers: 2, numItems: 2, l2: 0.1 })).toThrow(/l2/);
  });
});
