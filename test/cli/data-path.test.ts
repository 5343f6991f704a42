import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATASET_FOLDERS, exampleDataRoots, findData, holds, isDataset, listPaths, resolveDataPath } from '../../src/cli/data-path.js';
import { detectFormat } from '../../src/cli/dataset.js';
import { DATASETS } from '../../src/data/datasets.js';
import { cli, makeFixture } from './fixtures.js';

// fx.root holds ml-100k/ (MovieLens layout) and ncf/: a root, as ../shared/data is.
const fx = makeFixture({ users: 20, items: 30, perUser: 8 });
afterAll(() => fx.remove());

describe('resolveDataPath: a dataset folder, or a root holding one by name', () => {
  it('takes the path itself when it is a dataset, else the first NAME under it', () => {
    expect(resolveDataPath(fx.ml100k).found).toBe(fx.ml100k);
    expect(resolveDataPath(fx.root).found).toBe(fx.ml100k);
    expect(resolveDataPath(fx.root).looked).toEqual([fx.root, ...DATASET_FOLDERS.map((n) => join(fx.root, n))]);
    expect(resolveDataPath(join(fx.root, 'nope')).found).toBeNull();
    // Folder names are the ones `ancf download` creates.
    expect(DATASET_FOLDERS).toEqual(Object.keys(DATASETS));
  });

  it('names and accept narrow what counts', () => {
    expect(resolveDataPath(fx.root, { names: ['ncf', 'ml-100k'] }).found).toBe(join(fx.root, 'ncf'));
    expect(resolveDataPath(fx.root, { names: ['ncf', 'ml-100k'], accept: holds('u.data') }).found).toBe(fx.ml100k);
    expect(resolveDataPath(fx.root, { names: ['ml-100k'], accept: holds('u.data', 'no-such-file') }).found).toBeNull();
    expect(isDataset(join(fx.ncf, 'tiny.train.rating'))).toBe(true); // a file is delimited data
    expect(isDataset(fx.root)).toBe(false);
  });

  it('findData tries each root in turn and reports every path looked at', () => {
    const miss = join(fx.root, 'missing');
    const r = findData([miss, undefined, '', fx.root], { names: ['ml-100k'], accept: holds('u.data') });
    expect(r.found).toBe(fx.ml100k);
    expect(r.looked).toEqual([miss, join(miss, 'ml-100k'), fx.root, fx.ml100k]);
    const none = findData([miss], { names: ['ml-100k'] });
    expect(none).toEqual({ found: null, looked: [miss, join(miss, 'ml-100k')] });
    expect(listPaths(none.looked)).toBe(`${miss} and ${join(miss, 'ml-100k')}`);
    expect(exampleDataRoots({ ANCF_DATA: '/x' })).toEqual(['/x', 'data', '../shared/data']);
    expect(exampleDataRoots({ ANCF_DATA: '' })).toEqual(['data', '../shared/data']);
  });
});

describe('the CLI reads ANCF_DATA (and --data) as a dataset folder or a root of one', () => {
  it('detectFormat resolves a root to its dataset folder', () => {
    expect(detectFormat(fx.root)).toEqual({ format: 'ml-100k', path: fx.ml100k });
    expect(() => detectFormat(fx.ncf + '-none')).toThrow(/does not exist/);
  });

  it('eda with ANCF_DATA set to the root reads ml-100k/ and prints the folder it read', async () => {
    const r = await cli(['eda', '--out', join(fx.root, 'eda'), '--json'], { ANCF_DATA: fx.root });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'ml-100k', path: fx.ml100k, numUsers: 20 });
  });

  it('a root with no dataset folder is refused, naming the folders it would take', async () => {
    const empty = join(fx.root, 'empty-root');
    mkdirSync(empty);
    writeFileSync(join(empty, 'README'), 'nothing');
    const r = await cli(['eda', '--data', empty]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nor a dataset folder (ml-100k/, ml-1m/, ml-latest-small/)');
  });

  it('download with ANCF_DATA naming a root or the dataset folder finds a copy it did not download, and keeps it', async () => {
    for (const env of [{ ANCF_DATA: fx.root }, { ANCF_DATA: fx.ml100k }]) {
      // No network is touched: the copy is found before any download starts.
      const r = await cli(['download', 'ml-100k', '--url', 'http://127.0.0.1:9/never.zip'], env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(`${fx.ml100k}\n`);
      expect(r.stderr).toContain(`ml-100k is already at ${fx.ml100k} (not downloaded by ancf, so no checksum was verified)`);
    }
  });
});
