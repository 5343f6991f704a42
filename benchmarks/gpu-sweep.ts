/**
 * The CPU-vs-gpu.js sweep behind `benchmarks/kernels.ts --gpu`: every kernel at
 * growing sizes on the CPU kernels and on each gpu.js mode that starts here,
 * device calls forced (thresholds 'none') and timed end to end (upload, launch,
 * readback), then the crossover per kernel and mode.
 */
import { cpuKernels } from '../kernels/cpu/index.js';
import type { KernelName, KernelSet } from '../kernels/index.js';
import { createGpuBackend, gpuModes, type GpuBackend, type ModeReport } from '../src/backend/gpu.js';
import { fillNormal } from '../src/tensor/init.js';
import { Rng } from '../src/tensor/rng.js';
import { Tensor } from '../src/tensor/tensor.js';
import { timeIt } from './util.js';

type Call = (K: KernelSet, score: (out: Tensor, u: Tensor, v: Tensor) => void) => void;

interface Case {
  readonly kernel: KernelName | 'scoreUsers';
  /** Work units (see kernels/gpu/thresholds.ts) and a label for each size. */
  readonly sizes: readonly number[];
  readonly make: (size: number) => { call: Call; shape: string };
}

const rng = new Rng(7);
const rand = (shape: number[]): Tensor => fillNormal(Tensor.zeros(shape), rng, 0, 1);
const ELEMENTS = [1e3, 1e4, 1e5, 1e6];
/** m, k, n: a small product, an MLP layer on a batch of 256, a square one, ML-100K users x items. */
const PRODUCTS: ReadonlyArray<readonly [number, number, number]> = [[64, 64, 64], [256, 64, 32], [256, 256, 256], [943, 64, 1682]];
const BATCHES: ReadonlyArray<readonly [number, number]> = [[256, 8], [1024, 16], [4096, 16]];

/** A [rows, 64] matrix holding about `size` elements. */
const mat = (size: number): Tensor => rand([Math.max(1, Math.round(size / 64)), 64]);

function unary(kernel: KernelName, call: (K: KernelSet, out: Tensor, a: Tensor, b: Tensor) => void): Case {
  return {
    kernel,
    sizes: ELEMENTS,
    make: (size) => {
      const [a, b, out] = [mat(size), mat(size), mat(size)];
      const y = Tensor.zeros(a.shape);
      cpuKernels.sigmoid(y, a);
      return { shape: `${a.shape.join('x')}`, call: (K) => call(K, out, kernel.endsWith('Backward') ? y : a, b) };
    },
  };
}

const cases: Case[] = [
  ...(['matmul', 'scoreUsers'] as const).map(
    (kernel): Case => ({
      kernel,
      sizes: PRODUCTS.map(([m, k, n]) => m * k * n),
      make: (size) => {
        const [m, k, n] = PRODUCTS.find(([m, k, n]) => m * k * n === size)!;
        const [a, b, c] = [rand([m, k]), rand([n, k]), Tensor.zeros([m, n])];
        return { shape: `${m}x${k}x${n} Bᵀ`, call: kernel === 'matmul' ? (K) => K.matmul(c, a, b, false, true) : (_, score) => score(c, a, b) };
      },
    }),
  ),
  {
    kernel: 'batchMatmul',
    // t products of [w, 64]·[64, w]: attention scores over a history of w items.
    sizes: BATCHES.map(([t, w]) => t * w * w * 64),
    make: (size) => {
      const [t, w] = BATCHES.find(([t, w]) => t * w * w * 64 === size)!;
      const [a, b, c] = [rand([t, w, 64]), rand([t, w, 64]), Tensor.zeros([t, w, w])];
      return { shape: `${t}x${w}x64x${w} Bᵀ`, call: (K) => K.batchMatmul(c, a, b, false, true) };
    },
  },
  ...(['gatherRows', 'scatterAddRows'] as const).map(
    (kernel): Case => ({
      kernel,
      sizes: [256 * 64, 4096 * 64, 65536 * 64],
      make: (size) => {
        const b = size / 64;
        const table = rand([100_000, 64]);
        const idx = Int32Array.from({ length: b }, () => rng.int(100_000));
        const rows = rand([b, 64]);
        return { shape: `${b} of 100000x64`, call: kernel === 'gatherRows' ? (K) => K.gatherRows(rows, table, idx) : (K) => K.scatterAddRows(table, idx, rows) };
      },
    }),
  ),
  unary('add', (K, o, a, b) => K.add(o, a, b)),
  unary('mul', (K, o, a, b) => K.mul(o, a, b)),
  unary('axpy', (K, o, a) => K.axpy(o, 0.5, a)),
  unary('relu', (K, o, a) => K.relu(o, a)),
  unary('sigmoid', (K, o, a) => K.sigmoid(o, a)),
  unary('sigmoidBackward', (K, o, y, b) => K.sigmoidBackward(o, y, b)),
  unary('tanh', (K, o, a) => K.tanh(o, a)),
  unary('sumCols', (K, _o, a) => K.sumCols(Tensor.zeros([a.cols]), a)),
  unary('rowDot', (K, _o, a, b) => K.rowDot(Tensor.zeros([a.rows]), a, b)),
  unary('bceWithLogits', (K, o, a) => void K.bceWithLogits(o.reshape([-1]), a.reshape([-1]), o.reshape([-1]))),
  {
    kernel: 'softmaxRows',
    sizes: [256 * 50, 4096 * 50, 16384 * 100],
    make: (size) => {
      const [n, m] = size === 16384 * 100 ? [16384, 100] : [size / 50, 50];
      const [x, y] = [rand([n, m]), Tensor.zeros([n, m])];
      const lengths = Int32Array.from({ length: n }, () => rng.int(m + 1));
      return { shape: `${n}x${m} masked`, call: (K) => K.softmaxRows(y, x, lengths) };
    },
  },
  {
    kernel: 'concatCols',
    sizes: ELEMENTS,
    make: (size) => {
      const a = mat(size / 2);
      const [b, out] = [rand([a.rows, 64]), Tensor.zeros([a.rows, 128])];
      return { shape: `2 x ${a.rows}x64`, call: (K) => K.concatCols(out, [a, b]) };
    },
  },
];

