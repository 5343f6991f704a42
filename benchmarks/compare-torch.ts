/**
 * Side-by-side with the PyTorch reference (../shared/tools/torch_ncf.py), in one
 * run on the same machine and split: for each model, PyTorch first, then ours,
 * each in a fresh process. Prints one JSON object and a Markdown table (stderr).
 *
 *   tsx benchmarks/compare-torch.ts [--models gmf,neumf,mlp,mf] [--epochs 20]
 *     [--data ../shared/data/ml-100k-ncf] [--torch ../shared/tools/torch_ncf.py]
 *     [--python /usr/bin/python3] [--threads 2] [--repeat 1]
 *
 * --repeat N runs each (PyTorch, ours) pair N times and reports every run's
 * speed-up and their median: on a shared machine the absolute rates drift by up
 * to 2x between runs, the ratio within a back-to-back pair much less.
 * PyTorch's samples/s counts only its training loop (negative sampling excluded);
 * ours counts the whole epoch, sampling and shuffling included.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { flag, ncfPrefix, numberFlag } from './util.js';

interface Row {
  model: string;
  impl: 'pytorch' | '@ancf/core';
  samplesPerSecond: number;
  hr: number;
  ndcg: number;
  seconds: number;
}

const models = (flag('models', 'mf,gmf,mlp,neumf') ?? '').split(',').filter(Boolean);
const known = ['mf', 'gmf', 'mlp', 'neumf'];
const unknown = models.filter((m) => !known.includes(m));
if (models.length === 0 || unknown.length > 0) throw new Error(`--models must list some of ${known.join(', ')}; got ${JSON.stringify(flag('models'))}`);
const epochs = String(numberFlag('epochs', 20, { integer: true, min: 1 }));
const data = resolve(flag('data') ?? process.env.ANCF_DATA ?? '../shared/data/ml-100k-ncf');
const torchScript = resolve(flag('torch', '../shared/tools/torch_ncf.py')!);
const python = flag('python', '/usr/bin/python3')!;
const threads = String(numberFlag('threads', 2, { integer: true, min: 1 }));
const prefix = ncfPrefix(data) ?? 'ml-100k';

function runTorch(model: string): Row | { model: string; impl: 'pytorch'; skipped: string } {
  if (!existsSync(torchScript)) return { model, impl: 'pytorch', skipped: `${torchScript} not found` };
  try {
    const out = execFileSync(python, [torchScript, data, prefix, model, epochs, '8', threads, '0'], { encoding: 'utf8', maxBuffer: 1 << 24 });
    const m = /RESULT .* final HR@10=([\d.]+) NDCG@10=([\d.]+) .* train_seconds=([\d.]+) samples_per_s=(\d+)/.exec(out);
    if (!m) return { model, impl: 'pytorch', skipped: `unparsed output: ${out.slice(-300)}` };
    return { model, impl: 'pytorch', hr: Number(m[1]), ndcg: Number(m[2]), seconds: Number(m[3]), samplesPerSecond: Number(m[4]) };
  } catch (e) {
    return { model, impl: 'pytorch', skipped: `python failed: ${(e as Error).message.split('\n')[0]}` };
  }
}

function runOurs(model: string): Row {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'benchmarks/train.ts', '--model', model, '--data', data, '--epochs', epochs, '--json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const r = JSON.parse(out.trim().split('\n').at(-1)!) as { samplesPerSecond: number; hr: number; ndcg: number; seconds: number };
  return { model, impl: '@ancf/core', samplesPerSecond: r.samplesPerSecond, hr: r.hr, ndcg: r.ndcg, seconds: r.seconds };
}

const repeat = numberFlag('repeat', 1, { integer: true, min: 1 });
type Result = Row | { model: string; impl: string; skipped: string };
const rows: Array<Result & { run: number }> = [];
for (const model of models) {
  for (let run = 1; run <= repeat; run++) {
    process.stderr.write(`${model} (run ${run}/${repeat}): pytorch...\n`);
    rows.push({ ...runTorch(model), run });
    process.stderr.write(`${model} (run ${run}/${repeat}): @ancf/core...\n`);
    rows.push({ ...runOurs(model), run });
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
};

// Each run pairs PyTorch with ours back to back; the speed-up of a run is the ratio
// within that pair, and the summary is the median over runs (the machine drifts).
const summary = models.map((model) => {
  const ratios: number[] = [];
  for (let run = 1; run <= repeat; run++) {
    const pair = rows.filter((r) => r.model === model && r.run === run && !('skipped' in r)) as Array<Row & { run: number }>;
    const torch = pair.find((r) => r.impl === 'pytorch');
    const ours = pair.find((r) => r.impl === '@ancf/core');
    if (torch && ours) ratios.push(ours.samplesPerSecond / torch.samplesPerSecond);
  }
  return { model, runs: ratios.length, speedups: ratios, medianSpeedup: ratios.length ? median(ratios) : null };
});

const table = ['| model | run | implementation | samples/s | HR@10 | NDCG@10 | train s |', '| --- | --- | --- | --- | --- | --- | --- |'];
for (const r of rows) {
  if ('skipped' in r) table.push(`| ${r.model} | ${r.run} | ${r.impl} | skipped: ${r.skipped} | | | |`);
  else table.push(`| ${r.model} | ${r.run} | ${r.impl} | ${Math.round(r.samplesPerSecond).toLocaleString('en-US')} | ${r.hr.toFixed(3)} | ${r.ndcg.toFixed(3)} | ${r.seconds.toFixed(1)} |`);
}
table.push('', '| model | speed-up per run | median |', '| --- | --- | --- |');
for (const s of summary) table.push(`| ${s.model} | ${s.speedups.map((x) => `${x.toFixed(2)}x`).join(', ')} | ${s.medianSpeedup === null ? 'n/a' : `${s.medianSpeedup.toFixed(2)}x`} |`);
process.stderr.write(`${table.join('\n')}\n`);
process.stdout.write(`${JSON.stringify({ benchmark: 'compare-torch', date: new Date().toISOString(), data, epochs: Number(epochs), repeat, rows, summary })}\n`);
