/**
 * Data pipeline throughput, as JSON on stdout. Usage:
 *   tsx benchmarks/data.ts [--rows 1000000] [--big]     (--big adds the 20M-row file)
 *   node --max-old-space-size=2048 --import tsx benchmarks/data.ts --big
 *
 * For each size it writes a MovieLens-1M-style `::` file and a latest-style CSV into a
 * temp folder, loads them, and reports rows/s plus the peak RSS sampled every 20 ms
 * during the load (the target: a 20M-row file well under 2 GB). It also times one NCF
 * epoch (100k positives x 5 = 600k samples) of PointwiseEpoch.resample().
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { readDelimited } from '../src/data/delimited.js';
import { PointwiseEpoch } from '../src/data/batch-pointwise.js';
import { HistoryEpoch } from '../src/data/batch-history.js';
import { syntheticInteractions } from '../src/data/synthetic.js';
import { Rng } from '../src/tensor/rng.js';
import { hasFlag, numberFlag } from './util.js';

async function writeFile(path: string, rows: number, sep: string, header: string | null): Promise<void> {
  const out = createWriteStream(path);
  if (header) out.write(`${header}\n`);
  const rng = new Rng(7);
  const users = Math.max(100, Math.round(rows / 150));
  const items = Math.max(50, Math.round(Math.sqrt(rows) * 6));
  let buf = '';
  for (let r = 0; r < rows; r++) {
    // Power-law-ish items so some pairs repeat and duplicate merging does real work.
    const u = 1 + rng.int(users);
    const i = 1 + Math.floor(items * rng.next() ** 2);
    buf += `${u}${sep}${i}${sep}${1 + rng.int(5)}${sep}${978300000 + r}\n`;
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

async function measureLoad(path: string, load: () => Promise<{ rows: number; merged: number }>) {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const { rows, merged } = await load();
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { fileMB: statSync(path).size / 2 ** 20, rowsRead: rows + merged, rowsKept: rows, duplicatesMerged: merged, seconds, rowsPerSecond: (rows + merged) / seconds, rssBeforeMB: before / 2 ** 20, peakRssMB: peak / 2 ** 20 };
}

async function main(): Promise<void> {
  const sizes = [numberFlag('rows', 1_000_000, { integer: true, min: 1 })];
  if (hasFlag('big')) sizes.push(20_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'ancf-bench-'));
  const results: unknown[] = [];
  try {
    for (const n of sizes) {
      for (const format of ['ml-1m ::', 'csv header'] as const) {
        const path = join(dir, `r${n}.${format === 'csv header' ? 'csv' : 'dat'}`);
        const t0 = performance.now();
        await writeFile(path, n, format === 'csv header' ? ',' : '::', format === 'csv header' ? 'userId,movieId,rating,timestamp' : null);
        const writeSeconds = (performance.now() - t0) / 1000;
        const m = await measureLoad(path, async () => {
          const { interactions, report } = await readDelimited(path, {
            columns: format === 'csv header' ? { user: 'userId', item: 'movieId', rating: 'rating', timestamp: 'timestamp' } : { user: 0, item: 1, rating: 2, timestamp: 3 },
            delimiter: format === 'csv header' ? ',' : '::',
            quote: false,
            idType: 'number',
            ratingRange: [1, 5],
          });
          return { rows: interactions.length, merged: report.duplicatesMerged };
        });
        results.push({ case: `load ${format}`, rows: n, writeSeconds, ...m });
        rmSync(path);
      }
    }
    const { interactions } = syntheticInteractions({ users: 1000, items: 1700, perUser: 100, seed: 1 });
    const epoch = new PointwiseEpoch(interactions, { negatives: 5, rng: new Rng(2) });
    const times: number[] = [];
    for (let k = 0; k < 7; k++) {
      const t0 = performance.now();
      epoch.resample();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    results.push({ case: 'PointwiseEpoch.resample', positives: interactions.length, samples: epoch.size, medianMs: times[3], minMs: times[0] });
    const hist = new HistoryEpoch(interactions, { negatives: 4, rng: new Rng(3), historyLength: 20 });
    const t0 = performance.now();
    hist.resample();
    let n = 0;
    for (const b of hist.batches(256)) n += b.size;
    results.push({ case: 'HistoryEpoch resample + all batches (L=20)', samples: n, ms: performance.now() - t0 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2));
}

void main();
