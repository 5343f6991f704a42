import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataFileError } from '../errors.js';
import { readDelimited, type DelimitedOptions } from './delimited.js';
import type { MovieLensData, MovieLensOptions } from './movielens-types.js';
import { BadLineTracker } from './report.js';

/** How one MovieLens release lays out its ratings file. */
export type RatingsFormat = Required<Pick<DelimitedOptions, 'columns' | 'delimiter' | 'ratingRange'>> & {
  /** The release's name for `ancf download`, e.g. 'ml-100k'. */
  release: string;
};

/**
 * What every MovieLens loader shares: the ratings file (four numeric fields per
 * line, so plain splitting is exact), then, unless `metadata` is false, the
 * release's own metadata readers. They share one bad-line tracker under the
 * caller's onBadLine mode, and the lines it skipped are added to the ratings
 * report, so one report counts every skipped line of the release.
 */
export async function loadMovieLensRelease(
  file: string,
  format: RatingsFormat,
  opts: MovieLensOptions,
  readMetadata: (out: MovieLensData, bad: BadLineTracker) => Promise<void>,
): Promise<MovieLensData> {
  const { release, ...layout } = format;
  if (!existsSync(file)) {
    throw new DataFileError(file, `no such file: is ${dirname(file)} a MovieLens ${release} folder? \`npx ancf download ${release}\` fetches the official archive`);
  }
  const { interactions, report } = await readDelimited(file, {
    ...layout,
    quote: false,
    fieldCount: 4,
    idType: 'number',
    ...(opts.duplicates ? { duplicates: opts.duplicates } : {}),
    ...(opts.onBadLine ? { onBadLine: opts.onBadLine } : {}),
  });
  const out: MovieLensData = { interactions, report };
  if (opts.metadata === false) return out;
  const bad = new BadLineTracker(opts.onBadLine ?? 'error');
  await readMetadata(out, bad);
  report.skipped += bad.skipped;
  report.skippedSamples.push(...bad.samples.slice(0, Math.max(0, 20 - report.skippedSamples.length)));
  return out;
}
