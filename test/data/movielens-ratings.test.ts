import { describe, expect, it } from 'vitest';
import { loadMovieLensRelease, type RatingsFormat } from '../../src/data/movielens-ratings.js';
import type { BadLineTracker } from '../../src/data/report.js';
import { DataFileError, DataFormatError } from '../../src/errors.js';
import { tempFilesPerTest } from './fixtures.js';

const files = tempFilesPerTest();
const format: RatingsFormat = { release: 'ml-test', columns: { user: 0, item: 1, rating: 2, timestamp: 3 }, delimiter: '::', ratingRange: [1, 5] };

describe('loadMovieLensRelease', () => {
  it('a missing ratings file names the folder and the download command, before reading metadata', async () => {
    const t = files({});
    let called = false;
    const err = await loadMovieLensRelease(t.path('ratings.dat'), format, {}, async () => {
      called = true;
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataFileError);
    expect((err as Error).message).toBe(`${t.path('ratings.dat')}: no such file: is ${t.dir} a MovieLens ml-test folder? \`npx ancf download ml-test\` fetches the official archive`);
    expect(called).toBe(false);
  });

  it('reads the four fields with numeric ids and the release layout; metadata: false skips the metadata reader', async () => {
    const t = files({ 'ratings.dat': '1::10::5::100\n2::10::3::200\n1::20::4::300\n' });
    let called = 0;
    const out = await loadMovieLensRelease(t.path('ratings.dat'), format, { metadata: false }, async () => {
      called++;
    });
    expect(called).toBe(0);
    expect(out.interactions.userIds!.ids()).toEqual([1, 2]);
    expect(out.interactions.itemIds!.ids()).toEqual([10, 20]);
    const x = out.interactions;
    const rows = Array.from(x.users, (u, k) => [x.userIds!.ids()[u], x.itemIds!.ids()[x.items[k]!], x.ratings![k], x.timestamps![k]]);
    expect(rows.sort((a, b) => Number(a[3]) - Number(b[3]))).toEqual([
      [1, 10, 5, 100],
      [2, 10, 3, 200],
      [1, 20, 4, 300],
    ]);
    expect(out.report).toMatchObject({ rows: 3, skipped: 0 });
    expect(out).not.toHaveProperty('items');
  });

  it('a line without exactly four fields, or a rating outside the range, is a bad line', async () => {
    const t = files({ 'ratings.dat': '1::10::5::100\n1::11::4\n1::12::4::5::6\n1::13::9::7\n' });
    const meta = async (): Promise<void> => {};
    await expect(loadMovieLensRelease(t.path('ratings.dat'), format, {}, meta)).rejects.toThrow(DataFormatError);
    const out = await loadMovieLensRelease(t.path('ratings.dat'), format, { onBadLine: 'skip' }, meta);
    expect(out.report).toMatchObject({ rows: 1, skipped: 3 });
    expect(out.report.skippedSamples.map((s) => s.line)).toEqual([2, 3, 4]);
  });

  it("metadata lines skipped under 'skip' are added to the ratings report, samples capped at 20", async () => {
    const t = files({ 'ratings.dat': '1::10::5::100\n1::11::9::100\n' });
    const out = await loadMovieLensRelease(t.path('ratings.dat'), format, { onBadLine: 'skip' }, async (data, bad: BadLineTracker) => {
      expect(bad.policy).toBe('skip');
      for (let k = 1; k <= 25; k++) bad.bad('movies.dat', k, `m${k}`, 'bad title');
      data.items = { titles: [null], years: Float32Array.of(Number.NaN), genres: [], genreOffsets: Int32Array.of(0, 0), genreIndices: new Int32Array(0), unratedMovies: 0 };
    });
    expect(out.report.skipped).toBe(26);
    expect(out.report.skippedSamples).toHaveLength(20);
    expect(out.report.skippedSamples[0]).toMatchObject({ line: 2 });
    expect(out.report.skippedSamples[1]).toMatchObject({ file: 'movies.dat', line: 1 });
    expect(out).toHaveProperty('items');
  });

  it("under onBadLine 'error' the metadata reader's tracker throws", async () => {
    const t = files({ 'ratings.dat': '1::10::5::100\n' });
    const err = await loadMovieLensRelease(t.path('ratings.dat'), format, {}, async (_d, bad) => bad.bad('movies.dat', 3, 'x', 'bad title')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataFormatError);
    expect((err as DataFormatError).line).toBe(3);
  });

  it('passes the duplicate policy through', async () => {
    const t = files({ 'ratings.dat': '1::10::2::100\n1::10::4::200\n' });
    for (const [duplicates, want] of [['last', 4], ['sum', 6]] as const) {
      const out = await loadMovieLensRelease(t.path('ratings.dat'), format, { duplicates, metadata: false }, async () => {});
      expect(Array.from(out.interactions.ratings!)).toEqual([want]);
      expect(out.report).toMatchObject({ duplicatesMerged: 1, duplicatePolicy: duplicates });
    }
  });
});
