/**
 * Serving latency of the Recommender, as JSON on stdout. Usage:
 *   tsx benchmarks/recommend.ts [--data DIR] [--epochs 2] [--checkpoint DIR] [--save DIR] [--passes 3]
 *
 * Data: DIR (default $ANCF_DATA, else ../shared/data) holding ml-100k-ncf/ (the NCF
 * split) or ml-100k/ (u.data, every rating an interaction). With --checkpoint a saved
 * recommender is loaded instead of training; otherwise a NeuMF (factors 8, MLP
 * 64-32-16-8, the NCF defaults) trains for a few epochs: latency does not depend on
 * how well it is trained. Measured, over every user, `passes` times after a warm-up:
 * - single: recommend(user, 10), top-10 over the whole catalogue with the user's
 *   training items excluded (targets: p50 < 1 ms, p99 < 5 ms);
 * - plain: the model's own scoreAll for one user plus the topK kernel, i.e. the
 *   same work without the serving path's precomputed item part (for comparison);
 * - batch: recommendBatch(all users, 10) and exportAll(10) (target < 1 s).
 * Single-user figures come as wall time and as process CPU time per call, with the
 * 1-minute load average: on a shared machine the difference is time spent waiting.
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { getBackend } from '../src/backend/registry.js';
import { loadMovieLens100K } from '../src/data/movielens-100k.js';
import { loadNcf } from '../src/data/ncf.js';
import type { Interactions } from '../src/data/interactions.js';
import { NeuMF } from '../src/models/ncf.js';
import { Adam } from '../src/optim/adam.js';
import { Recommender } from '../src/recommend/index.js';
import { loadRecommender, saveRecommender } from '../src/recommend/node.js';
import { Tensor } from '../src/tensor/tensor.js';
import { Rng } from '../src/tensor/rng.js';
import { fit } from '../src/train/fit.js';
import { pointwiseSource } from '../src/train/sources.js';
import { flag, numberFlag } from './util.js';

async function loadData(root: string): Promise<{ name: string; train: Interactions }> {
  const ncf = resolve(root, 'ml-100k-ncf');
  if (existsSync(resolve(ncf, 'ml-100k.train.rating'))) return { name: 'ml-100k-ncf (train split)', train: (await loadNcf(ncf, 'ml-100k')).train };
  const raw = resolve(root, 'ml-100k');
  if (existsSync(resolve(raw, 'u.data'))) return { name: 'ml-100k (u.data)', train: (await loadMovieLens100K(raw, { metadata: false })).interactions };
  throw new Error(`no ML-100K data under ${root} (expected ml-100k-ncf/ or ml-100k/); pass --data or set ANCF_DATA`);
}

function percentiles(ms: number[]): { p50: number; p90: number; p99: number; mean: number; max: number; samples: number } {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), mean: s.reduce((a, b) => a + b, 0) / s.length, max: s.at(-1)!, samples: s.length };
}

function median(fn: () => void, runs: number): number {
  const t: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

async function main(): Promise<void> {
  const root = flag('data') ?? process.env.ANCF_DATA ?? resolve(import.meta.dirname, '../../shared/data');
  const passes = numberFlag('passes', 3, { integer: true, min: 1 });
  const checkpoint = flag('checkpoint');
  let rec: Recommender;
  let setup: Record<string, unknown>;
  if (checkpoint && existsSync(resolve(checkpoint, 'manifest.json'))) {
    const t0 = performance.now();
    rec = await loadRecommender(checkpoint);
    setup = { source: `checkpoint ${checkpoint}`, loadSeconds: (performance.now() - t0) / 1000 };
  } else {
    const { name, train } = await loadData(root);
    const epochs = numberFlag('epochs', 2, { integer: true, min: 0 });
    const model = new NeuMF({ numUsers: train.numUsers, numItems: train.numItems, factors: 8, layers: [64, 32, 16, 8] });
    const t0 = performance.now();
    const history = await fit(model, pointwiseSource(train, { batchSize: 256, negatives: 4, rng: new Rng(1) }), {
      epochs,
      optimizer: new Adam(model.parameters(), { lr: 1e-3 }),
      progress: 'none',
    });
    setup = { source: name, epochs, trainSeconds: (performance.now() - t0) / 1000, finalLoss: history.epochs.at(-1)?.loss ?? null };
    rec = new Recommender({ model, train });
    const save = flag('save');
    if (save) await saveRecommender(save, rec, { hyperparameters: { epochs, lr: 1e-3, batchSize: 256, negatives: 4 } });
  }
  const users = rec.userIds.ids();
  const m = rec.numItems;

  // Warm-up: JIT, the cached item part, buffers.
  for (const u of users.slice(0, 200)) rec.recommend(u, 10);
  // Wall time, and the process's CPU time per call: on a shared machine the wall
  // time includes waiting for a core, the CPU time does not.
  const single: number[] = [];
  const singleCpu: number[] = [];
  for (let p = 0; p < passes; p++) {
    for (const u of users) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      rec.recommend(u, 10);
      single.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      singleCpu.push((c.user + c.system) / 1000);
    }
  }

  const model = rec.model;
  const plain: number[] = [];
  if (model.scoreAll) {
    const out = new Float32Array(m);
    const idx = new Int32Array(10);
    const top = new Float32Array(10);
    const seen = rec.train.byUser();
    const topK = getBackend().kernels.topK;
    const run = (u: number): void => {
      model.scoreAll!(Int32Array.of(u), out);
      const ex = { offsets: Int32Array.of(0, seen.offsets[u + 1]! - seen.offsets[u]!), indices: seen.indices.subarray(seen.offsets[u]!, seen.offsets[u + 1]!) };
      topK(idx, top, new Tensor(out, [1, m]), 10, ex);
    };
    for (let u = 0; u < Math.min(50, rec.numUsers); u++) run(u);
    for (let u = 0; u < rec.numUsers; u++) {
      const t0 = performance.now();
      run(u);
      plain.push(performance.now() - t0);
    }
  }

  const batchMs = median(() => rec.recommendBatch(users, 10), passes);
  const exportMs = median(() => rec.exportAll(10), passes);
  console.log(
    JSON.stringify(
      {
        benchmark: 'recommend',
        date: new Date().toISOString(),
        node: process.version,
        backend: getBackend().name,
        model: rec.kind,
        users: rec.numUsers,
        items: m,
        setup,
        loadAverage1m: loadavg()[0],
        cpus: cpus().length,
        singleUserTop10Ms: percentiles(single),
        singleUserTop10CpuMs: percentiles(singleCpu),
        plainScoreAllTop10Ms: plain.length ? percentiles(plain) : null,
        recommendBatchAllUsersMs: batchMs,
        exportAllUsersMs: exportMs,
        targets: { p50Ms: 1, p99Ms: 5, allUsersMs: 1000 },
      },
      null,
      2,
    ),
  );
}

await main();
