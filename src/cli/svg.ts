/** One bar: its x-axis label and height. */
export interface Bar {
  readonly label: string;
  readonly value: number;
}

export interface BarChart {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly bars: readonly Bar[];
}

const W = 640;
const H = 360;
const M = { left: 64, right: 16, top: 36, bottom: 64 };

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** A "nice" axis maximum and step: 1, 2 or 5 times a power of ten, about 5 ticks. */
export function niceTicks(max: number): { top: number; step: number } {
  if (!(max > 0)) return { top: 1, step: 1 };
  const raw = max / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw)!;
  return { top: Math.ceil(max / step) * step, step };
}

const fmt = (v: number): string => (v >= 1e6 ? `${+(v / 1e6).toFixed(1)}M` : v >= 1e3 ? `${+(v / 1e3).toFixed(1)}k` : `${+v.toFixed(2)}`);

/**
 * A self-contained SVG bar chart: axes, y ticks, bar labels (thinned to at most ~16
 * so they stay legible), a title. No scripts, no external fonts or styles.
 */
export function barChartSvg(c: BarChart): string {
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const n = Math.max(1, c.bars.length);
  const { top, step } = niceTicks(Math.max(0, ...c.bars.map((b) => b.value)));
  const slot = plotW / n;
  const y = (v: number): number => M.top + plotH - (plotH * v) / top;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(c.title)}</title>`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(c.title)}</text>`,
  ];
  for (let v = 0; v <= top + 1e-9; v += step) {
    const yy = y(v).toFixed(1);
    out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${yy}" y2="${yy}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${M.left - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle">${fmt(v)}</text>`);
  }
  const every = Math.ceil(n / 16);
  c.bars.forEach((b, k) => {
    const x = M.left + k * slot;
    const h = (plotH * Math.max(0, b.value)) / top;
    out.push(`<rect x="${(x + slot * 0.1).toFixed(1)}" y="${(M.top + plotH - h).toFixed(1)}" width="${(slot * 0.8).toFixed(1)}" height="${h.toFixed(1)}" fill="#4878a8"><title>${escapeXml(`${b.label}: ${b.value}`)}</title></rect>`);
    if (k % every === 0) {
      const lx = (x + slot / 2).toFixed(1);
      const ly = M.top + plotH + 12;
      out.push(`<text x="${lx}" y="${ly}" text-anchor="end" transform="rotate(-35 ${lx} ${ly})">${escapeXml(b.label)}</text>`);
    }
  });
  out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${M.top + plotH}" y2="${M.top + plotH}" stroke="black"/>`);
  out.push(`<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + plotH}" stroke="black"/>`);
  out.push(`<text x="${M.left + plotW / 2}" y="${H - 6}" text-anchor="middle">${escapeXml(c.xLabel)}</text>`);
  out.push(`<text x="14" y="${M.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 14 ${M.top + plotH / 2})">${escapeXml(c.yLabel)}</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/**
 * Counts binned on powers of two, [1], [2], [3, 4], [5, 8], ...: interaction counts
 * are heavy-tailed, so linear bins would put nearly everything in the first bar.
 * Zero counts get their own bin when present; empty bins below the smallest count
 * are left out (MovieLens users all have 20+ ratings).
 */
export function log2Bins(counts: ArrayLike<number>): Bar[] {
  let max = 0;
  let zeros = 0;
  for (let k = 0; k < counts.length; k++) {
    max = Math.max(max, counts[k]!);
    if (counts[k] === 0) zeros++;
  }
  const bins: Bar[] = [];
  if (zeros > 0) bins.push({ label: '0', value: zeros });
  if (max === 0) return bins;
  const nb = Math.ceil(Math.log2(max));
  const values = new Array<number>(nb + 1).fill(0);
  for (let k = 0; k < counts.length; k++) {
    const c = counts[k]!;
    if (c > 0) values[c === 1 ? 0 : Math.ceil(Math.log2(c))]!++;
  }
  while (values.length > 1 && values[values.length - 1] === 0) values.pop();
  let first = 0;
  while (values[first] === 0) first++;
  values.forEach((v, b) => {
    if (b < first) return;
    const lo = b === 0 ? 1 : 2 ** (b - 1) + 1;
    const hi = 2 ** b;
    bins.push({ label: lo === hi ? `${lo}` : `${lo}-${hi}`, value: v });
  });
  return bins;
}
