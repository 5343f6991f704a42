import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyConfig, readConfigFile, TRAIN_DEFAULTS } from '../../src/cli/config.js';
import { dataPath, describeSource, detectFormat, loadDataset, looksLikeHeader } from '../../src/cli/dataset.js';
import { prepareSplit } from '../../src/cli/split.js';
import { ArgumentError } from '../../src/errors.js';
import { makeFixture } from './fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'ancf-detect-'));
const fx = makeFixture();
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  fx.remove();
});

function dir(name: string, files: Record<string, string>): string {
  const d = join(root, name);
  mkdirSync(d, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(d, f), text);
  return d;
}

describe('detectFormat', () => {
  it.each([
    ['u.data', 'ml-100k'],
    ['ratings.dat', 'ml-1m'],
    ['ratings.csv', 'ml-latest'],
  ])('a folder with %s is %s', (file, format) => {
    expect(detectFormat(dir(`d-${format}`, { [file]: '' })).format).toBe(format);
  });

  it('NCF files win, with the prefix inferred or given', () => {
    const d = dir('ncf', { 'x.train.rating': '', 'u.data': '' });
    expect(detectFormat(d)).toMatchObject({ format: 'ncf', prefix: 'x' });
    const two = dir('ncf2', { 'a.train.rating': '', 'b.train.rating': '' });
    expect(() => detectFormat(two)).toThrow(/several NCF splits \(a, b\); choose one with --prefix/);
    expect(detectFormat(two, 'b')).toMatchObject({ format: 'ncf', prefix: 'b' });
    expect(() => detectFormat(two, 'c')).toThrow(ArgumentError);
  });

  it('refuses a folder with nothing it knows, and a missing path', () => {
    expect(() => detectFormat(dir('empty', { 'notes.txt': '' }))).toThrow(/holds none of u.data/);
    expect(() => detectFormat(join(root, 'nope'))).toThrow(/does not exist/);
  });

  it('a plain file is delimited text; the separator and header are sniffed', async () => {
    const d = dir('files', {
      'a.csv': 'user,item,rating,ts\nalice,x,4,10\nbob,y,5,11\nalice,y,2,12\n',
      'b.dat': '1::10::5::100\n2::10::3::101\n',
      'c.tsv': 'u1\ti1\nu2\ti1\n',
    });
    const a = await loadDataset(join(d, 'a.csv'));
    expect(a.format).toBe('delimited');
    expect(a.all.length).toBe(3);
    expect(a.userIds.ids().sort()).toEqual(['alice', 'bob']);
    expect(Array.from(a.all.ratings!)).toContain(4);
    expect((await loadDataset(join(d, 'b.dat'))).all.length).toBe(2);
    const c = await loadDataset(join(d, 'c.tsv'));
    expect(c.all.length).toBe(2);
    expect(c.all.ratings).toBeNull();
  });

  it('a first line is a header only when it names columns or, with 3+ columns, holds no number', () => {
    expect(looksLikeHeader(['userId', 'movieId', 'rating', 'timestamp'])).toBe(true);
    expect(looksLikeHeader(['"user_id"', 'item_id'])).toBe(true);
    expect(looksLikeHeader(['u', 'i', 'r', 't'])).toBe(true);
    expect(looksLikeHeader(['1', '10', 'x', '100'])).toBe(false);
    expect(looksLikeHeader(['1', '10', 'NaN', '100'])).toBe(false);
    expect(looksLikeHeader(['1', '10', 'NaN'])).toBe(false);
    expect(looksLikeHeader(['alice', 'matrix', '4'])).toBe(false);
    // Two columns of string ids are data: only column names make them a header.
    expect(looksLikeHeader(['alice', 'matrix'])).toBe(false);
    expect(looksLikeHeader(['user1', 'item1'])).toBe(false);
  });

  it('a bad first data line is refused with its line number, not dropped as a header', async () => {
    const d = dir('bad-first', { 'x.csv': '1,10,x,100\n2,10,3,101\n', 'nan.csv': '1,10,NaN,100\n2,10,3,101\n', 'ok.csv': 'u,i,r,t\n1,10,4,100\n2,10,3,101\n', 'b.dat': '1::10::5::100\n2::10::3::101\n' });
    await expect(loadDataset(join(d, 'x.csv'))).rejects.toThrow(/x\.csv:1: rating "x" is not a finite number/);
    await expect(loadDataset(join(d, 'nan.csv'))).rejects.toThrow(/nan\.csv:1: rating "NaN" is not a finite number/);
    const ok = await loadDataset(join(d, 'ok.csv'));
    expect(ok.all.length).toBe(2);
    expect(ok.header).toBe('u,i,r,t');
    expect(describeSource(ok)).toBe(`${join(d, 'ok.csv')} (delimited; first line read as a header and skipped: "u,i,r,t")`);
    const b = await loadDataset(join(d, 'b.dat'));
    expect(b.header).toBeUndefined();
    expect(describeSource(b)).toBe(`${b.path} (delimited)`);
  });

  it('dataPath prefers the flag, then ANCF_DATA', () => {
    expect(dataPath('a', { ANCF_DATA: 'b' })).toBe('a');
    expect(dataPath(undefined, { ANCF_DATA: 'b' })).toBe('b');
    expect(dataPath(undefined, { ANCF_DATA: '' })).toBeNull();
  });
});

