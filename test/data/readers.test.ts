import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { mergeDuplicates } from '../../src/data/builder.js';
import { readDelimited } from '../../src/data/delimited.js';
import { IdMap } from '../../src/data/id-map.js';
import { readJsonLines } from '../../src/data/jsonl.js';
import { DataFileError, DataFormatError, EmptyDataError } from '../../src/errors.js';
import { tempFilesPerTest } from './fixtures.js';

const files = tempFilesPerTest();
const cols = { user: 0, item: 1, rating: 2, timestamp: 3 };

describe('readDelimited', () => {
  it('reads named columns with CSV quoting, CRLF and a BOM, mapping ids densely in sorted order', async () => {
    const t = files({ 'r.csv': '\ufeffitem,"user id",score,when\r\n"x,1",bob,4.5,100\r\ny,alice,3,200\r\n\r\n"x,1",alice,2,300\r\n' });
    const { interactions: x, report } = await readDelimited(t.path('r.csv'), { columns: { user: 'user id', item: 'item', rating: 'score', timestamp: 'when' } });
    expect(x.userIds!.ids()).toEqual(['alice', 'bob']);
    expect(x.itemIds!.ids()).toEqual(['x,1', 'y']);
    expect(x.length).toBe(3);
    // output rows are sorted by (user, item)
    expect(Array.from(x.users)).toEqual([0, 0, 1]);
    expect(Array.from(x.items)).toEqual([0, 1, 0]);
    expect(Array.from(x.ratings!)).toEqual([2, 3, 4.5]);
    expect(Array.from(x.timestamps!)).toEqual([300, 200, 100]);
    expect(report).toMatchObject({ lines: 3, rows: 3, skipped: 0, duplicatesMerged: 0 });
  });

  it('unquoted fast path with a multi-character delimiter and comments', async () => {
    const t = files({ 'r.dat': '# comment\n1::10::5::7\n2::10::1::8\n' });
    const { interactions: x } = await readDelimited(t.path('r.dat'), { columns: cols, delimiter: '::', quote: false, comment: '#', idType: 'number' });
    expect(x.userIds!.ids()).toEqual([1, 2]);
    expect(x.itemIds!.ids()).toEqual([10]);
  });

  it.each([
    ['1,2,x,4', 'rating "x" is not a finite number', 1],
    ['1,2,Infinity,4', 'rating "Infinity" is not a finite number', 1],
    ['1,2,9,4', 'rating 9 outside [1, 5]', 1],
    ['1,2,,4', 'rating "" is not a finite number', 1],
    ['1,2,3', 'expected 4 fields', 1],
    ['1.5,2,3,4', 'user id "1.5" is not a valid integer id', 1],
    ['1,2,3,later', 'timestamp "later" is not a valid unix time', 1],
  ])('rejects %j with DataFormatError naming file, line and text', async (bad, reason) => {
    const t = files({ 'r.csv': `1,1,3,4\n${bad}\n` });
    const err = await readDelimited(t.path('r.csv'), { columns: cols, idType: 'number', ratingRange: [1, 5], fieldCount: 4, quote: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataFormatError);
    const e = err as DataFormatError;
    expect(e.file).toBe(t.path('r.csv'));
    expect(e.line).toBe(2);
    expect(e.text).toBe(bad);
    expect(e.message).toContain(reason);
  });

  it("onBadLine 'skip' counts and reports skipped lines (quoting errors stay fatal: test/data/delimited.test.ts)", async () => {
    const t = files({ 'r.csv': 'u,i,r\n1,1,3\n2,2,NaN\n3,"3",x\n4,4,4\n' });
    const { interactions, report } = await readDelimited(t.path('r.csv'), { columns: { user: 'u', item: 'i', rating: 'r' }, onBadLine: 'skip' });
    expect(interactions.length).toBe(2);
    expect(report).toMatchObject({ lines: 4, rows: 2, skipped: 2 });
    expect(report.skippedSamples.map((s) => [s.line, s.text])).toEqual([[3, '2,2,NaN'], [4, '3,"3",x']]);
  });

  it('a quoting error under the default policy is a DataFormatError', async () => {
    const t = files({ 'r.csv': 'a,b\n"1,2\n' });
    await expect(readDelimited(t.path('r.csv'), { columns: { user: 0, item: 1 }, header: true })).rejects.toThrow(DataFormatError);
  });

  it('a missing file or a folder is a DataFileError naming it, on both the split and the csv-parse paths', async () => {
    const t = files({ 'r.csv': '1,2\n' });
    const missing = t.path('nope.csv');
    for (const quote of [false, '"'] as const) {
      await expect(readDelimited(missing, { columns: { user: 0, item: 1 }, quote })).rejects.toThrow(DataFileError);
      await expect(readDelimited(missing, { columns: { user: 0, item: 1 }, quote })).rejects.toThrow(`${missing}: cannot read: no such file (ENOENT)`);
      const folder = t.dir;
      await expect(readDelimited(folder, { columns: { user: 0, item: 1 }, quote })).rejects.toThrow(`${folder}: cannot read: is a folder, not a file (EISDIR)`);
    }
  });

  it('a header without the named column is a DataFormatError at line 1', async () => {
    const t = files({ 'r.csv': 'a,b\n1,2\n' });
    await expect(readDelimited(t.path('r.csv'), { columns: { user: 'a', item: 'c' } })).rejects.toThrow(/:1: header has no column "c"/);
  });

  it('an empty result is an EmptyDataError, also when every line was skipped', async () => {
    const t = files({ 'e.csv': '\n\n', 'b.csv': 'x\n' });
    await expect(readDelimited(t.path('e.csv'), { columns: { user: 0, item: 1 } })).rejects.toThrow(EmptyDataError);
    await expect(readDelimited(t.path('b.csv'), { columns: { user: 0, item: 1 }, onBadLine: 'skip' })).rejects.toThrow('no interactions were read');
  });

  it('duplicate pairs: last (default), max and sum, with the merged count reported', async () => {
    const t = files({ 'd.csv': '1,1,2,10\n1,1,5,30\n1,1,4,20\n2,1,3,5\n' });
    const read = (duplicates?: 'last' | 'max' | 'sum') => readDelimited(t.path('d.csv'), { columns: cols, idType: 'number', ...(duplicates ? { duplicates } : {}) });
    const last = await read();
    expect(last.report.duplicatesMerged).toBe(2);
    expect([last.interactions.ratings![0], last.interactions.timestamps![0]]).toEqual([4, 20]);
    const max = await read('max');
    expect([max.interactions.ratings![0], max.interactions.timestamps![0]]).toEqual([5, 30]);
    const sum = await read('sum');
    expect([sum.interactions.ratings![0], sum.interactions.timestamps![0]]).toEqual([11, 30]);
    expect(sum.interactions.length).toBe(2);
  });

  it('frozen id maps: unknown ids are bad lines, counted as unknownIds', async () => {
    const t = files({ 'r.csv': 'a,x\nb,y\nz,x\n' });
    const userIds = IdMap.from(['a', 'b'], 'user');
    const itemIds = IdMap.from(['x'], 'item');
    const { interactions, report } = await readDelimited(t.path('r.csv'), { columns: { user: 0, item: 1 }, userIds, itemIds, onBadLine: 'skip' });
    expect(interactions.userIds).toBe(userIds);
    expect(interactions.length).toBe(1);
    expect(report).toMatchObject({ skipped: 2, unknownIds: 2 });
    expect(userIds.size).toBe(2);
  });

  it('ISO and millisecond timestamps become seconds', async () => {
    const t = files({ 'a.csv': 'a,x,2020-01-01T00:00:10Z\n', 'b.csv': 'a,x,10500\n' });
    const a = await readDelimited(t.path('a.csv'), { columns: { user: 0, item: 1, timestamp: 2 }, timestampFormat: 'iso' });
    expect(a.interactions.timestamps![0]).toBe(Date.UTC(2020, 0, 1, 0, 0, 10) / 1000);
    const b = await readDelimited(t.path('b.csv'), { columns: { user: 0, item: 1, timestamp: 2 }, timestampFormat: 'unix-ms' });
    expect(b.interactions.timestamps![0]).toBe(10.5);
  });
});

describe('mergeDuplicates', () => {
  test.prop([fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 5 })), { minLength: 1, maxLength: 40 })])(
    'matches a naive Map-based merge for every policy',
    (rows) => {
      for (const policy of ['last', 'max', 'sum'] as const) {
        const naive = new Map<string, { r: number; t: number }>();
        rows.forEach(([u, i, r], k) => {
          const key = `${u},${i}`;
          const prev = naive.get(key);
          if (!prev || policy === 'last') naive.set(key, { r, t: k });
          else if (policy === 'max') naive.set(key, r >= prev.r ? { r, t: k } : prev);
          else naive.set(key, { r: prev.r + r, t: Math.max(prev.t, k) });
        });
        const out = mergeDuplicates(Int32Array.from(rows, (r) => r[0]), Int32Array.from(rows, (r) => r[1]), Float32Array.from(rows, (r) => r[2]), Float64Array.from(rows, (_, k) => k), 4, 4, policy);
        expect(out.merged).toBe(rows.length - naive.size);
        const got = new Map<string, { r: number; t: number }>();
        out.users.forEach((u, k) => got.set(`${u},${out.items[k]}`, { r: out.ratings![k]!, t: out.timestamps![k]! }));
        expect(got).toEqual(naive);
      }
    },
  );
});

