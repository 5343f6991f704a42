import { afterAll, describe, expect, it } from 'vitest';
import { loadMovieLens100K } from '../../src/data/movielens-100k.js';
import { ANCF } from '../../src/models/ancf.js';
import { Recommender } from '../../src/recommend/index.js';
import { Flags } from '../../src/cli/args.js';
import { withTitles } from '../../src/cli/titles.js';
import { makeFixture } from './fixtures.js';

const fx = makeFixture();
afterAll(() => fx.remove());

describe('withTitles', () => {
  it('adds titles from --data and keeps custom ANCF histories', async () => {
    const { interactions: train } = await loadMovieLens100K(fx.ml100k);
    const model = new ANCF({ numUsers: train.numUsers, numItems: train.numItems, historyLength: 3, seed: 1 });
    // Every user's history is item 0 alone: far from what lastItems(train) would give.
    const histories = { history: new Int32Array(train.numUsers * 3), lengths: new Int32Array(train.numUsers).fill(1), historyLength: 3 };
    const rec = new Recommender({ model, train, histories });
    const stderr: string[] = [];
    const io = { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr.push(s), true) }, env: {} };
    const titled = await withTitles(rec, fx.root, new Flags({ name: 'recommend', summary: '', synopsis: '', options: {} }, { data: fx.ml100k }), io);
    expect(stderr).toEqual([]);
    expect(titled).not.toBe(rec);
    expect(titled.titleOf(train.itemIds!.toExternal(0))).toMatch(/^Movie /);
    expect(Array.from(titled.histories!.lengths)).toEqual(Array.from(histories.lengths));
    const user = train.userIds!.toExternal(0);
    expect(titled.recommend(user, 5).items.map((it) => it.itemId)).toEqual(rec.recommend(user, 5).items.map((it) => it.itemId));
  });
});
