import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMovieLens100K } from '../../src/data/movielens-100k.js';
import { loadMovieLens1M } from '../../src/data/movielens-1m.js';
import { loadMovieLensLatest } from '../../src/data/movielens-latest.js';
import { loadNcf } from '../../src/data/ncf.js';
import { DataFileError, DataFormatError, EmptyDataError } from '../../src/errors.js';
import { dataRoot, tempFilesPerTest } from './fixtures.js';

const files = tempFilesPerTest();

const genre = 'unknown|0\nAction|1\nComedy|2\n\n';
const item = (id: number, title: string, flags: string) => `${id}|${title}|01-Jan-1995||http://x|${flags}`;

describe('loadMovieLens100K', () => {
  it('reads ratings, titles, genres and demographics aligned with the dense ids', async () => {
    const t = files({
      'u.data': '5\t20\t3\t881250949\n1\t10\t5\t881250950\n5\t10\t1\t881250951\n',
      'u.genre': genre,
      'u.item': [item(10, 'Toy Story (1995)', '0|0|1'), item(20, 'Heat (1995)', '0|1|1'), item(30, 'Unrated (1990)', '1|0|0')].join('\n'),
      'u.user': '1|24|M|technician|85711\n5|33|F|other|15213\n',
    });
    const d = await loadMovieLens100K(t.dir);
    expect(d.interactions.userIds!.ids()).toEqual([1, 5]);
    expect(d.interactions.itemIds!.ids()).toEqual([10, 20]);
    expect(d.items!.titles).toEqual(['Toy Story (1995)', 'Heat (1995)']);
    expect(Array.from(d.items!.years)).toEqual([1995, 1995]);
    expect(d.items!.genres).toEqual(['unknown', 'Action', 'Comedy']);
    expect(Array.from(d.items!.genreIndices.subarray(d.items!.genreOffsets[1]!, d.items!.genreOffsets[2]!))).toEqual([1, 2]);
    expect(d.items!.unratedMovies).toBe(1);
    expect(d.users!.occupations).toEqual(['technician', 'other']);
    expect(Array.from(d.users!.ages)).toEqual([24, 33]);
  });

  it('metadata: false reads only u.data', async () => {
    const t = files({ 'u.data': '1\t1\t1\t1\n', 'u.item': 'garbage' });
    const d = await loadMovieLens100K(t.dir, { metadata: false });
    expect(d.items).toBeUndefined();
  });

  it.each([
    ['u.data', '1\t2\t6\t5', 'rating 6 outside [1, 5]'],
    ['u.data', '1\t2\t3', 'expected 4 fields'],
    ['u.data', 'a\t2\t3\t4', 'user id "a" is not a valid integer id'],
    ['u.item', item(10, 'T', '0|0|x'), 'genre flag 2 is "x"'],
    ['u.item', '10|T|x', 'unexpected number of fields'],
    ['u.user', '1|old|M|x|1', 'age "old" is not an integer'],
  ])('bad %s line %j is a DataFormatError', async (file, bad, reason) => {
    const base: Record<string, string> = { 'u.data': '1\t10\t3\t4', 'u.genre': genre, 'u.item': item(10, 'T (1990)', '0|0|1'), 'u.user': '1|2|M|x|1' };
    base[file] = `${base[file]}\n${bad}\n`;
    const t = files(base);
    const err = (await loadMovieLens100K(t.dir).catch((e: unknown) => e)) as DataFormatError;
    expect(err).toBeInstanceOf(DataFormatError);
    expect(err.file).toBe(join(t.dir, file));
    expect(err.line).toBe(2);
    expect(err.message).toContain(reason);
  });

  it("onBadLine 'skip' folds metadata skips into the report", async () => {
    const t = files({ 'u.data': '1\t10\t3\t4\n1\t11\t9\t4\n', 'u.user': '1|2|M|x|1\nbad\n' });
    const d = await loadMovieLens100K(t.dir, { onBadLine: 'skip' });
    expect(d.report.skipped).toBe(2);
    expect(d.report.skippedSamples.map((s) => s.line)).toEqual([2, 2]);
  });

  const real = join(dataRoot, 'ml-100k');
  const haveReal = existsSync(join(real, 'u.data'));
  if (!haveReal) console.log(`skipping real ML-100K test: ${real} is absent (set ANCF_DATA)`);
  it.skipIf(!haveReal)('the real ML-100K loads with 943 users, 1682 items and 100000 ratings', async () => {
    const d = await loadMovieLens100K(real);
    const s = d.interactions.stats();
    expect([s.numUsers, s.numItems, s.interactions, s.activeUsers, s.activeItems]).toEqual([943, 1682, 100000, 943, 1682]);
    expect(s.ratings).toMatchObject({ min: 1, max: 5 });
    expect(d.report).toMatchObject({ skipped: 0, duplicatesMerged: 0 });
    expect(d.items!.titles[0]).toBe('Toy Story (1995)');
    expect(d.items!.genres).toHaveLength(19);
    expect(d.users!.genders.filter((g) => g === 'F').length + d.users!.genders.filter((g) => g === 'M').length).toBe(943);
    expect(s.perUser.min).toBe(20);
  });

  const ncfDir = join(dataRoot, 'ml-100k-ncf');
  const haveNcf = existsSync(join(ncfDir, 'ml-100k.train.rating'));
  if (!haveNcf) console.log(`skipping real NCF split test: ${ncfDir} is absent (set ANCF_DATA)`);
  it.skipIf(!haveNcf)('the shared NCF split loads: 943 test rows with 99 negatives, none a training positive', async () => {
    const d = await loadNcf(ncfDir, 'ml-100k');
    expect([d.train.numUsers, d.train.numItems, d.train.length + d.test.length]).toEqual([943, 1682, 100000]);
    expect(d.testNegatives).toHaveLength(943);
    let collisions = 0;
    for (let r = 0; r < 943; r++) {
      expect(d.testNegatives[r]).toHaveLength(99);
      for (const n of d.testNegatives[r]!) if (d.train.hasInteraction(d.test.users[r]!, n) || n === d.test.items[r]) collisions++;
    }
    expect(collisions).toBe(0);
  });
});

