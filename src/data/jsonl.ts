import { InteractionsBuilder } from './builder.js';
import { builderOptions } from './delimited.js';
import { RowIngest } from './ingest.js';
import { forEachLine } from './line-reader.js';
import type { ReadOptions, ReadResult } from './read-options.js';
import { BadLineTracker, emptyReport } from './report.js';

export interface JsonLinesOptions extends ReadOptions {
  /** Top-level keys of each object. */
  fields: { user: string; item: string; rating?: string; timestamp?: string };
}

/**
 * Reads one JSON object per line (blank lines ignored). Ids default to idType 'auto':
 * a JSON number stays a number and a string stays a string, so `1` and `"1"` differ.
 */
export async function readJsonLines(file: string, opts: JsonLinesOptions): Promise<ReadResult> {
  const { fields } = opts;
  const hasRating = fields.rating !== undefined;
  const hasTime = fields.timestamp !== undefined;
  const builder = new InteractionsBuilder(builderOptions(opts, hasRating, hasTime));
  const bad = new BadLineTracker(opts.onBadLine ?? 'error');
  const ingest = new RowIngest(builder, bad, { ...opts, idType: opts.idType ?? 'auto' });
  let lines = 0;
  await forEachLine(file, (text, line) => {
    if (text.trim() === '') return;
    lines++;
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      ingest.reject(file, line, text, `invalid JSON: ${(e as Error).message}`);
      return;
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      ingest.reject(file, line, text, 'expected a JSON object');
      return;
    }
    const o = obj as Record<string, unknown>;
    for (const [name, key] of Object.entries(fields)) {
      if (key !== undefined && !(key in o)) {
        ingest.reject(file, line, text, `missing field ${JSON.stringify(key)} (${name})`);
        return;
      }
    }
    ingest.row(file, line, text, o[fields.user], o[fields.item], hasRating ? o[fields.rating!] : undefined, hasTime ? o[fields.timestamp!] : undefined, hasRating, hasTime);
  });
  const { interactions, duplicatesMerged } = builder.finish(file);
  const report = emptyReport([file], opts.duplicates ?? 'last');
  Object.assign(report, { lines, rows: interactions.length, skipped: bad.skipped, skippedSamples: bad.samples, duplicatesMerged, unknownIds: bad.unknownIds });
  return { interactions, report };
}
