import { parse } from 'csv-parse';
import { ArgumentError, DataFormatError } from '../errors.js';
import { InteractionsBuilder } from './builder.js';
import { RowIngest } from './ingest.js';
import { forEachLine } from './line-reader.js';
import { CrlfToLf } from './crlf-to-lf.js';
import { asFileError, isSystemError, openReadStream } from './open-file.js';
import type { ReadOptions, ReadResult } from './read-options.js';
import { BadLineTracker, emptyReport } from './report.js';

/** Which field holds what: a 0-based index, or a header name (which implies a header line). */
export interface ColumnMapping {
  user: number | string;
  item: number | string;
  rating?: number | string;
  timestamp?: number | string;
}

export interface DelimitedOptions extends ReadOptions {
  columns: ColumnMapping;
  /** Field separator, any length (default ','). MovieLens 1M uses '::', 100K a tab. */
  delimiter?: string;
  /** First non-blank line is a header (default: true when any column is given by name). */
  header?: boolean;
  /**
   * Quote character handled by csv-parse (default '"'). `false` splits each line on
   * the delimiter: faster, and right for files that never quote (MovieLens ratings).
   * A quoting error (a stray quote after a closing one, or a quote never closed) is a
   * DataFormatError even under onBadLine 'skip': quoted fields may span lines, so after
   * an unbalanced quote no parser can tell where the record ends, and csv-parse does not
   * resynchronise: skipping would silently drop or merge every later line.
   */
  quote?: string | false;
  /** Lines whose first character(s) are this are ignored; elsewhere in a line it is plain text. */
  comment?: string;
  /** When set, a line with a different number of fields is bad. */
  fieldCount?: number;
}

/** Reads user-item interactions from delimited text, streaming; see DelimitedOptions. */
export async function readDelimited(file: string, opts: DelimitedOptions): Promise<ReadResult> {
  const { columns } = opts;
  const delimiter = opts.delimiter ?? ',';
  if (delimiter.length === 0) throw new ArgumentError('delimiter', 'must not be empty');
  const named = [columns.user, columns.item, columns.rating, columns.timestamp].some((c) => typeof c === 'string');
  const header = opts.header ?? named;
  if (named && !header) throw new ArgumentError('columns', 'columns given by name need header: true');
  const hasRating = columns.rating !== undefined;
  const hasTime = columns.timestamp !== undefined;
  const builder = new InteractionsBuilder(builderOptions(opts, hasRating, hasTime));
  const bad = new BadLineTracker(opts.onBadLine ?? 'error');
  const ingest = new RowIngest(builder, bad, opts);
  let idx: number[] | null = header ? null : resolveColumns(columns, null, file, 0, '');
  let need = idx ? Math.max(...idx) + 1 : 0;
  let lines = 0;
  // `span`: physical lines of the record (a quoted field may hold line breaks), so lines >= rows + skipped.
  const onFields = (fields: string[], line: number, text: string, span = 1): void => {
    if (idx === null) {
      idx = resolveColumns(columns, fields.map((f) => f.trim()), file, line, text);
      need = Math.max(...idx) + 1;
      return;
    }
    lines += span;
    if (opts.fieldCount !== undefined && fields.length !== opts.fieldCount) {
      ingest.reject(file, line, text, `expected ${opts.fieldCount} fields separated by ${JSON.stringify(delimiter)}, found ${fields.length}`);
      return;
    }
    if (fields.length < need) {
      ingest.reject(file, line, text, `expected at least ${need} fields separated by ${JSON.stringify(delimiter)}, found ${fields.length}`);
      return;
    }
    ingest.row(file, line, text, fields[idx[0]!], fields[idx[1]!], hasRating ? fields[idx[2]!] : undefined, hasTime ? fields[idx[3]!] : undefined, hasRating, hasTime);
  };

  if (opts.quote === false) {
    await forEachLine(file, (text, line) => {
      if (text.length === 0 || (opts.comment !== undefined && text.startsWith(opts.comment)) || text.trim() === '') return;
      onFields(text.split(delimiter), line, text);
    });
  } else {
    await parseQuoted(file, delimiter, opts.quote ?? '"', opts.comment, onFields);
  }
  const { interactions, duplicatesMerged } = builder.finish(file);
  const report = emptyReport([file], opts.duplicates ?? 'last');
  Object.assign(report, { lines, rows: interactions.length, skipped: bad.skipped, skippedSamples: bad.samples, duplicatesMerged, unknownIds: bad.unknownIds });
  return { interactions, report };
}

