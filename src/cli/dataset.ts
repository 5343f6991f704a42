import { existsSync, readdirSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { concatInteractions } from '../data/concat.js';
import { readDelimited, type ColumnMapping } from '../data/delimited.js';
import { IdMap } from '../data/id-map.js';
import { Interactions } from '../data/interactions.js';
import { loadMovieLens100K } from '../data/movielens-100k.js';
import { loadMovieLens1M } from '../data/movielens-1m.js';
import { loadMovieLensLatest } from '../data/movielens-latest.js';
import type { MovieMetadata, UserDemographics } from '../data/movielens-types.js';
import { loadNcf } from '../data/ncf.js';
import { ArgumentError } from '../errors.js';
import { DATASET_FOLDERS, resolveDataPath } from './data-path.js';

export type DataFormat = 'ml-100k' | 'ml-1m' | 'ml-latest' | 'ncf' | 'delimited';

export interface Detected {
  readonly format: DataFormat;
  readonly path: string;
  /** NCF files: the PREFIX of PREFIX.train.rating. */
  readonly prefix?: string;
}

export interface Dataset extends Detected {
  /** Every interaction (for NCF: train and test rows together). */
  readonly all: Interactions;
  /** Set for NCF files, whose split and test negatives are fixed by the files. */
  readonly fixed?: { train: Interactions; test: Interactions; testNegatives: Int32Array[] };
  /** Movie titles aligned with the item index, when the dataset publishes them. */
  readonly titles?: readonly (string | null)[];
  /** MovieLens 100K / 1M: user demographics aligned with the user index. */
  readonly users?: UserDemographics;
  /** MovieLens: titles, years and genres aligned with the item index. */
  readonly items?: MovieMetadata;
  readonly userIds: IdMap;
  readonly itemIds: IdMap;
  /** Delimited files: the first line, when it was read as a header and skipped. */
  readonly header?: string;
}

/** "PATH (FORMAT)", saying when a delimited file's first line was skipped as a header. */
export function describeSource(data: Pick<Dataset, 'path' | 'format' | 'header'>): string {
  const note = data.header !== undefined ? `; first line read as a header and skipped: ${JSON.stringify(data.header.slice(0, 80))}` : '';
  return `${data.path} (${data.format}${note})`;
}

/** `--data` if given, else $ANCF_DATA; null when neither is set. */
export function dataPath(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): string | null {
  return flag ?? (env.ANCF_DATA && env.ANCF_DATA !== '' ? env.ANCF_DATA : null);
}

/**
 * What a path holds: a directory with u.data is MovieLens 100K, ratings.dat 1M,
 * ratings.csv a "latest" release, PREFIX.train.rating the NCF split files (the prefix
 * inferred when exactly one set is present); a plain file is generic delimited text.
 * A folder that is none of these but holds a dataset folder by name (ml-100k/,
 * ml-1m/, ml-latest-small/: a root such as ANCF_DATA=../shared/data) resolves to the
 * first of them (resolveDataPath); `path` in the result is the folder read.
 */
export function detectFormat(path: string, prefix?: string): Detected {
  if (!existsSync(path)) throw new ArgumentError('data', `${path} does not exist`);
  if (!statSync(path).isDirectory()) return { format: 'delimited', path };
  if (prefix === undefined) {
    // The path itself is resolveDataPath's first candidate, then the dataset folders under it.
    const { found } = resolveDataPath(path);
    if (found === null) {
      throw new ArgumentError('data', `${path} holds none of u.data (MovieLens 100K), ratings.dat (1M), ratings.csv (latest) or PREFIX.train.rating (NCF), nor a dataset folder (${DATASET_FOLDERS.map((n) => `${n}/`).join(', ')})`);
    }
    path = found;
  }
  const has = (f: string): boolean => existsSync(join(path, f));
  if (prefix !== undefined) {
    if (!has(`${prefix}.train.rating`)) throw new ArgumentError('prefix', `${join(path, `${prefix}.train.rating`)} does not exist`);
    return { format: 'ncf', path, prefix };
  }
  const prefixes = readdirSync(path).filter((f) => f.endsWith('.train.rating')).map((f) => f.slice(0, -'.train.rating'.length));
  if (prefixes.length === 1) return { format: 'ncf', path, prefix: prefixes[0]! };
  if (prefixes.length > 1) throw new ArgumentError('prefix', `${path} holds several NCF splits (${prefixes.join(', ')}); choose one with --prefix`);
  if (has('u.data')) return { format: 'ml-100k', path };
  if (has('ratings.dat')) return { format: 'ml-1m', path };
  return { format: 'ml-latest', path };
}

export async function loadDataset(path: string, opts: { prefix?: string } = {}): Promise<Dataset> {
  const d = detectFormat(path, opts.prefix);
  switch (d.format) {
    case 'ml-100k':
    case 'ml-1m':
    case 'ml-latest': {
      const load = d.format === 'ml-100k' ? loadMovieLens100K : d.format === 'ml-1m' ? loadMovieLens1M : loadMovieLensLatest;
      const m = await load(d.path);
      const all = m.interactions;
      return { ...d, all, ...(m.items ? { titles: m.items.titles, items: m.items } : {}), ...(m.users ? { users: m.users } : {}), userIds: all.userIds!, itemIds: all.itemIds! };
    }
    case 'ncf': {
      const n = await loadNcf(d.path, d.prefix!);
      // NCF ids are already dense: the external id of index i is i itself.
      const userIds = IdMap.from(Array.from({ length: n.train.numUsers }, (_, i) => i), 'user');
      const itemIds = IdMap.from(Array.from({ length: n.train.numItems }, (_, i) => i), 'item');
      const withIds = (x: Interactions): Interactions =>
        new Interactions({ users: x.users, items: x.items, ratings: x.ratings, timestamps: x.timestamps, numUsers: x.numUsers, numItems: x.numItems, userIds, itemIds });
      const train = withIds(n.train);
      const test = withIds(n.test);
      return { ...d, all: concatInteractions([train, test]), fixed: { train, test, testNegatives: n.testNegatives }, userIds, itemIds };
    }
    case 'delimited': {
      const { first, ...layout } = await sniff(d.path);
      const { interactions } = await readDelimited(d.path, layout);
      return { ...d, all: interactions, ...(layout.header ? { header: first } : {}), userIds: interactions.userIds!, itemIds: interactions.itemIds! };
    }
  }
}

/** Column names a header line uses (compared lower-case, without quotes, spaces, "_" or "-"). */
const COLUMN_NAMES = new Set(['user', 'userid', 'uid', 'item', 'itemid', 'iid', 'movie', 'movieid', 'product', 'productid', 'rating', 'score', 'timestamp', 'time', 'ts', 'date']);

/**
 * Whether a delimited file's first line is a header. It is one when a field is a
 * known column name (user, userId, item_id, movieId, rating, timestamp, ...), or,
 * with three or more columns, when no field the reader maps (user, item, rating,
 * timestamp) parses as a number. Anything else is data: a bad first data line such
 * as `1,10,x,100` or `1,10,NaN,100` is read as data, and refused with its line
 * number, instead of vanishing as a header. With two columns (string ids and no
 * rating) only the names can tell, since `alice,matrix` is valid data.
 */
export function looksLikeHeader(fields: readonly string[]): boolean {
  const bare = (f: string): string => f.trim().replace(/^["']|["']$/g, '').replace(/[\s_-]/g, '').toLowerCase();
  if (fields.some((f) => COLUMN_NAMES.has(bare(f)))) return true;
  const numeric = (f: string): boolean => f.trim() !== '' && Number.isFinite(Number(f));
  return fields.length >= 3 && !fields.slice(0, 4).some(numeric);
}

/**
 * Guesses a delimited file's layout from its first line: the separator (tab, "::",
 * ",", ";" or a space) and whether that line is a header (looksLikeHeader).
 * Columns are user, item[, rating[, timestamp]] in that order.
 */
async function sniff(file: string): Promise<{ columns: ColumnMapping; delimiter: string; header: boolean; quote: false; first: string }> {
  const fh = await open(file, 'r');
  const buf = Buffer.alloc(4096);
  const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
  await fh.close();
  const first = buf.subarray(0, bytesRead).toString('utf8').split(/\r?\n/)[0] ?? '';
  const delimiter = first.includes('\t') ? '\t' : first.includes('::') ? '::' : first.includes(',') ? ',' : first.includes(';') ? ';' : ' ';
  const fields = first.split(delimiter);
  if (fields.length < 2) throw new ArgumentError('data', `${basename(file)}: cannot find two columns (user, item) in its first line ${JSON.stringify(first.slice(0, 80))}`);
  const columns: ColumnMapping = { user: 0, item: 1, ...(fields.length >= 3 ? { rating: 2 } : {}), ...(fields.length >= 4 ? { timestamp: 3 } : {}) };
  return { columns, delimiter, header: looksLikeHeader(fields), quote: false, first };
}
