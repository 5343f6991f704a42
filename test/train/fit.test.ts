import { describe, expect, it } from 'vitest';
import { syntheticInteractions } from '../../src/data/synthetic.js';
import { ArgumentError } from '../../src/errors.js';
import { ANCF } from '../../src/models/ancf.js';
import type { Batch } from '../../src/models/batch.js';
import { MF } from '../../src/models/mf.js';
import type { RecModel } from '../../src/models/model.js';
import { NeuMF } from '../../src/models/ncf.js';
import { Adagrad } from '../../src/optim/adagrad.js';
import { Adam, AdamW } from '../../src/optim/adam.js';
import type { Optimizer } from '../../src/optim/optimizer.js';
import { cosineLr, stepLr } from '../../src/optim/schedules.js';
import { SGD } from '../../src/optim/sgd.js';
import { Rng } from '../../src/tensor/rng.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { fit, type LossName } from '../../src/train/fit.js';
import { historySource, pairwiseSource, pointwiseSource, ratingSource } from '../../src/train/sources.js';
import type { EpochSource } from '../../src/train/types.js';
import { expectSameState, snapshot, syntheticTask, TASK } from '../models/fixtures.js';
import { fixedSource, LogitsModel, RecordingSGD, sigmoid, softplus } from './fixtures.js';

const quiet = { progress: 'none' } as const;

