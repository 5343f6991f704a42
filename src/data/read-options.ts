import type { IdMap } from './id-map.js';
import type { FieldOptions } from './ingest.js';
import type { Interactions } from './interactions.js';
import type { BadLinePolicy, DuplicatePolicy, LoadReport } from './report.js';

/** Options every interaction reader accepts. */
export interface ReadOptions extends FieldOptions {
  /** Duplicate (user, item) pairs: keep the 'last' line (default), the 'max' rating, or 'sum' them. */
  duplicates?: DuplicatePolicy;
  /** A malformed line throws DataFormatError ('error', default) or is counted and skipped ('skip'). */
  onBadLine?: BadLinePolicy;
  /** Resolve ids against these maps (never modified); rows with other ids are bad lines. */
  userIds?: IdMap;
  itemIds?: IdMap;
  /** Number fresh id maps in ascending id order (default true) rather than order of appearance. */
  sortIds?: boolean;
}

export interface ReadResult {
  interactions: Interactions;
  report: LoadReport;
}