describe('MovieLens loaders on a folder without the release', () => {
  it.each([
    ['ml-100k', loadMovieLens100K, 'u.data'],
    ['ml-1m', loadMovieLens1M, 'ratings.dat'],
    ['ml-latest-small', loadMovieLensLatest, 'ratings.csv'],
  ] as const)('%s: a DataFileError naming the ratings file and the download command', async (release, load, file) => {
    const dir = files({ 'other.txt': '' }).dir;
    const run = load(dir);
    await expect(run).rejects.toThrow(DataFileError);
    await expect(run).rejects.toThrow(`${join(dir, file)}: no such file: is ${dir} a MovieLens ${release} folder? \`npx ancf download ${release}\``);
  });

  it.each([
    ['train.rating', '0x1\t2\t5\t1', 'user "0x1" is not a non-negative integer'],
    ['train.rating', '1\t2e0\t5\t1', 'item "2e0" is not a non-negative integer'],
    ['test.negative', '(0,1)\t0b11', 'negative 1 "0b11" is not a non-negative integer'],
  ])('NCF %s: ids must be decimal integers (%j)', async (which, bad, reason) => {
    const text: Record<string, string> = { 'train.rating': '0\t0\t5\t1\n', 'test.rating': '0\t1\t4\t2\n', 'test.negative': '(0,1)\t2\n' };
    text[which] = which === 'train.rating' ? `${text[which]}${bad}\n` : `${bad}\n`;
    const dir = files(Object.fromEntries(Object.entries(text).map(([k, v]) => [`p.${k}`, v]))).dir;
    await expect(loadNcf(dir, 'p')).rejects.toThrow(reason);
  });

  it('the NCF split loader names its missing file', async () => {
    const dir = files({ 'other.txt': '' }).dir;
    await expect(loadNcf(dir, 'ml-100k')).rejects.toThrow(`${join(dir, 'ml-100k.train.rating')}: cannot read: no such file (ENOENT)`);
  });
});

describe('loadMovieLens1M', () => {
  it('reads :: files, occupation codes and Latin-1 titles', async () => {
    const t = files({});
    const { writeFileSync } = await import('node:fs');
    writeFileSync(t.path('ratings.dat'), '1::1193::5::978300760\n2::1193::4::978300761\n');
    writeFileSync(t.path('movies.dat'), Buffer.from('1193::Caf\xe9 (1975)::Drama|Comedy\n', 'latin1'));
    writeFileSync(t.path('users.dat'), '1::F::1::10::48067\n2::M::56::16::70072\n');
    const d = await loadMovieLens1M(t.dir);
    expect(d.items!.titles).toEqual(['Café (1975)']);
    expect(d.items!.genreIndices.length).toBe(2);
    expect(d.users!.occupations).toEqual(['K-12 student', 'self-employed']);
    expect(Array.from(d.users!.ages)).toEqual([1, 56]);
  });

  it.each([
    ['ratings.dat', '1::2::3', 'expected 4 fields'],
    ['ratings.dat', '1::2::0::4', 'rating 0 outside [1, 5]'],
    ['users.dat', '1::F::1::99::1', 'occupation code 99 outside 0..20'],
    ['movies.dat', 'x::T::Drama', 'movie id "x" is not an integer'],
    ['movies.dat', '0x4A9::T::Drama', 'movie id "0x4A9" is not an integer'],
  ])('bad %s line %j is a DataFormatError', async (file, bad, reason) => {
    const base: Record<string, string> = { 'ratings.dat': '1::2::3::4\n', 'users.dat': '1::F::1::1::1\n', 'movies.dat': '2::T::Drama\n' };
    base[file] = `${base[file]}${bad}\n`;
    const t = files(base);
    const err = (await loadMovieLens1M(t.dir).catch((e: unknown) => e)) as DataFormatError;
    expect(err).toBeInstanceOf(DataFormatError);
    expect(err.line).toBe(2);
    expect(err.message).toContain(reason);
  });
});

