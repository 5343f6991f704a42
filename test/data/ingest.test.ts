import { describe, expect, it } from 'vitest';
import { readDelimited } from '../../src/data/delimited.js';
import { IdMap } from '../../src/data/id-map.js';
import { ArgumentError, DataFormatError } from '../../src/errors.js';
import { tempFilesPerTest } from './fixtures.js';

const files = tempFilesPerTest();

describe("timestampFormat 'iso'", () => {
  // parseIsoSeconds itself is tested in iso-time.test.ts; here only its use by ingest.
  it('reads ISO times as seconds, offsets applied', async () => {
    const t = files({ 'r.csv': 'a,x,2020-07-01\nb,y,2020-01-01T09:00:00+09:00\n' });
    const { interactions: x } = await readDelimited(t.path('r.csv'), { columns: { user: 0, item: 1, timestamp: 2 }, timestampFormat: 'iso' });
    expect(Array.from(x.timestamps!)).toEqual([Date.UTC(2020, 6, 1) / 1000, Date.UTC(2020, 0, 1) / 1000]);
  });

  it.each(['2021-02-29', '1577836800', ''])('%j is a bad line naming the field', async (bad) => {
    const t = files({ 'r.csv': `a,x,2020-01-01\nb,y,${bad}\n` });
    const err = (await readDelimited(t.path('r.csv'), { columns: { user: 0, item: 1, timestamp: 2 }, timestampFormat: 'iso', quote: false }).catch((e: unknown) => e)) as DataFormatError;
    expect(err).toBeInstanceOf(DataFormatError);
    expect(err.line).toBe(2);
    expect(err.reason).toBe(`timestamp ${JSON.stringify(bad)} is not a valid iso time`);
  });
});

describe("idType 'number'", () => {
  it('only decimal integers are ids, so 16, 0x10, 1.6e1 and 0b10000 cannot merge into one', async () => {
    const t = files({ 'r.csv': '16,1\n0x10,2\n1.6e1,3\n 16 ,4\n0b10000,5\n16.0,6\n+16,7\n,8\n-0,9\n' });
    const { interactions: x, report } = await readDelimited(t.path('r.csv'), { columns: { user: 0, item: 1 }, idType: 'number', quote: false, onBadLine: 'skip' });
    expect(x.userIds!.ids()).toEqual([0, 16]);
    expect(Object.is(x.userIds!.ids()[0], 0)).toBe(true);
    expect(x.itemIds!.ids()).toEqual([1, 4, 7, 9]);
    expect(report.skippedSamples.map((s) => [s.line, s.reason])).toEqual([
      [2, 'user id "0x10" is not a valid integer id'],
      [3, 'user id "1.6e1" is not a valid integer id'],
      [5, 'user id "0b10000" is not a valid integer id'],
      [6, 'user id "16.0" is not a valid integer id'],
      [8, 'user id "" is not a valid integer id'],
    ]);
  });

  it('ratings and timestamps are decimal numbers: 0x4, 0b1 and 0o7 are bad lines, 1e0 and " 3.5 " are not', async () => {
    const t = files({ 'r.csv': '1,1,0x4\n2,1,4\n3,1, 3.5 \n4,1,1e0\n5,1,0b1\n6,1,0o7\n' });
    const { interactions: x, report } = await readDelimited(t.path('r.csv'), { columns: { user: 0, item: 1, rating: 2 }, idType: 'number', quote: false, onBadLine: 'skip' });
    expect(Array.from(x.ratings!)).toEqual([4, 3.5, 1]);
    expect(report.skippedSamples.map((s) => s.line)).toEqual([1, 5, 6]);
    expect(report.skippedSamples[0]!.reason).toBe('rating "0x4" is not a finite number');
  });

  it('item ids that are numbers beyond 2^53 are bad lines', async () => {
    const t = files({ 'r.csv': '1,9007199254740993\n1,2\n' });
    const err = await readDelimited(t.path('r.csv'), { columns: { user: 0, item: 1 }, idType: 'number' }).catch((e: unknown) => e);
    expect((err as DataFormatError).reason).toBe('item id "9007199254740993" is not a valid integer id');
  });
});

describe('frozen id maps', () => {
  it('a row rejected for an unknown id adds neither of its ids to the fresh map', async () => {
    const t = files({ 'r.csv': 'alice,i1\nbob,i999\ncarol,i2\n', 'u.csv': 'u1,x\nu9,ghost\nu2,y\n' });
    const items = await readDelimited(t.path('r.csv'), { columns: { user: 0, item: 1 }, itemIds: IdMap.from(['i1', 'i2'], 'item'), onBadLine: 'skip' });
    expect(items.interactions.userIds!.ids()).toEqual(['alice', 'carol']);
    expect(Array.from(items.interactions.countsPerUser())).toEqual([1, 1]);
    expect(items.report).toMatchObject({ rows: 2, skipped: 1, unknownIds: 1 });
    const users = await readDelimited(t.path('u.csv'), { columns: { user: 0, item: 1 }, userIds: IdMap.from(['u1', 'u2'], 'user'), onBadLine: 'skip' });
    expect(users.interactions.itemIds!.ids()).toEqual(['x', 'y']);
    expect(users.report.skippedSamples[0]!.reason).toBe('user "u9" is not in the given id map');
  });
});

describe('ratingRange', () => {
  it.each([[[Number.NaN, 5]], [[1, Number.NaN]], [[5, 1]], [[1]], ['1-5']])('%j is an ArgumentError before reading', async (range) => {
    const t = files({ 'r.csv': '1,1,3\n' });
    const err = await readDelimited(t.path('r.csv'), { columns: { user: 0, item: 1, rating: 2 }, ratingRange: range as unknown as [number, number] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArgumentError);
    expect((err as Error).message).toMatch(/^ratingRange: must be \[min, max\] with min <= max/);
  });

  it('accepts an infinite bound', async () => {
    const t = files({ 'r.csv': '1,1,-30\n1,2,7\n' });
    const { report } = await readDelimited(t.path('r.csv'), { columns: { user: 0, item: 1, rating: 2 }, ratingRange: [Number.NEGATIVE_INFINITY, 5], onBadLine: 'skip' });
    expect(report).toMatchObject({ rows: 1, skipped: 1 });
  });
});