describe('fit: losses and their gradients', () => {
  const logits = [2, -1, 0.5, -3];
  const labels = [1, 0, 0, 1];

  it('bce: mean softplus(z) - y z, gradient (σ(z) - y) / n', async () => {
    const m = new LogitsModel(logits);
    const h = await fit(m, fixedSource([{ labels }]), { epochs: 1, optimizer: new SGD(m.parameters(), { lr: 0 }), loss: 'bce', ...quiet });
    const want = logits.reduce((s, z, k) => s + softplus(z) - labels[k]! * z, 0) / 4;
    expect(h.epochs[0]!.loss).toBeCloseTo(want, 12);
    m.grads[0]!.forEach((g, k) => expect(g).toBeCloseTo((sigmoid(logits[k]!) - labels[k]!) / 4, 12));
  });

  it('mse: mean (z - y)², gradient 2 (z - y) / n', async () => {
    const m = new LogitsModel(logits);
    const h = await fit(m, fixedSource([{ labels: [3, 1, 0, -2] }]), { epochs: 1, optimizer: new SGD(m.parameters(), { lr: 0 }), loss: 'mse', ...quiet });
    expect(h.epochs[0]!.loss).toBeCloseTo((1 + 4 + 0.25 + 1) / 4, 12);
    expect(m.grads[0]).toEqual([-0.5, -1, 0.25, -0.5]);
  });

  it('bpr: [positives | negatives], mean softplus(-(s⁺ - s⁻)), gradient ∓σ(-(s⁺ - s⁻)) / pairs', async () => {
    const m = new LogitsModel(logits);
    const h = await fit(m, fixedSource([{ labels: [1, 1, 0, 0] }]), { epochs: 1, optimizer: new SGD(m.parameters(), { lr: 0 }), loss: 'bpr', ...quiet });
    const d = [logits[0]! - logits[2]!, logits[1]! - logits[3]!];
    expect(h.epochs[0]!.loss).toBeCloseTo((softplus(-d[0]!) + softplus(-d[1]!)) / 2, 12);
    expect(h.epochs[0]!.samples).toBe(2); // pairs
    const s = d.map((x) => sigmoid(-x) / 2);
    m.grads[0]!.forEach((g, k) => expect(g).toBeCloseTo([-s[0]!, -s[1]!, s[0]!, s[1]!][k]!, 12));
  });

  it('the running loss the progress bar shows is the epoch loss, for bpr as for the others', async () => {
    for (const loss of ['bce', 'mse', 'bpr'] as const) {
      const m = new LogitsModel([0.3, -1, 2, 0.1]);
      const shown: number[] = [];
      const h = await fit(m, fixedSource(loss === 'bpr' ? [{ labels: [1, 1, 0, 0] }, { labels: [1, 0] }] : [{ labels: [1, 0, 1, 0] }, { labels: [0, 1] }]), {
        epochs: 1,
        optimizer: new SGD(m.parameters(), { lr: 0 }),
        loss,
        progress: { batch: (_e, _d, _t, _s, _sec, l) => void shown.push(l), epoch() {} },
      });
      expect(shown.at(-1)).toBeCloseTo(h.epochs[0]!.loss, 12);
    }
  });

  it('bpr is stable for large score gaps, and an odd batch is an ArgumentError', async () => {
    const m = new LogitsModel([800, -800, -800, 800]);
    const h = await fit(m, fixedSource([{ labels: [1, 1, 0, 0] }]), { epochs: 1, optimizer: new SGD(m.parameters(), { lr: 0 }), loss: 'bpr', ...quiet });
    expect(h.epochs[0]!.loss).toBeCloseTo(1600 / 2, 9);
    expect(m.grads[0]!.every(Number.isFinite)).toBe(true);
    const odd = new LogitsModel([1, 2, 3]);
    await expect(fit(odd, fixedSource([{ labels: [1, 0, 0] }]), { epochs: 1, optimizer: new SGD(odd.parameters()), loss: 'bpr', ...quiet })).rejects.toThrow(
      /loss: bpr needs batches of \[positives \| negatives\], got an odd size 3/,
    );
  });

  it('bpr refuses batches that are not [positive | negative] pairs of one user (a pointwise source), before training', async () => {
    const cases: Array<[{ labels: number[]; users?: number[] }, RegExp]> = [
      [{ labels: [0, 1, 0, 0] }, /but sample 0 \(a positive\) has label 0$/],
      [{ labels: [1, 1, 1, 0] }, /but sample 2 \(a negative\) has label 1$/],
      [{ labels: [1, 1, 0, 0], users: [3, 4, 3, 5] }, /but pair 1 mixes users 4 and 5$/],
    ];
    for (const [batch, why] of cases) {
      const m = new LogitsModel([1, 2, 3, 4]);
      const run = fit(m, fixedSource([batch]), { epochs: 1, optimizer: new SGD(m.parameters()), loss: 'bpr', ...quiet });
      await expect(run).rejects.toThrow(ArgumentError);
      await expect(fit(m, fixedSource([batch]), { epochs: 1, optimizer: new SGD(m.parameters()), loss: 'bpr', ...quiet })).rejects.toThrow(
        /^loss: 'bpr' needs batches of \[positives \| negatives\] pairs, label 1 then 0 for the same user \(use pairwiseSource\)/,
      );
      await expect(fit(m, fixedSource([batch]), { epochs: 1, optimizer: new SGD(m.parameters()), loss: 'bpr', ...quiet })).rejects.toThrow(why);
      expect(m.grads).toHaveLength(0);
    }
    // The real thing: pointwiseSource's shuffled batches are refused, pairwiseSource's accepted.
    const { interactions } = syntheticInteractions({ users: 20, items: 30, perUser: 6, popularityExponent: 0.5, rank: 2, signal: 4, seed: 1 });
    const mf = () => new MF({ numUsers: 20, numItems: 30, factors: 2, seed: 1 });
    const a = mf();
    await expect(fit(a, pointwiseSource(interactions, { batchSize: 16, negatives: 3, rng: new Rng(1) }), { epochs: 1, optimizer: new Adam(a.parameters()), loss: 'bpr', ...quiet })).rejects.toThrow(/use pairwiseSource/);
    const b = mf();
    const h = await fit(b, pairwiseSource(interactions, { batchSize: 16, negatives: 1, rng: new Rng(1) }), { epochs: 1, optimizer: new Adam(b.parameters()), loss: 'bpr', ...quiet });
    expect(h.epochs[0]!.samples).toBe(interactions.length);
  });

  it('the epoch loss is the sample-weighted mean over batches of different sizes', async () => {
    const m = new LogitsModel([1, 1, 1]);
    const h = await fit(m, fixedSource([{ labels: [0, 0, 0] }, { labels: [3] }]), { epochs: 1, optimizer: new SGD(m.parameters(), { lr: 0 }), loss: 'mse', ...quiet });
    expect(h.epochs[0]!.loss).toBeCloseTo((1 + 1 + 1 + 4) / 4, 12);
    expect(h.epochs[0]!.samples).toBe(4);
  });

  it('rejects a bad epoch count', async () => {
    const m = new LogitsModel([0]);
    for (const epochs of [-1, 1.5, Number.NaN]) {
      await expect(fit(m, fixedSource([{ labels: [1] }]), { epochs, optimizer: new SGD(m.parameters()), ...quiet })).rejects.toThrow(ArgumentError);
    }
  });
});