describe('readJsonLines', () => {
  it('keeps JSON id types, reads named fields and skips blank lines', async () => {
    const t = files({ 'r.jsonl': '{"u":1,"i":"a","r":3,"t":5}\n\n{"u":"1","i":"a","r":4,"t":6}\n' });
    const { interactions: x, report } = await readJsonLines(t.path('r.jsonl'), { fields: { user: 'u', item: 'i', rating: 'r', timestamp: 't' } });
    expect(x.userIds!.ids()).toEqual([1, '1']);
    expect(x.numItems).toBe(1);
    expect(report.lines).toBe(2);
  });

  it.each([
    ['{"u":1,"i":2', 'invalid JSON'],
    ['[1,2]', 'expected a JSON object'],
    ['{"u":1}', 'missing field "i" (item)'],
    ['{"u":1,"i":2,"r":"NaN"}', 'rating "NaN" is not a finite number'],
    ['{"u":null,"i":2,"r":1}', 'user id null is not a valid id'],
  ])('rejects %s', async (bad, reason) => {
    const t = files({ 'r.jsonl': `{"u":1,"i":2,"r":1}\n${bad}\n` });
    const err = (await readJsonLines(t.path('r.jsonl'), { fields: { user: 'u', item: 'i', rating: 'r' } }).catch((e: unknown) => e)) as DataFormatError;
    expect(err).toBeInstanceOf(DataFormatError);
    expect(err.line).toBe(2);
    expect(err.message).toContain(reason);
  });
});
