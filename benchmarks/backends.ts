/**
 * End to end on each backend: one training epoch and scoring every user against
 * every item, for MF (64 factors, batch 4096) and NeuMF (the NCF recipe), on the
 * CPU backend and on a gpu.js mode with its measured thresholds and with every
 * call forced onto the device. One JSON object on stdout, a line per run on stderr.
 * The training rate includes gpu.js's kernel builds (once per kernel and shape, a
 * few dozen per model); scoring is the median of repeated calls after one warm-up.
 *
 *   xvfb-run -a npx tsx benchmarks/backends.ts --data ../shared/data/ml-100k-ncf [--mode headlessgl] [--epochs 1]
 *
 * The kernel-level sweep behind the thresholds is `benchmarks/kernels.ts --gpu`.
 */
import { resolve } from 'node:path';
import { setBackend } from '../src/backend/index.js';
import type { ThresholdChoice } from '../kernels/gpu/thresholds.js';
import { loadNcf } from '../src/data/ncf.js';
import { MF } from '../src/models/mf.js';
import type { RecModel } from '../src/models/model.js';
import { NeuMF } from '../src/models/ncf.js';
import { Adam } from '../src/optim/adam.js';
import { Rng } from '../src/tensor/rng.js';
import { fit } from '../src/train/fit.js';
import { pointwiseSource } from '../src/train/sources.js';
import { flag, numberFlag, requireNcfPrefix, timeIt } from './util.js';

const data = resolve(flag('data') ?? process.env.ANCF_DATA ?? '../shared/data/ml-100k-ncf');
const mode = flag('mode', 'headlessgl')!;
const epochs = numberFlag('epochs', 1, { integer: true, min: 1 });
const prefix = requireNcfPrefix(data);
const d = await loadNcf(data, prefix);

interface Run {
  readonly label: string;
  readonly backend: 'cpu' | 'gpu';
  readonly thresholds?: ThresholdChoice;
}
const runs: Run[] = [
  { label: 'cpu', backend: 'cpu' },
  { label: `${mode} (measured thresholds)`, backend: 'gpu', thresholds: 'measured' },
  { label: `${mode} (every call on the device)`, backend: 'gpu', thresholds: 'none' },
];
const models: ReadonlyArray<{ name: string; batch: number; make: () => RecModel }> = [
  { name: 'mf', batch: 4096, make: () => new MF({ numUsers: d.train.numUsers, numItems: d.train.numItems, factors: 64, seed: 42 }) },
  { name: 'neumf', batch: 256, make: () => new NeuMF({ numUsers: d.train.numUsers, numItems: d.train.numItems, factors: 8, dropout: 0.2, seed: 42 }) },
];

const users = Int32Array.from({ length: d.train.numUsers }, (_, u) => u);
const scores = new Float32Array(users.length * d.train.numItems);
const results: object[] = [];
for (const run of runs) {
  const backend = await setBackend(run.backend, run.backend === 'gpu' ? { mode, thresholds: run.thresholds!, log: (m) => console.error(m) } : {});
  for (const spec of models) {
    const model = spec.make();
    const source = pointwiseSource(d.train, { batchSize: spec.batch, negatives: 4, rng: new Rng(1) });
    const history = await fit(model, source, { epochs, optimizer: new Adam(model.parameters(), { lr: 0.002 }), progress: 'none' });
    const scoring = timeIt(() => model.scoreAll(users, scores), 1, 1);
    const samples = history.epochs.reduce((s, e) => s + e.samples, 0);
    const seconds = history.epochs.reduce((s, e) => s + e.seconds, 0);
    const row = {
      run: run.label,
      model: spec.name,
      batch: spec.batch,
      samplesPerSecond: Math.round(samples / seconds),
      scoreAllMs: +(scoring.seconds * 1000).toFixed(2),
      finalLoss: history.epochs.at(-1)!.loss,
      backend: backend.describe(),
    };
    results.push(row);
    console.error(JSON.stringify(row));
  }
}
console.log(JSON.stringify({ benchmark: 'backends', date: new Date().toISOString(), node: process.version, data, epochs, results }, null, 2));