describe('fit: training MF on synthetic data, every loss decreases', () => {
  const task = syntheticTask();
  const make = (): MF => new MF({ numUsers: task.numUsers, numItems: task.numItems, factors: 8, globalBias: 0 });
  const cases: Array<[LossName, () => EpochSource, () => MF]> = [
    ['bce', () => pointwiseSource(task.split.train, { batchSize: 256, negatives: 4, rng: new Rng(1) }), make],
    ['bpr', () => pairwiseSource(task.split.train, { batchSize: 256, negatives: 1, rng: new Rng(1) }), make],
    ['mse', () => ratingSource(task.split.train, { batchSize: 128, rng: new Rng(1) }), () => new MF({ numUsers: task.numUsers, numItems: task.numItems, factors: 8, globalBias: 4 })],
  ];
  for (const [loss, source, build] of cases) {
    it(`${loss}: the last epoch's loss is well below the first's`, async () => {
      const m = build();
      const h = await fit(m, source(), { epochs: 4, optimizer: new Adam(m.parameters(), { lr: 0.01 }), loss, ...quiet });
      const l = h.epochs.map((e) => e.loss);
      for (let e = 1; e < l.length; e++) expect(l[e]).toBeLessThan(l[e - 1]!);
      expect(l.at(-1)).toBeLessThan(0.8 * l[0]!);
    });
  }
});

describe('fit: options', () => {
  it('a schedule sets optimizer.lr at the start of every epoch, from the rate the optimizer started with', async () => {
    for (const schedule of [stepLr(1, 0.5), cosineLr(3, 0.01)]) {
      const m = new LogitsModel([0, 0]);
      const opt = new RecordingSGD(m.parameters(), { lr: 0.8 });
      const h = await fit(m, fixedSource([{ labels: [1, 0] }, { labels: [0, 1] }]), { epochs: 4, optimizer: opt, schedule, ...quiet });
      const want = [0, 1, 2, 3].map((e) => schedule(e, 0.8));
      expect(opt.lrs).toEqual(want.flatMap((lr) => [lr, lr]));
      expect(h.epochs.map((e) => e.lr)).toEqual(want);
    }
  });

  it('stops with a typed error when a schedule gives a negative rate, before that epoch trains', async () => {
    const m = new LogitsModel([0, 0]);
    const opt = new RecordingSGD(m.parameters(), { lr: 1 });
    const run = fit(m, fixedSource([{ labels: [1, 0] }]), { epochs: 4, optimizer: opt, schedule: (t, lr) => lr - 0.5 * t, ...quiet });
    await expect(run).rejects.toThrow(ArgumentError);
    await expect(run).rejects.toThrow('schedule: gave learning rate -0.5 at t = 3 (base rate 1)');
    expect(opt.lrs).toEqual([1, 0.5, 0]);
  });

  it('clipNorm scales the global gradient norm down to the limit, and leaves smaller norms alone', async () => {
    const logits = [5, -4, 3, 6];
    const labels = [0, 1, 0, 0];
    const run = async (clipNorm?: number): Promise<number[]> => {
      const m = new LogitsModel(logits);
      const opt = new RecordingSGD(m.parameters(), { lr: 0.1 });
      await fit(m, fixedSource([{ labels }]), { epochs: 3, optimizer: opt, loss: 'bce', ...(clipNorm ? { clipNorm } : {}), ...quiet });
      return opt.norms;
    };
    const free = await run();
    expect(free[0]).toBeGreaterThan(0.3);
    const clipped = await run(0.05);
    for (const n of clipped) expect(n).toBeCloseTo(0.05, 12);
    expect((await run(100))[0]).toBe(free[0]);
    expect((await run(Infinity))[0]).toBe(free[0]);
  });

  it('a clipNorm that is not > 0 is an ArgumentError naming clipNorm, before any batch trains', async () => {
    for (const clipNorm of [0, -1, Number.NaN]) {
      const m = new LogitsModel([0.5]);
      await expect(fit(m, fixedSource([{ labels: [1] }]), { epochs: 1, optimizer: new SGD(m.parameters(), { lr: 1 }), clipNorm, ...quiet })).rejects.toThrow(
        `clipNorm: must be a number > 0 (Infinity: no clipping), got ${clipNorm}`,
      );
      expect(m.grads).toHaveLength(0);
      expect(m.w.value.data[0]).toBe(0.5);
    }
  });

  it('calls onTrainBegin once per run, before the first epoch', async () => {
    const m = new LogitsModel([0]);
    const events: string[] = [];
    const cb = { onTrainBegin: (model: unknown) => void events.push(model === m ? 'begin' : 'begin(other)'), onEpochEnd: () => void events.push('epoch') };
    await fit(m, fixedSource([{ labels: [1] }]), { epochs: 2, optimizer: new SGD(m.parameters()), callbacks: [cb], ...quiet });
    await fit(m, fixedSource([{ labels: [1] }]), { epochs: 1, optimizer: new SGD(m.parameters()), callbacks: [cb], ...quiet });
    expect(events).toEqual(['begin', 'epoch', 'epoch', 'begin', 'epoch']);
  });

  it('validate runs after every epoch in eval mode; its metrics are logged, shown and passed to callbacks', async () => {
    const m = new LogitsModel([0.5]);
    const seen: Array<[number, boolean]> = [];
    const lines: string[] = [];
    const logged: number[] = [];
    const h = await fit(m, fixedSource([{ labels: [1] }]), {
      epochs: 3,
      optimizer: new SGD(m.parameters(), { lr: 0.1 }),
      validate: (epoch) => {
        seen.push([epoch, m.training]);
        return { 'hr@10': epoch / 10 };
      },
      callbacks: [{ onEpochEnd: (log) => void logged.push(log.metrics['hr@10']!) }],
      progress: { batch() {}, epoch: (line) => void lines.push(line) },
    });
    expect(seen).toEqual([[0, false], [1, false], [2, false]]);
    expect(h.epochs.map((e) => e.metrics)).toEqual([{ 'hr@10': 0 }, { 'hr@10': 0.1 }, { 'hr@10': 0.2 }]);
    expect(logged).toEqual([0, 0.1, 0.2]);
    expect(lines[2]).toMatch(/^epoch 3\/3 loss \d\.\d{4} \d+ samples\/s [\d.]+s hr@10 0\.2000$/);
    expect(m.training).toBe(false);
  });

  it('a callback returning "stop" ends training after that epoch, and onTrainEnd still runs', async () => {
    const m = new LogitsModel([0]);
    let ended = 0;
    const h = await fit(m, fixedSource([{ labels: [1] }]), {
      epochs: 10,
      optimizer: new SGD(m.parameters()),
      callbacks: [{ onEpochEnd: (log) => (log.epoch === 2 ? 'stop' : undefined), onTrainEnd: (hist) => void (ended = hist.epochs.length) }],
      ...quiet,
    });
    expect(h.stoppedEarly).toBe(true);
    expect(h.epochs).toHaveLength(2);
    expect(ended).toBe(2);
  });
});