export interface SweepRow {
  kernel: string;
  shape: string;
  work: number;
  cpuMs: number;
  /** Milliseconds per call for each mode that started; null where the call could not run on that device (it went to the CPU). */
  modes: Record<string, number | null>;
}

/** Smallest swept size from which `mode` beats the CPU at every larger size; Infinity when it never does. */
function crossover(rows: SweepRow[], kernel: string, mode: string): number {
  let from = Infinity;
  for (const r of rows.filter((x) => x.kernel === kernel).sort((a, b) => b.work - a.work)) {
    const t = r.modes[mode];
    if (t === undefined || t === null || t >= r.cpuMs) break;
    from = r.work;
  }
  return from;
}

export async function gpuSweep(seconds: number, print: boolean): Promise<{ modes: ModeReport[]; rows: SweepRow[]; crossover: Record<string, Record<string, number | 'never'>> }> {
  const modes = await gpuModes();
  const backends: GpuBackend[] = [];
  for (const m of modes.filter((x) => x.available)) backends.push(await createGpuBackend({ mode: m.mode, thresholds: 'none', log: () => {} }));
  const rows: SweepRow[] = [];
  const cpuScore = (out: Tensor, u: Tensor, v: Tensor): void => cpuKernels.matmul(out, u, v, false, true);
  for (const c of cases) {
    for (const size of c.sizes) {
      const { call, shape } = c.make(size);
      const row: SweepRow = { kernel: c.kernel, shape, work: size, cpuMs: timeIt(() => call(cpuKernels, cpuScore), seconds).seconds * 1e3, modes: {} };
      for (const b of backends) {
        const run = (): void => call(b.kernels, (o, u, v) => b.scoreUsers(o, u, v));
        const before = b.stats.device[c.kernel] ?? 0;
        run();
        row.modes[b.mode] = (b.stats.device[c.kernel] ?? 0) > before ? timeIt(run, seconds).seconds * 1e3 : null;
      }
      rows.push(row);
      if (print) {
        const cells = Object.entries(row.modes).map(([m, t]) => (t === null ? `${m} (runs on CPU)` : `${m} ${t.toFixed(3).padStart(9)} ms (${(row.cpuMs / t).toFixed(2)}x)`));
        process.stderr.write(`${c.kernel.padEnd(16)} ${shape.padEnd(22)} cpu ${row.cpuMs.toFixed(3).padStart(9)} ms  ${cells.join('  ')}\n`);
      }
    }
  }
  const result: Record<string, Record<string, number | 'never'>> = {};
  for (const b of backends) {
    result[b.mode] = {};
    for (const c of cases) {
      const x = crossover(rows, c.kernel, b.mode);
      result[b.mode]![c.kernel] = Number.isFinite(x) ? x : 'never';
    }
    b.dispose();
  }
  return { modes, rows, crossover: result };
}
