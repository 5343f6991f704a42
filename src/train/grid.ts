import { ArgumentError } from '../errors.js';
import type { Metrics } from './types.js';

export interface GridSpace {
  readonly [name: string]: readonly unknown[];
}

export interface GridRow<P> {
  readonly params: P;
  readonly metrics: Metrics;
  readonly seconds: number;
}

/** Every combination of the values in `space`, in row-major order. */
export function gridPoints<S extends GridSpace>(space: S): Array<{ [K in keyof S]: S[K][number] }> {
  const names = Object.keys(space);
  let points: Array<Record<string, unknown>> = [{}];
  for (const name of names) {
    const values = space[name]!;
    if (values.length === 0) throw new ArgumentError(`grid.${name}`, 'has no values');
    points = points.flatMap((p) => values.map((v) => ({ ...p, [name]: v })));
  }
  return points as Array<{ [K in keyof S]: S[K][number] }>;
}

/**
 * Runs `trial` on every point of the grid (sequentially: one core per trial is
 * all a 2-core machine spares) and returns the rows sorted by `sortBy`, best first.
 */
export async function gridSearch<S extends GridSpace>(
  space: S,
  trial: (params: { [K in keyof S]: S[K][number] }) => Metrics | Promise<Metrics>,
  { sortBy, mode = 'max' }: { sortBy: string; mode?: 'min' | 'max' },
): Promise<Array<GridRow<{ [K in keyof S]: S[K][number] }>>> {
  const rows: Array<GridRow<{ [K in keyof S]: S[K][number] }>> = [];
  for (const params of gridPoints(space)) {
    const t0 = performance.now();
    const metrics = await trial(params);
    if (metrics[sortBy] === undefined) throw new ArgumentError('sortBy', `trial returned no metric ${JSON.stringify(sortBy)}`);
    rows.push({ params, metrics, seconds: (performance.now() - t0) / 1000 });
  }
  const sign = mode === 'max' ? -1 : 1;
  return rows.sort((a, b) => sign * (a.metrics[sortBy]! - b.metrics[sortBy]!));
}

/** A plain-text table of grid rows, for terminals. */
export function formatGrid<P extends object>(rows: ReadonlyArray<GridRow<P>>): string {
  if (rows.length === 0) return '(no rows)';
  const paramNames = Object.keys(rows[0]!.params);
  const metricNames = Object.keys(rows[0]!.metrics);
  const header = [...paramNames, ...metricNames, 'seconds'];
  const body = rows.map((r) => [
    ...paramNames.map((n) => JSON.stringify((r.params as Record<string, unknown>)[n])),
    ...metricNames.map((n) => (r.metrics[n] ?? Number.NaN).toFixed(4)),
    r.seconds.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  // The last column is not padded: no trailing spaces on any line.
  const line = (cells: string[]): string => cells.map((c, i) => (i + 1 < cells.length ? c.padEnd(widths[i]!) : c)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