describe('fit: determinism on the CPU backend', () => {
  const train = syntheticInteractions({ ...TASK, users: 60, items: 80, perUser: 12 }).interactions;
  const L = 5;
  const builders = {
    neumf: (seed: number) => new NeuMF({ numUsers: 60, numItems: 80, factors: 4, layers: [8, 4], dropout: 0.2, seed }),
    ancf: (seed: number) => new ANCF({ numUsers: 60, numItems: 80, factors: 4, layers: [8, 4], historyLength: L, userDropout: 0.3, seed }),
  };
  const run = async (kind: keyof typeof builders, modelSeed: number, dataSeed: number): Promise<Record<string, Tensor>> => {
    const m = builders[kind](modelSeed);
    const opts = { batchSize: 64, negatives: 2, rng: new Rng(dataSeed) };
    const source = kind === 'ancf' ? historySource(train, { ...opts, historyLength: L }) : pointwiseSource(train, opts);
    await fit(m, source, { epochs: 2, optimizer: new Adam(m.parameters(), { lr: 0.01 }), ...quiet });
    return m.stateDict();
  };

  for (const kind of ['neumf', 'ancf'] as const) {
    it(`${kind} (with dropout): the same seeds give bit-identical weights; another model or data seed does not`, async () => {
      const a = await run(kind, 1, 2);
      expectSameState(await run(kind, 1, 2), a);
      for (const other of [await run(kind, 3, 2), await run(kind, 1, 4)]) {
        expect(Object.keys(other).some((k) => other[k]!.data.some((v, i) => v !== a[k]!.data[i]))).toBe(true);
      }
    });
  }
});