describe('loadDataset and prepareSplit on the fixture', () => {
  it('reads the same interactions from the MovieLens and NCF layouts', async () => {
    const ml = await loadDataset(fx.ml100k);
    const ncf = await loadDataset(fx.ncf);
    expect(ml.all.length).toBe(ncf.all.length);
    expect(ml.titles?.[0]).toBe('Movie 1 (1990)');
    expect(ncf.fixed?.testNegatives[0]).toHaveLength(20);
  });

  it('splits deterministically, keeps test out of train and validation, and caps negatives', async () => {
    const ml = await loadDataset(fx.ml100k);
    const spec = { kind: 'loo' as const, testRatio: 0.1, negatives: 99, seed: 3 };
    const a = prepareSplit(ml, spec, { validation: true });
    const b = prepareSplit(ml, spec, { validation: true });
    expect(Array.from(a.test.items)).toEqual(Array.from(b.test.items));
    expect(a.testNegatives.map((n) => Array.from(n))).toEqual(b.testNegatives.map((n) => Array.from(n)));
    expect(a.train.length + a.validation!.length + a.test.length).toBe(ml.all.length);
    const key = (x: typeof a.test, r: number): string => `${x.users[r]},${x.items[r]}`;
    const trainKeys = new Set(Array.from({ length: a.train.length }, (_, r) => key(a.train, r)));
    for (let r = 0; r < a.test.length; r++) expect(trainKeys.has(key(a.test, r))).toBe(false);
    // 60 items, a user with up to 18 of them: fewer than 99 negatives exist, so the count is capped.
    expect(a.negatives).toBeLessThan(99);
    for (const [r, neg] of a.testNegatives.entries()) for (const i of neg) expect(ml.all.itemsOf(a.test.users[r]!)).not.toContain(i);
  });
});

describe('train config', () => {
  it('applies camelCase and kebab-case keys and coerces strings', () => {
    const c = applyConfig(TRAIN_DEFAULTS, { 'batch-size': '64', lr: 0.01, layers: '32,16', model: 'gmf' }, 'x');
    expect(c).toMatchObject({ batchSize: 64, lr: 0.01, layers: [32, 16], model: 'gmf', epochs: TRAIN_DEFAULTS.epochs });
  });

  it.each([
    [{ batchSize: 0 }, 'x.batchSize: must be an integer >= 1; got 0'],
    [{ epochs: 1.5 }, 'x.epochs: must be an integer >= 1; got 1.5'],
    [{ loss: 'hinge' }, /x.loss: must be one of bce, bpr, mse/],
    [{ layers: [8, -1] }, /x.layers: must be a list of positive integers/],
    [{ lerning_rate: 1 }, /unknown setting "lerning_rate"/],
    [{ dropout: 1 }, 'x.dropout: must be a number in [0, 1); got 1'],
    [{ lr: '0' }, 'x.lr: must be a number > 0; got "0"'],
    [{ weightDecay: -1 }, 'x.weightDecay: must be a number >= 0; got -1'],
    [{ seed: true }, 'x.seed: must be an integer >= 0; got true'],
  ])('refuses %j', (o, message) => {
    expect(() => applyConfig(TRAIN_DEFAULTS, o, 'x')).toThrow(message);
  });

  it('reads YAML and JSON files, and names a file that does not parse', async () => {
    const d = dir('configs', { 'a.yaml': 'model: ancf\nlayers: [32, 16, 8]\nepochs: 2\n', 'b.json': '{"lr": 0.5}', 'c.json': '{nope', 'd.yml': '- 1\n- 2\n' });
    expect(await readConfigFile(join(d, 'a.yaml'))).toEqual({ model: 'ancf', layers: [32, 16, 8], epochs: 2 });
    expect(await readConfigFile(join(d, 'b.json'))).toEqual({ lr: 0.5 });
    await expect(readConfigFile(join(d, 'c.json'))).rejects.toThrow(/c.json does not parse/);
    await expect(readConfigFile(join(d, 'd.yml'))).rejects.toThrow(/must hold an object/);
    await expect(readConfigFile(join(d, 'missing.json'))).rejects.toThrow(/cannot read .*ENOENT/);
  });
});
