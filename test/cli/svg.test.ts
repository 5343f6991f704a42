import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { monthBars, ratingBars } from '../../src/cli/commands/eda.js';
import { barChartSvg, escapeXml, log2Bins, niceTicks } from '../../src/cli/svg.js';

/** Naive reference: bin of c >= 1 is the smallest b with c <= 2^b. */
function naiveBin(c: number): number {
  let b = 0;
  while (2 ** b < c) b++;
  return b;
}

describe('log2Bins', () => {
  it('puts each count in the power-of-two bin a naive loop chooses, and loses none', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 200 }), (counts) => {
        const bars = log2Bins(counts);
        const total = bars.reduce((s, b) => s + b.value, 0);
        expect(total).toBe(counts.length);
        const byLabel = new Map(bars.map((b) => [b.label, b.value]));
        const expected = new Map<string, number>();
        for (const c of counts) {
          const b = naiveBin(c);
          const label = c === 0 ? '0' : b === 0 ? '1' : 2 ** (b - 1) + 1 === 2 ** b ? `${2 ** b}` : `${2 ** (b - 1) + 1}-${2 ** b}`;
          expected.set(label, (expected.get(label) ?? 0) + 1);
        }
        for (const [label, n] of expected) expect(byLabel.get(label)).toBe(n);
      }),
    );
  });

  it('labels a hand-computed case', () => {
    expect(log2Bins([1, 2, 3, 4, 5, 9, 0])).toEqual([
      { label: '0', value: 1 },
      { label: '1', value: 1 },
      { label: '2', value: 1 },
      { label: '3-4', value: 2 },
      { label: '5-8', value: 1 },
      { label: '9-16', value: 1 },
    ]);
  });
});

describe('chart pieces', () => {
  it('niceTicks picks 1/2/5 steps covering the maximum', () => {
    expect(niceTicks(0)).toEqual({ top: 1, step: 1 });
    expect(niceTicks(37)).toEqual({ top: 40, step: 10 });
    expect(niceTicks(1234)).toEqual({ top: 1500, step: 500 }); // 1234/5 = 247 > 200, so 500
    fc.assert(fc.property(fc.double({ min: 1e-3, max: 1e9, noNaN: true }), (m) => {
      const { top, step } = niceTicks(m);
      expect(top).toBeGreaterThanOrEqual(m);
      expect(top / step).toBeLessThanOrEqual(10.0001);
    }));
  });

  it('escapes markup in titles and labels', () => {
    expect(escapeXml(`<a & "b">`)).toBe('&lt;a &amp; &quot;b&quot;&gt;');
    const svg = barChartSvg({ title: 'T<1>', xLabel: 'x', yLabel: 'y', bars: [{ label: 'a&b', value: 3 }, { label: 'c', value: 1 }] });
    expect(svg).toContain('T&lt;1&gt;');
    expect(svg).toContain('a&amp;b');
    expect(svg).not.toContain('a&b');
    expect(svg.match(/<rect x=/g)).toHaveLength(2);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
  });

  it('ratingBars counts each distinct rating, ascending', () => {
    expect(ratingBars(Float32Array.of(5, 3, 3, 0.5, 5, 5))).toEqual([
      { label: '0.5', value: 1 },
      { label: '3', value: 2 },
      { label: '5', value: 3 },
    ]);
  });

  it('monthBars counts per UTC month, empty months included', () => {
    const t = (iso: string): number => Date.parse(iso) / 1000;
    const bars = monthBars(Float64Array.of(t('1997-11-30T23:00:00Z'), t('1998-01-01T00:00:00Z'), t('1998-01-31T00:00:00Z')));
    expect(bars).toEqual([
      { label: '1997-11', value: 1 },
      { label: '1997-12', value: 0 },
      { label: '1998-01', value: 2 },
    ]);
  });
});

describe('log2Bins trimming', () => {
  it('starts at the smallest count, keeping empty bins in between', () => {
    expect(log2Bins([20, 21, 100]).map((b) => b.label)).toEqual(['17-32', '33-64', '65-128']);
  });
});