describe('fit: optimizers leave embedding rows outside the batch bit-identical', () => {
  const U = 30;
  const I = 40;
  const L = 4;
  // Epoch 0 trains on users/items from the lower halves, epoch 1 on the upper halves.
  const batchOf = (rng: Rng, lo: boolean): Batch => {
    const n = 12;
    const pick = (m: number): number => (lo ? 0 : m / 2) + rng.int(m / 2);
    const users = Int32Array.from({ length: n }, () => pick(U));
    const items = Int32Array.from({ length: n }, () => pick(I));
    const history = new Int32Array(n * L).fill(lo ? I - 1 : 0); // padding: an item of the other half
    const lengths = Int32Array.from({ length: n }, (_, r) => r % (L + 1));
    for (let r = 0; r < n; r++) for (let j = 0; j < lengths[r]!; j++) history[r * L + j] = pick(I);
    return { size: n, users, items, labels: Float32Array.from({ length: n }, (_, r) => r % 2), history, lengths, historyLength: L };
  };
  const rng = new Rng(5);
  const batches = [batchOf(rng, true), batchOf(rng, false)];
  const source: EpochSource = { batchesPerEpoch: 1, epoch: (e) => [batches[e]!] };
  const optimizers: Record<string, (m: RecModel) => Optimizer> = {
    'sgd+momentum': (m) => new SGD(m.parameters(), { lr: 0.1, momentum: 0.9 }),
    adam: (m) => new Adam(m.parameters(), { lr: 0.01, weightDecay: 0.01 }),
    adamw: (m) => new AdamW(m.parameters(), { lr: 0.01, weightDecay: 0.1 }),
    adagrad: (m) => new Adagrad(m.parameters(), { lr: 0.1 }),
  };
  const models = {
    neumf: () => new NeuMF({ numUsers: U, numItems: I, factors: 3, layers: [4, 2] }),
    ancf: () => new ANCF({ numUsers: U, numItems: I, factors: 3, layers: [4, 2], historyLength: L, userDropout: 0 }),
  };
  /** Table rows whose values differ between two snapshots, per sparse table. */
  const changedRows = (m: RecModel, a: Record<string, Tensor>, b: Record<string, Tensor>): Record<string, number[]> => {
    const out: Record<string, number[]> = {};
    for (const [name, p] of m.namedParameters()) {
      if (!p.sparse) continue;
      const d = p.value.cols;
      out[name] = [];
      for (let r = 0; r < p.value.rows; r++) if (a[name]!.data.subarray(r * d, (r + 1) * d).some((v, j) => v !== b[name]!.data[r * d + j])) out[name].push(r);
    }
    return out;
  };
  const rowsOf = (b: Batch, name: string): number[] => {
    if (name.startsWith('keys')) {
      const ids: number[] = [];
      for (let r = 0; r < b.size; r++) for (let j = 0; j < b.lengths![r]!; j++) ids.push(b.history![r * L + j]!);
      return [...new Set(ids)].sort((x, y) => x - y);
    }
    return [...new Set(name.includes('user') ? b.users : b.items)].sort((x, y) => x - y);
  };

  /**
   * Rows that moved are rows of the batch. Every batch row moves, except in the MLP
   * tower's tables, where a sample whose ReLUs are all off sends exactly zero
   * gradient, so its rows may legitimately stay put.
   */
  const expectMoved = (name: string, moved: number[], batchRows: number[]): void => {
    if (name.startsWith('mlp.')) for (const r of moved) expect(batchRows, name).toContain(r);
    else expect(moved, name).toEqual(batchRows);
  };

  for (const [kind, build] of Object.entries(models)) {
    for (const [optName, makeOpt] of Object.entries(optimizers)) {
      it(`${kind} with ${optName}: a step moves exactly the batch's rows; the next step (disjoint batch) leaves them alone`, async () => {
        const m = build();
        const opt = makeOpt(m);
        const s0 = snapshot(m);
        await fit(m, source, { epochs: 1, optimizer: opt, ...quiet });
        const s1 = snapshot(m);
        for (const [name, rows] of Object.entries(changedRows(m, s0, s1))) expectMoved(name, rows, rowsOf(batches[0]!, name));
        // Second epoch: batch 1 only. Momentum and moments of batch 0's rows must not move them.
        await fit(m, { batchesPerEpoch: 1, epoch: () => [batches[1]!] }, { epochs: 1, optimizer: opt, ...quiet });
        for (const [name, rows] of Object.entries(changedRows(m, s1, snapshot(m)))) expectMoved(name, rows, rowsOf(batches[1]!, name));
      });
    }
  }
});
