import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Interactions } from '../../data/interactions.js';
import type { InteractionStats } from '../../data/stats.js';
import type { Flags } from '../args.js';
import { DATA_NOTES, DATA_OPTIONS, type Command } from '../command.js';
import { dataPath, describeSource, loadDataset } from '../dataset.js';
import type { CliIO } from '../io.js';
import { checkOutPath } from '../out-path.js';
import { barChartSvg, log2Bins, type Bar, type BarChart } from '../svg.js';

export const eda: Command = {
  spec: {
    name: 'eda',
    summary: 'Dataset statistics, and SVG figures: interactions per user and per item, ratings, activity over time.',
    synopsis: '[--data PATH] [--out DIR] [--json]',
    options: {
      ...DATA_OPTIONS,
      out: { type: 'string', value: 'DIR', description: 'folder for the SVG figures (default: eda)' },
      json: { type: 'boolean', description: 'print the statistics as JSON' },
    },
    notes: DATA_NOTES,
  },
  async run(flags: Flags, _parsed, io: CliIO) {
    const path = dataPath(flags.string('data'), io.env);
    if (path === null) return missingData(io, this.spec.name);
    const out = flags.string('out') ?? 'eda';
    checkOutPath(out, 'folder', 'out', this.spec);
    const data = await loadDataset(path, flags.has('prefix') ? { prefix: flags.required('prefix') } : {});
    const x = data.all;
    const stats = x.stats();
    await mkdir(out, { recursive: true });
    const written: string[] = [];
    for (const [file, chart] of figures(x)) {
      await writeFile(join(out, file), barChartSvg(chart));
      written.push(join(out, file));
    }
    if (flags.bool('json')) io.stdout.write(`${JSON.stringify({ format: data.format, path: data.path, ...(data.header !== undefined ? { header: data.header } : {}), ...stats, figures: written }, null, 2)}\n`);
    else io.stdout.write(`${formatStats(describeSource(data), stats)}\nfigures:\n${written.map((f) => `  ${f}`).join('\n')}\n`);
    return 0;
  },
};

export function missingData(io: CliIO, command: string): number {
  io.stderr.write(`ancf ${command}: no data: pass --data PATH or set ANCF_DATA\n(run \`ancf ${command} --help\` for usage)\n`);
  return 2;
}

/** The figures a dataset supports: counts always, ratings and time only when present. */
export function figures(x: Interactions): Array<[string, BarChart]> {
  const out: Array<[string, BarChart]> = [
    ['interactions-per-user.svg', { title: 'Interactions per user', xLabel: 'interactions (power-of-two bins)', yLabel: 'users', bars: log2Bins(x.countsPerUser()) }],
    ['interactions-per-item.svg', { title: 'Interactions per item', xLabel: 'interactions (power-of-two bins)', yLabel: 'items', bars: log2Bins(x.countsPerItem()) }],
  ];
  if (x.ratings) out.push(['ratings.svg', { title: 'Rating distribution', xLabel: 'rating', yLabel: 'interactions', bars: ratingBars(x.ratings) }]);
  if (x.timestamps && x.length > 0) out.push(['activity.svg', { title: 'Activity over time', xLabel: 'month (UTC)', yLabel: 'interactions', bars: monthBars(x.timestamps) }]);
  return out;
}

/** One bar per distinct rating value (MovieLens: 1..5, or 0.5 steps in the latest releases). */
export function ratingBars(ratings: Float32Array): Bar[] {
  const counts = new Map<number, number>();
  for (const r of ratings) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([r, n]) => ({ label: `${+r.toFixed(2)}`, value: n }));
}

/** Interactions per calendar month of their unix-seconds timestamps, empty months included. */
export function monthBars(ts: Float64Array): Bar[] {
  let min = Infinity;
  let max = -Infinity;
  for (const t of ts) {
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const month = (t: number): number => {
    const d = new Date(t * 1000);
    return d.getUTCFullYear() * 12 + d.getUTCMonth();
  };
  const m0 = month(min);
  const counts = new Array<number>(month(max) - m0 + 1).fill(0);
  for (const t of ts) counts[month(t) - m0]!++;
  return counts.map((n, k) => ({ label: `${Math.floor((m0 + k) / 12)}-${String(((m0 + k) % 12) + 1).padStart(2, '0')}`, value: n }));
}

/** The statistics as aligned lines under `source` ("PATH (FORMAT)", see describeSource). */
export function formatStats(source: string, s: InteractionStats): string {
  const row = (k: string, v: string | number): string => `  ${k.padEnd(22)}${v}`;
  const dist = (c: InteractionStats['perUser']): string => `min ${c.min}  median ${c.median}  mean ${c.mean.toFixed(1)}  p90 ${c.p90}  max ${c.max}`;
  const lines = [
    source,
    row('users', s.numUsers),
    row('items', s.numItems),
    row('interactions', s.interactions),
    row('density', `${(100 * s.density).toFixed(3)}%`),
    row('per user', dist(s.perUser)),
    row('per item', dist(s.perItem)),
  ];
  if (s.ratings) lines.push(row('ratings', `min ${s.ratings.min}  max ${s.ratings.max}  mean ${s.ratings.mean.toFixed(3)}`));
  if (s.timestamps) lines.push(row('time span', `${iso(s.timestamps.min)} .. ${iso(s.timestamps.max)}`));
  if (s.duplicateRows) lines.push(row('duplicate rows', s.duplicateRows));
  return lines.join('\n');
}

const iso = (t: number): string => new Date(t * 1000).toISOString().slice(0, 10);
