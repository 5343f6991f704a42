import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { Recommender } from '../../src/recommend/index.js';
import { writeRecommendations } from '../../src/recommend/node.js';
import { pairs, Table } from './fixtures.js';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ancf-export-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('writeRecommendations (recommendations.json)', () => {
  // Users 100..102 (numeric ids), items 500..504; user 102 has no interactions.
  const train = pairs([[0, 0], [0, 3], [1, 1], [1, 2], [1, 4]], 3, 5);
  const rec = new Recommender({ model: new Table(3, 5, Float32Array.from([1, 2, 3, 4, 5, 5, 4, 3, 2, 1, 0, 0, 0, 0, 0])), train, itemTitles: () => 'a title' });

  it('writes { userId: [{ itemId, score }] } for every user, seen items excluded, ids keeping their type', async () => {
    const path = join(root, 'recommendations.json');
    await writeRecommendations(path, rec.exportAll(2));
    const text = await readFile(path, 'utf8');
    expect(JSON.parse(text)).toEqual({
      '100': [{ itemId: 504, score: 5 }, { itemId: 502, score: 3 }],
      '101': [{ itemId: 500, score: 5 }, { itemId: 503, score: 2 }],
      // Cold start: popularity counts (one each, ties to the lower index).
      '102': [{ itemId: 500, score: 1 }, { itemId: 501, score: 1 }],
    });
    expect(text).toBe(
      '{\n' +
        '  "100": [{"itemId":504,"score":5}, {"itemId":502,"score":3}],\n' +
        '  "101": [{"itemId":500,"score":5}, {"itemId":503,"score":2}],\n' +
        '  "102": [{"itemId":500,"score":1}, {"itemId":501,"score":1}]\n' +
        '}\n',
    );
    expect(await readdir(root)).toEqual(['recommendations.json']);
  });

  it('takes a list of Recommendations as well, and replaces an existing file whole', async () => {
    const path = join(root, 'list.json');
    await writeRecommendations(path, rec.exportAll(5));
    await writeRecommendations(path, rec.recommendBatch([101, 'new-user'], 1));
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ '101': [{ itemId: 500, score: 5 }], 'new-user': [{ itemId: 500, score: 1 }] });
    await writeRecommendations(path, {});
    expect(await readFile(path, 'utf8')).toBe('{}\n');
  });

  it('rejects lists without a user, duplicate users and scores JSON cannot hold', async () => {
    const path = join(root, 'bad.json');
    await expect(writeRecommendations(path, [rec.recommendFromHistory([500], 1)])).rejects.toThrow(/entry 0 has no userId/);
    await expect(writeRecommendations(path, rec.recommendBatch([100, '100'], 1))).rejects.toThrow(/user "100" appears twice/);
    await expect(writeRecommendations(path, { u: [{ itemId: 1, score: Number.NaN }] })).rejects.toThrow(ArgumentError);
    await expect(readFile(path)).rejects.toThrow(/ENOENT/);
  });
});
