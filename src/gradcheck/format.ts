import type { GradcheckReport } from './gradcheck.js';

const fmt = (v: number): string => (Number.isFinite(v) ? v.toExponential(2) : String(v));
const num = (v: number): string => String(Number(v.toPrecision(10)));

/** A plain-text table of a report: one line per input and parameter. */
export function formatGradcheckReport(report: GradcheckReport, title = 'gradcheck'): string {
  const rows = report.entries.map((e) => [
    e.kind === 'input' ? `input ${e.name}` : e.name,
    `[${e.shape.join(', ')}]`,
    String(e.checked) + (e.nonsmooth > 0 ? ` (+${e.nonsmooth} at kinks)` : '') + (e.touchedRows !== undefined ? `, ${e.touchedRows} rows touched` : ''),
    fmt(e.maxError),
    e.ok ? 'ok' : `FAIL${e.problem ? `: ${e.problem}` : e.worst ? ` at ${e.worst.index}: analytic ${num(e.worst.analytic)}, numeric ${num(e.worst.numeric)}` : ''}`,
  ]);
  const header = ['tensor', 'shape', 'checked', 'max error', 'status'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]): string => r.map((v, c) => (c === r.length - 1 ? v : v.padEnd(widths[c]!))).join('  ');
  return [
    `${title}: ${report.ok ? 'ok' : 'FAILED'} (max error ${fmt(report.maxError)}, tolerance ${fmt(report.tolerance)})${report.problem ? `: ${report.problem}` : ''}`,
    line(header),
    ...rows.map(line),
  ].join('\n');
}
