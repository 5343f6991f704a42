import { describe, expect, it } from 'vitest';
import { parseQuoted, readDelimited } from '../../src/data/delimited.js';
import { DataFormatError } from '../../src/errors.js';
import { tempFilesPerTest } from './fixtures.js';

const files = tempFilesPerTest();
const urt = { user: 'u', item: 'i', rating: 'r' };

describe('readDelimited: quoting errors', () => {
  it.each([
    ['a stray character after a closing quote', 'a,x,1\nb,"y"z,2\nc,w,3\nd,v,4\ne,u,5\n', 2, 'b,"y"', 'Invalid Closing Quote'],
    ['a quote never closed', 'a,x,1\nb,w,2\nc,"v,3\nd,u,4\n', 3, 'c,"v,3', 'a quoted field opened on line 3 is never closed'],
  ])("%s is a DataFormatError at the line where the record starts, even under onBadLine 'skip'", async (_, text, line, got, reason) => {
    const t = files({ 'r.csv': text });
    for (const onBadLine of ['skip', 'error'] as const) {
      const err = (await readDelimited(t.path('r.csv'), { columns: { user: 0, item: 1, rating: 2 }, onBadLine }).catch((e: unknown) => e)) as DataFormatError;
      expect(err).toBeInstanceOf(DataFormatError);
      expect(err.line).toBe(line);
      expect(err.text).toBe(got);
      expect(err.reason).toContain(reason);
      expect(err.reason).toContain("even under onBadLine 'skip'");
    }
  });

  it('a bad line inside a multi-line record is reported at the line the record starts on, without the comment and empty lines before it', async () => {
    const t = files({ 'r.csv': 'u,i,r\n# note\n\n\na,"x\ny",oops\n' });
    const err = (await readDelimited(t.path('r.csv'), { columns: urt, comment: '#' }).catch((e: unknown) => e)) as DataFormatError;
    expect(err).toBeInstanceOf(DataFormatError);
    expect(err.line).toBe(5);
    expect(err.text).toBe('a,"x\ny",oops');
  });

  it('report.lines counts every physical data line, so lines >= rows + skipped', async () => {
    const t = files({ 'r.csv': 'u,i,r\na,"x\ny",1\n\nb,z,oops\n   \n# c\nc,"w\n\nv",2\n' });
    const { report } = await readDelimited(t.path('r.csv'), { columns: urt, comment: '#', onBadLine: 'skip' });
    // data lines: 2-3, 5, 8-10 (the empty line 9 sits inside a quoted field)
    expect(report).toMatchObject({ lines: 6, rows: 2, skipped: 1 });
    expect(report.skippedSamples[0]).toMatchObject({ line: 5, text: 'b,z,oops' });
  });
});

describe('parseQuoted', () => {
  it('hands each record its first line and span, comment and empty lines skipped', async () => {
    const t = files({ 'r.csv': 'a,"x\ny",1\n# c\n\nb,z,2\nc,"w\n\nv",3\n' });
    const got: Array<[string, number, number, string]> = [];
    await parseQuoted(t.path('r.csv'), ',', '"', '#', (fields, line, text, span) => got.push([fields[0]!, line, span, text]));
    expect(got).toEqual([
      ['a', 1, 2, 'a,"x\ny",1'],
      ['b', 5, 1, 'b,z,2'],
      ['c', 6, 3, 'c,"w\n\nv",3'],
    ]);
  });
});

describe('CRLF files read like LF files on the csv-parse path', () => {
  it('the same records, line numbers, spans and texts; a quoted line break becomes LF', async () => {
    const lines = ['a,"x', 'y",1', '# c', '', 'b,z,2', 'c,"w', '', 'v",3', ''];
    const t = files({ 'lf.csv': lines.join('\n'), 'crlf.csv': lines.join('\r\n') });
    const read = async (f: string) => {
      const got: Array<[string, number, number, string]> = [];
      await parseQuoted(t.path(f), ',', '"', '#', (fields, line, text, span) => got.push([fields[0]!, line, span, text]));
      return got;
    };
    expect(await read('crlf.csv')).toEqual(await read('lf.csv'));
    const bad = files({ 'r.csv': 'u,i,r\r\n# note\r\n\r\nb,z,oops\r\nc,w,3\r\n' });
    const { report } = await readDelimited(bad.path('r.csv'), { columns: urt, comment: '#', onBadLine: 'skip' });
    expect(report.skippedSamples[0]).toMatchObject({ line: 4, text: 'b,z,oops' });
  });
});

describe('readDelimited: both paths agree', () => {
  it('a comment character only starts a comment at the start of a line', async () => {
    const t = files({ 'r.tsv': '# header comment\n1\tC#\n2\tF#minor\n#3\tskipped\n4\tC++\n' });
    for (const quote of ['"', false] as const) {
      const { interactions: x, report } = await readDelimited(t.path('r.tsv'), { columns: { user: 0, item: 1 }, delimiter: '\t', comment: '#', quote });
      expect(x.itemIds!.ids()).toEqual(['C#', 'C++', 'F#minor']);
      expect(report.lines).toBe(3);
    }
  });

  it('a trailing comment is part of the field on both paths', async () => {
    const t = files({ 'r.csv': 'a,x,4 # note\nb,y,3\n' });
    for (const quote of ['"', false] as const) {
      const { report } = await readDelimited(t.path('r.csv'), { columns: { user: 0, item: 1, rating: 2 }, comment: '#', quote, onBadLine: 'skip' });
      expect(report.skippedSamples.map((s) => s.reason)).toEqual(['rating "4 # note" is not a finite number']);
    }
  });

  it('whitespace-only lines are skipped on both paths, before and after the header', async () => {
    const t = files({ 'r.csv': '  \nu,i,r\na,x,1\n   \n\t\nb,y,2\n' });
    for (const quote of ['"', false] as const) {
      const { report } = await readDelimited(t.path('r.csv'), { columns: urt, quote });
      expect(report).toMatchObject({ lines: 2, rows: 2, skipped: 0 });
    }
  });
});
