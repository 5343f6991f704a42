import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { parseIsoSeconds } from '../../src/data/iso-time.js';

describe('parseIsoSeconds', () => {
  it('a time without an offset is UTC whatever the machine time zone', () => {
    const cases: Array<[string, number]> = [
      ['2020-01-01T00:00:00', Date.UTC(2020, 0, 1)],
      ['2020-07-01', Date.UTC(2020, 6, 1)],
      ['2020-07-01 12:30:15.25', Date.UTC(2020, 6, 1, 12, 30, 15, 250)],
      ['2020-01-01T09:00:00+09:00', Date.UTC(2020, 0, 1)],
      ['2019-12-31T19:00-0500', Date.UTC(2020, 0, 1)],
    ];
    const saved = process.env.TZ;
    try {
      for (const tz of ['America/New_York', 'Asia/Tokyo', 'UTC']) {
        process.env.TZ = tz;
        // the zone change took effect, so a local-time parse would differ from the UTC one
        expect(new Date(2020, 0, 1).getTimezoneOffset()).toBe({ 'America/New_York': 300, 'Asia/Tokyo': -540, UTC: 0 }[tz]);
        for (const [text, ms] of cases) expect(parseIsoSeconds(text)).toBe(ms / 1000);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('reads Z, ±hh, a comma fraction, sub-millisecond digits, padding and years below 100', () => {
    expect(parseIsoSeconds(' 2020-01-01T00:00Z ')).toBe(Date.UTC(2020, 0, 1) / 1000);
    expect(parseIsoSeconds('2020-01-01T05:00+05')).toBe(Date.UTC(2020, 0, 1) / 1000);
    expect(parseIsoSeconds('2020-01-01T00:00:00,5')).toBe(Date.UTC(2020, 0, 1) / 1000 + 0.5);
    expect(parseIsoSeconds('1970-01-01T00:00:00.0005')).toBeCloseTo(0.0005, 12);
    expect(parseIsoSeconds('2024-02-29')).toBe(Date.UTC(2024, 1, 29) / 1000);
    const y50 = new Date(0);
    y50.setUTCFullYear(50, 0, 1);
    expect(parseIsoSeconds('0050-01-01')).toBe(y50.getTime() / 1000);
  });

  it.each(['1', '2020', '2020-1-1', '2020-13-01', '2021-02-29', '1900-02-29', '2020-04-31', '2020-01-01T24:00', '2020-01-01T10:60', '2020-01-01T10:00:60', '2020-01-01T10', 'Jan 1 2020', '2020-01-01Z', '2020-01-01T00:00+25:00', '2020-01-01T00:00+01:60', '1577836800', ''])(
    '%j is NaN',
    (bad) => {
      expect(parseIsoSeconds(bad)).toBeNaN();
    },
  );

  test.prop([fc.date({ min: new Date('0001-01-02T00:00:00Z'), max: new Date('9999-12-30T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: -23 * 60, max: 23 * 60 })])(
    'matches Date.UTC for any instant and offset',
    (d, offsetMin) => {
      const local = new Date(d.getTime() + offsetMin * 60000);
      const sign = offsetMin < 0 ? '-' : '+';
      const a = Math.abs(offsetMin);
      const iso = `${local.toISOString().slice(0, -1)}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
      expect(parseIsoSeconds(iso)).toBe(d.getTime() / 1000);
    },
  );
});
