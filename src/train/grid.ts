import { AncfError, ArgumentError } from '../errors.js';
import type { Metrics } from './types.js';

export interface GridSpace {
  readonly [name: string]: readonly unknown[];
}

export interface GridRow<P> {
  readonly params: P;
  /** The trial's metrics; empty when it failed. */
  readonly metrics: Metrics;
  readonly seconds: number;
  /** Set when the trial threw an AncfError or RangeError: its message. Such rows have no metrics and sort last. */
  readonly error?: string;
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
 * all a 2-core machine spares) and returns the rows best first by `sortBy`.
 *
 * A trial that fails because of its point (an AncfError: a diverged learning rate,
 * a refused setting; or a RangeError: an allocation too large for this machine)
 * does not end the search: it becomes a row with `error` set and no metrics, and
 * the other points still run. Anything else thrown (a TypeError, a thrown string)
 * is a bug in the trial, not a bad point, and rejects the search. Order: rows with a number for `sortBy`, best first (ties keep
 * grid order); then rows whose metric is NaN; then failed rows, in grid order.
 * A trial that returns without the `sortBy` metric at all is a caller's mistake
 * (a misspelt name) and still rejects with an ArgumentError.
 */
export async function gridSearch<S extends GridSpace>(
  space: S,
  trial: (params: { [K in keyof S]: S[K][number] }) => Metrics | Promise<Metrics>,
  { sortBy, mode = 'max' }: { sortBy: string; mode?: 'min' | 'max' },
): Promise<Array<GridRow<{ [K in keyof S]: S[K][number] }>>> {
  const rows: Array<GridRow<{ [K in keyof S]: S[K][number] }>> = [];
  for (const params of gridPoints(space)) {
    const t0 = performance.now();
    let metrics: Metrics;
    try {
      metrics = await trial(params);
    } catch (e) {
      if (!(e instanceof AncfError || e instanceof RangeError)) throw e;
      rows.push({ params, metrics: {}, seconds: (performance.now() - t0) / 1000, error: e.message });
      continue;
    }
    if (metrics[sortBy] === undefined) throw new ArgumentError('sortBy', `trial returned no metric ${JSON.stringify(sortBy)}`);
    rows.push({ params, metrics, seconds: (performance.now() - t0) / 1000 });
  }
  const sign = mode === 'max' ? -1 : 1;
  // 0: a number, 1: NaN, 2: failed. A comparator that returns NaN (x - NaN) breaks
  // the sort's ordering contract, so NaN never reaches the subtraction.
  const tier = (r: GridRow<unknown>): number => (r.error !== undefined ? 2 : Number.isNaN(r.metrics[sortBy]) ? 1 : 0);
  return rows.sort((a, b) => {
    const ta = tier(a), tb = tier(b);
    if (ta !== tb || ta !== 0) return ta - tb;
    const x = a.metrics[sortBy]!, y = b.metrics[sortBy]!;
    // Equal infinities would give Infinity - Infinity = NaN.
    return x === y ? 0 : sign * (x - y);
  });
}

/**
 * A grid value as a table cell: JSON, except what JSON cannot show: a function
 * (an LR schedule) by its name, or by the start of its source when it has none
 * (stepLr's and cosineLr's closures are anonymous, and two of them must still
 * be told apart); undefined as 'undefined'; a bigint as 12n.
 */
export function formatGridValue(v: unknown): string {
  const fn = (f: Function): string => {
    if (f.name) return `[function ${f.name}]`;
    const src = Function.prototype.toString.call(f).replace(/\s+/g, ' ');
    return `[function ${src.length > 40 ? `${src.slice(0, 39)}…` : src}]`;
  };
  const show = (x: unknown): unknown =>
    typeof x === 'function' ? fn(x) : x === undefined ? 'undefined' : typeof x === 'bigint' ? `${x}n` : typeof x === 'symbol' ? x.toString() : x;
  if (typeof v !== 'object' || v === null) {
    const s = show(v);
    return typeof s === 'string' && s !== v ? s : JSON.stringify(s);
  }
  // Nested: JSON.stringify would drop function and undefined properties silently.
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'object' && x !== null ? x : show(x)));
}

/** A plain-text table of grid rows, for terminals; failed rows show '-' for metrics and their error. */
export function formatGrid<P extends object>(rows: ReadonlyArray<GridRow<P>>): string {
  if (rows.length === 0) return '(no rows)';
  const paramNames = Object.keys(rows[0]!.params);
  const metricNames = [...new Set(rows.flatMap((r) => Object.keys(r.metrics)))];
  const failed = rows.some((r) => r.error !== undefined);
  const header = [...paramNames, ...metricNames, 'seconds', ...(failed ? ['error'] : [])];
  const body = rows.map((r) => [
    ...paramNames.map((n) => formatGridValue((r.params as Record<string, unknown>)[n])),
    ...metricNames.map((n) => (r.error !== undefined ? '-' : (r.metrics[n] ?? Number.NaN).toFixed(4))),
    r.seconds.toFixed(1),
    // One line per row: a multi-line message is folded.
    ...(failed ? [r.error === undefined ? '' : `failed: ${r.error.replace(/\s*\n\s*/g, ' ')}`] : []),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  // The last column is not padded, and no line ends in spaces.
  const line = (cells: string[]): string => cells.map((c, i) => (i + 1 < cells.length ? c.padEnd(widths[i]!) : c)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
