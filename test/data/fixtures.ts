import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Interactions } from '../../src/data/interactions.js';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const dataRoot = process.env.ANCF_DATA ?? resolve(repoRoot, '../shared/data');

/** A fresh temp folder with the given files; remove() deletes it. */
export function tempFiles(files: Record<string, string | Uint8Array>): { dir: string; path: (f: string) => string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ancf-data-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { dir, path: (f) => join(dir, f), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * tempFiles whose folders are removed after each test: call once at a test file's
 * top level and use the returned function in place of tempFiles.
 */
export function tempFilesPerTest(): (files: Record<string, string | Uint8Array>) => ReturnType<typeof tempFiles> {
  let made: Array<() => void> = [];
  afterEach(() => {
    made.forEach((remove) => remove());
    made = [];
  });
  return (files) => {
    const t = tempFiles(files);
    made.push(t.remove);
    return t;
  };
}

/** Small interactions from [user, item, timestamp?] triples. */
export function fromTriples(rows: Array<[number, number, number?]>, numUsers?: number, numItems?: number): Interactions {
  const init: ConstructorParameters<typeof Interactions>[0] = {
    users: Int32Array.from(rows, (r) => r[0]),
    items: Int32Array.from(rows, (r) => r[1]),
    timestamps: rows.every((r) => r[2] !== undefined) ? Float64Array.from(rows, (r) => r[2]!) : null,
  };
  if (numUsers !== undefined) init.numUsers = numUsers;
  if (numItems !== undefined) init.numItems = numItems;
  return new Interactions(init);
}

/** Row keys "u,i,t" of an Interactions, for leak and coverage checks. */
export function rowKeys(x: Interactions): string[] {
  return Array.from(x.users, (u, r) => `${u},${x.items[r]},${x.timestamps?.[r] ?? ''}`);
}