/**
 * csv-parse records with the line each starts on, their text (without the final line
 * break) and their span: how many physical lines they cover (a quoted field may hold
 * line breaks), counted once here so callers need not count again. Blank and
 * whitespace-only lines are skipped, as on the unquoted path. Parse errors (only
 * quoting errors can occur with these options) are always DataFormatErrors naming
 * the line where the broken record starts: see DelimitedOptions.quote for why they
 * cannot be skipped.
 */
export async function parseQuoted(
  file: string,
  delimiter: string,
  quote: string,
  comment: string | undefined,
  onFields: (fields: string[], line: number, text: string, span: number) => void,
): Promise<void> {
  const source = await openReadStream(file);
  const parser = source.pipe(new CrlfToLf()).pipe(
    parse({
      delimiter,
      quote,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      raw: true,
      bom: true,
      // Without this csv-parse also starts a comment mid-field: `C#` would read as `C`.
      ...(comment !== undefined ? { comment, comment_no_infix: true } : {}),
    }),
  );
  // pipe() does not forward a read error: hand it to the parser so the loop below rejects.
  source.on('error', (e) => parser.destroy(e));
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number }; raw: string }>) {
      const text = ownText(rec.raw, comment);
      if (rec.record.length === 1 && text.trim() === '') continue;
      // csv-parse reports the line a record ends on; the text's breaks say where it started.
      const breaks = countBreaks(text);
      onFields(rec.record, rec.info.lines - breaks, text, breaks + 1);
    }
  } catch (e) {
    if (e instanceof DataFormatError || e instanceof ArgumentError) throw e;
    if (isSystemError(e)) throw asFileError(file, e);
    const err = e as { lines?: number; raw?: string; message?: string; code?: string };
    const raw = ownText(String(err.raw ?? ''), comment);
    const line = (err.lines ?? 0) - countBreaks(raw);
    const what =
      err.code === 'CSV_QUOTE_NOT_CLOSED'
        ? `a quoted field opened on line ${line} is never closed`
        : (err.message ?? String(e));
    throw new DataFormatError(
      file,
      line,
      raw.split('\n', 1)[0]!.replace(/\r$/, ''),
      `malformed CSV: ${what}; quoting errors stop the read even under onBadLine 'skip', since after an unbalanced quote the end of the record is unknowable (fix the quote, or pass quote: false if fields are never quoted)`,
    );
  }
}

/**
 * A record's raw text without its final line break. csv-parse's `raw` also holds the
 * empty and comment lines skipped just before the record: drop them, so the text and
 * the line number computed from it are the record's own.
 */
function ownText(raw: string, comment: string | undefined): string {
  let text = raw.endsWith('\n') ? raw.slice(0, raw.endsWith('\r\n') ? -2 : -1) : raw;
  for (;;) {
    const c = text.charCodeAt(0);
    if (c !== 10 && c !== 13 && (comment === undefined || !text.startsWith(comment))) return text;
    const nl = text.indexOf('\n');
    if (nl < 0) return text;
    text = text.slice(nl + 1);
  }
}

function countBreaks(text: string): number {
  let n = 0;
  for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) n++;
  return n;
}

function resolveColumns(c: ColumnMapping, headerFields: string[] | null, file: string, line: number, text: string): number[] {
  const one = (name: string, v: number | string | undefined): number => {
    if (v === undefined) return -1;
    if (typeof v === 'number') {
      if (!Number.isInteger(v) || v < 0) throw new ArgumentError(`columns.${name}`, `must be a field index >= 0, got ${v}`);
      return v;
    }
    const k = headerFields?.indexOf(v) ?? -1;
    if (k < 0) throw new DataFormatError(file, line, text, `header has no column ${JSON.stringify(v)} for ${name}`);
    return k;
  };
  return [one('user', c.user), one('item', c.item), one('rating', c.rating), one('timestamp', c.timestamp)];
}

export function builderOptions(opts: ReadOptions, hasRatings: boolean, hasTimestamps: boolean): ConstructorParameters<typeof InteractionsBuilder>[0] {
  const b: ConstructorParameters<typeof InteractionsBuilder>[0] = { hasRatings, hasTimestamps };
  if (opts.duplicates) b.duplicates = opts.duplicates;
  if (opts.userIds) b.userIds = opts.userIds;
  if (opts.itemIds) b.itemIds = opts.itemIds;
  if (opts.sortIds !== undefined) b.sortIds = opts.sortIds;
  return b;
}
