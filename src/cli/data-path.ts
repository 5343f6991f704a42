import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DATASETS } from '../data/datasets.js';

/**
 * What ANCF_DATA (or --data, or --dir) may name, everywhere: a dataset itself (a
 * folder with u.data, a delimited file...), or a root folder holding datasets by
 * name (`ANCF_DATA=../shared/data` for `../shared/data/ml-100k`), as `ancf
 * download` lays them out. The CLI and the examples resolve paths only here.
 */

/** The dataset folders `ancf download` creates, in the order a root is searched. */
export const DATASET_FOLDERS: readonly string[] = Object.keys(DATASETS);

/** Whether a path is a dataset the CLI reads: a file, or a folder with MovieLens ratings or NCF split files. */
export function isDataset(path: string): boolean {
  if (!existsSync(path)) return false;
  if (!statSync(path).isDirectory()) return true;
  return Object.values(DATASETS).some((d) => existsSync(join(path, d.ratingsFile))) || readdirSync(path).some((f) => f.endsWith('.train.rating'));
}

/** A folder holding every one of `files` (e.g. holds('u.data', 'u.user') for MovieLens 100K with demographics). */
export const holds =
  (...files: string[]) =>
  (path: string): boolean =>
    existsSync(path) && statSync(path).isDirectory() && files.every((f) => existsSync(join(path, f)));

export interface ResolveOptions {
  /** Dataset folder names a root may hold, tried in order (default: DATASET_FOLDERS). */
  readonly names?: readonly string[];
  /** What counts as the dataset wanted (default: isDataset). */
  readonly accept?: (path: string) => boolean;
}

export interface Resolved {
  /** The dataset found, or null. */
  readonly found: string | null;
  /** Every path looked at, in order (for "not found" messages). */
  readonly looked: readonly string[];
}

/** `path` itself when it is the dataset, else the first `path/NAME` that is. */
export function resolveDataPath(path: string, { names = DATASET_FOLDERS, accept = isDataset }: ResolveOptions = {}): Resolved {
  const looked = [path, ...names.map((n) => join(path, n))];
  return { found: looked.find((p) => accept(p)) ?? null, looked };
}

/** The examples' search: each root in turn ($ANCF_DATA, ./data, ../shared/data), as a dataset or a root of one. */
export function findData(roots: readonly (string | undefined)[], options: ResolveOptions = {}): Resolved {
  const looked: string[] = [];
  for (const root of roots) {
    if (root === undefined || root === '') continue;
    const r = resolveDataPath(resolve(root), options);
    looked.push(...r.looked);
    if (r.found !== null) return { found: r.found, looked };
  }
  return { found: null, looked };
}

/** Where the examples look for data: $ANCF_DATA, then ./data, then ../shared/data (relative to the working directory). */
export function exampleDataRoots(env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  return [env.ANCF_DATA, 'data', '../shared/data'].filter((r): r is string => r !== undefined && r !== '');
}

/** "a, b and c" for messages. */
export function listPaths(paths: readonly string[]): string {
  return paths.length <= 1 ? (paths[0] ?? '(nothing)') : `${paths.slice(0, -1).join(', ')} and ${paths.at(-1)}`;
}