describe('loadMovieLensLatest', () => {
  it('reads ratings.csv with half stars and quoted movies.csv titles', async () => {
    const t = files({
      'ratings.csv': 'userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,3,0.5,964981247\n',
      'movies.csv': 'movieId,title,genres\n1,Toy Story (1995),Adventure|Animation\n3,"American President, The (1995)",(no genres listed)\n',
    });
    const d = await loadMovieLensLatest(t.dir);
    expect(Array.from(d.interactions.ratings!)).toEqual([4, 0.5]);
    expect(d.items!.titles).toEqual(['Toy Story (1995)', 'American President, The (1995)']);
    expect(d.items!.genres).toEqual(['Adventure', 'Animation']);
    expect(d.items!.genreOffsets[2]! - d.items!.genreOffsets[1]!).toBe(0);
    expect(d.users).toBeUndefined();
  });

  it.each([
    ['ratings.csv', '1,1,5.5,9', 'rating 5.5 outside [0.5, 5]'],
    ['ratings.csv', '1,1,4', 'expected 4 fields'],
    ['movies.csv', '7,"Unclosed,Drama', 'malformed CSV'],
    ['movies.csv', '7,Two,Fields,Extra', 'expected 3 fields'],
  ])('bad %s line %j is a DataFormatError', async (file, bad, reason) => {
    const base: Record<string, string> = { 'ratings.csv': 'userId,movieId,rating,timestamp\n1,1,4,9\n', 'movies.csv': 'movieId,title,genres\n1,T,Drama\n' };
    base[file] = `${base[file]}${bad}\n`;
    const t = files(base);
    const err = (await loadMovieLensLatest(t.dir).catch((e: unknown) => e)) as DataFormatError;
    expect(err).toBeInstanceOf(DataFormatError);
    expect(err.line).toBe(3);
    expect(err.message).toContain(reason);
  });

  it('a header-only ratings file is an EmptyDataError', async () => {
    const t = files({ 'ratings.csv': 'userId,movieId,rating,timestamp\n' });
    await expect(loadMovieLensLatest(t.dir)).rejects.toThrow(EmptyDataError);
  });
});

describe('loadNcf', () => {
  const ok = {
    'p.train.rating': '0\t1\t5\t10\n0\t2\t4\t11\n1\t0\t3\t12\n',
    'p.test.rating': '0\t3\t5\t20\n1\t2\t4\t21\n',
    'p.test.negative': '(0,3)\t0\t5\n(1,2)\t4\t1\n',
  };

  it('reads dense ids, sizes from the max over all files, and aligned negatives', async () => {
    const t = files(ok);
    const d = await loadNcf(t.dir, 'p');
    expect([d.train.numUsers, d.train.numItems, d.test.numItems]).toEqual([2, 6, 6]);
    expect(Array.from(d.test.items)).toEqual([3, 2]);
    expect(d.testNegatives.map((n) => Array.from(n))).toEqual([[0, 5], [4, 1]]);
    expect(d.report).toMatchObject({ trainRows: 3, testRows: 2, negativesPerRow: 2 });
  });

  it.each([
    ['p.test.negative', '(0,3)\t0\t5\n(1,9)\t4\n', 'names (1,9) but test row 2 is (1,2)'],
    ['p.test.negative', '(0,3)\t3\t5\n(1,2)\t4\n', 'negative 1 is the held-out item 3 itself'],
    ['p.test.negative', '0,3\t1\n', 'first field must be "(user,item)"'],
    ['p.test.negative', '(0,3)\t1\n', '1 negative lines for 2 test rows'],
    ['p.train.rating', '0\t1\n', 'expected user TAB item TAB rating'],
    ['p.train.rating', '0\t-1\t5\t1\n', 'item "-1" is not a non-negative integer'],
  ])('bad %s is a DataFormatError', async (file, text, reason) => {
    const t = files({ ...ok, [file]: text });
    const err = await loadNcf(t.dir, 'p').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataFormatError);
    expect((err as Error).message).toContain(reason);
  });
});
