/**
 * Kernel throughput on the active backends, as JSON (one object) plus a table on
 * stderr. Usage: tsx benchmarks/kernels.ts [--json] [--seconds S] [--gpu] [--gpu-seconds S]
 *
 * --gpu adds a sweep of every kernel across sizes on the CPU and on each gpu.js
 * mode that starts here (run under `xvfb-run -a` to include headlessgl), with
 * every call forced onto the device, and derives the crossover (the smallest
 * size from which the device wins at every larger size) that becomes the
 * threshold table in kernels/gpu/thresholds.ts and docs/backends.md.
 *
 * The matmul target (issue 2): >= 3 GFLOP/s on one CPU thread, float32, for
 * 256x64x32 (an MLP layer on a batch of 256) and 943x64x1682 (scoring every
 * ML-100K user against every item).
 */
import { cpuKernels } from '../kernels/cpu/index.js';
import type { KernelSet } from '../kernels/index.js';
import { Rng } from '../src/tensor/rng.js';
import { fillNormal } from '../src/tensor/init.js';
import { Tensor } from '../src/tensor/tensor.js';
import { hasFlag, numberFlag, timeIt } from './util.js';
import { gpuSweep } from './gpu-sweep.js';

interface Row {
  backend: string;
  kernel: string;
  shape: string;
  seconds: number;
  gflops?: number;
  gbPerSecond?: number;
}

const seconds = numberFlag('seconds', 0.5, { min: 0 });
const rng = new Rng(1);
const rand = (shape: number[]): Tensor => fillNormal(Tensor.zeros(shape), rng, 0, 1);

function bench(backend: string, K: KernelSet): Row[] {
  const rows: Row[] = [];
  const mm: Array<[number, number, number, boolean, boolean]> = [
    [256, 64, 32, false, false],
    [256, 32, 64, false, true],
    [256, 64, 32, true, false],
    [943, 64, 1682, false, true],
    [512, 512, 512, false, false],
  ];
  for (const [m, k, n, ta, tb] of mm) {
    const a = rand(ta ? [k, m] : [m, k]);
    const b = rand(tb ? [n, k] : [k, n]);
    const c = Tensor.zeros([m, n]);
    const t = timeIt(() => K.matmul(c, a, b, ta, tb), seconds);
    rows.push({
      backend,
      kernel: 'matmul',
      shape: `${m}x${k}x${n}${ta ? ' Aᵀ' : ''}${tb ? ' Bᵀ' : ''}`,
      seconds: t.seconds,
      gflops: (2 * m * n * k) / t.seconds / 1e9,
    });
  }
  for (const [vocab, d, batch] of [[1682, 8, 1280], [100_000, 64, 4096]] as const) {
    const table = rand([vocab, d]);
    const idx = Int32Array.from({ length: batch }, () => rng.int(vocab));
    const out = Tensor.zeros([batch, d]);
    const g = timeIt(() => K.gatherRows(out, table, idx), seconds);
    rows.push({ backend, kernel: 'gatherRows', shape: `${batch} of ${vocab}x${d}`, seconds: g.seconds, gbPerSecond: (batch * d * 8) / g.seconds / 1e9 });
    const s = timeIt(() => K.scatterAddRows(table, idx, out), seconds);
    rows.push({ backend, kernel: 'scatterAddRows', shape: `${batch} into ${vocab}x${d}`, seconds: s.seconds, gbPerSecond: (batch * d * 12) / s.seconds / 1e9 });
  }
  {
    const x = rand([256, 50]);
    const y = Tensor.zeros([256, 50]);
    const lengths = Int32Array.from({ length: 256 }, () => rng.int(51));
    const t = timeIt(() => K.softmaxRows(y, x, lengths), seconds);
    rows.push({ backend, kernel: 'softmaxRows', shape: '256x50 masked', seconds: t.seconds });
  }
  {
    const scores = rand([943, 1682]);
    const idx = new Int32Array(943 * 10);
    const sc = new Float32Array(943 * 10);
    const t = timeIt(() => K.topK(idx, sc, scores, 10), seconds);
    rows.push({ backend, kernel: 'topK', shape: '943x1682 k=10', seconds: t.seconds });
  }
  return rows;
}

const results = bench('cpu', cpuKernels);
const target = (shape: string): boolean | undefined => {
  const r = results.find((x) => x.kernel === 'matmul' && x.shape === shape);
  return r?.gflops === undefined ? undefined : r.gflops >= 3;
};
const gpu = hasFlag('gpu') ? await gpuSweep(numberFlag('gpu-seconds', 0.1, { min: 0 }), !hasFlag('quiet')) : undefined;
const report = {
  benchmark: 'kernels',
  date: new Date().toISOString(),
  node: process.version,
  results,
  matmulTarget: { gflops: 3, '256x64x32': target('256x64x32'), '943x64x1682 Bᵀ': target('943x64x1682 Bᵀ') },
  ...(gpu ? { gpu } : {}),
};
if (!hasFlag('quiet')) {
  for (const r of results) {
    const rate = r.gflops !== undefined ? `${r.gflops.toFixed(2)} GFLOP/s` : r.gbPerSecond !== undefined ? `${r.gbPerSecond.toFixed(2)} GB/s` : '';
    process.stderr.write(`${r.backend.padEnd(6)} ${r.kernel.padEnd(16)} ${r.shape.padEnd(24)} ${(r.seconds * 1e3).toFixed(3).padStart(10)} ms  ${rate}\n`);
  }
}
process.stdout.write(`${JSON.stringify(report, null, hasFlag('json') ? 0 : 2)}\n`);
