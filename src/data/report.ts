import { DataFormatError } from '../errors.js';

export type DuplicatePolicy = 'last' | 'max' | 'sum';
export type BadLinePolicy = 'error' | 'skip';

/** One skipped line, as the report keeps it (only the first few are kept verbatim). */
export interface SkippedLine {
  file: string;
  line: number;
  text: string;
  reason: string;
}

/** What a reader did: returned next to the data so nothing is dropped silently. */
export interface LoadReport {
  files: string[];
  /** Data lines read (headers, comments and blank lines excluded; a record spanning k lines counts k), so lines >= rows + skipped. */
  lines: number;
  /** Rows in the result, after skipping and merging. */
  rows: number;
  /** Lines skipped under onBadLine: 'skip'. */
  skipped: number;
  /** The first `MAX_SAMPLES` skipped lines. */
  skippedSamples: SkippedLine[];
  /** Rows removed by merging duplicate (user, item) pairs under `duplicates`. */
  duplicatesMerged: number;
  duplicatePolicy: DuplicatePolicy;
  /** Rows whose user or item was absent from a frozen id map (counted within `skipped`). */
  unknownIds: number;
}

const MAX_SAMPLES = 20;

/** Collects bad lines: throws under 'error', counts under 'skip'. */
export class BadLineTracker {
  skipped = 0;
  unknownIds = 0;
  readonly samples: SkippedLine[] = [];

  constructor(readonly policy: BadLinePolicy) {}

  bad(file: string, line: number, text: string, reason: string): void {
    if (this.policy === 'error') throw new DataFormatError(file, line, text, reason);
    this.skipped++;
    if (this.samples.length < MAX_SAMPLES) this.samples.push({ file, line, text, reason });
  }
}

export function emptyReport(files: string[], policy: DuplicatePolicy): LoadReport {
  return { files, lines: 0, rows: 0, skipped: 0, skippedSamples: [], duplicatesMerged: 0, duplicatePolicy: policy, unknownIds: 0 };
}
