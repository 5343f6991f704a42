import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitLeaveOneOut } from '../../src/data/split-leave-one-out.js';
import { sampleTestNegatives } from '../../src/data/negative-samplers.js';
import { syntheticInteractions } from '../../src/data/synthetic.js';
import { Rng } from '../../src/tensor/rng.js';
import { BufferWriter, type CliIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';

export interface Fixture {
  root: string;
  /** MovieLens 100K layout: u.data, u.item, u.genre, u.user (numeric ids, user k+1 / movie k+1). */
  ml100k: string;
  /** NCF layout: tiny.train.rating, tiny.test.rating, tiny.test.negative. */
  ncf: string;
  remove(): void;
}

/**
 * Writes a small synthetic dataset (planted preferences, so models learn something)
 * in both the MovieLens 100K and the NCF file layouts, into a fresh temp folder.
 */
export function makeFixture({ users = 40, items = 60, perUser = 12, seed = 7 } = {}): Fixture {
  const root = mkdtempSync(join(tmpdir(), 'ancf-cli-'));
  const { interactions: x } = syntheticInteractions({ users, items, perUser, seed, rank: 4 });
  const ml100k = join(root, 'ml-100k');
  mkdirSync(ml100k);
  const lines: string[] = [];
  for (let r = 0; r < x.length; r++) lines.push(`${x.users[r]! + 1}\t${x.items[r]! + 1}\t${x.ratings![r]}\t${x.timestamps![r]}`);
  writeFileSync(join(ml100k, 'u.data'), `${lines.join('\n')}\n`);
  writeFileSync(join(ml100k, 'u.genre'), 'unknown|0\nAction|1\nComedy|2\n\n');
  const flags = (i: number): string => [0, 1, 2].map((g) => (i % 3 === g ? '1' : '0')).join('|');
  const occupations = ['student', 'engineer', 'other'];
  writeFileSync(join(ml100k, 'u.user'), Array.from({ length: users }, (_, u) => `${u + 1}|${18 + (u % 40)}|${u % 2 ? 'M' : 'F'}|${occupations[u % 3]}|${10000 + 997 * u}`).join('\n') + '\n');
  writeFileSync(join(ml100k, 'u.item'), Array.from({ length: items }, (_, i) => `${i + 1}|Movie ${i + 1} (199${i % 10})|01-Jan-1995||http://x|${flags(i)}`).join('\n') + '\n');

  const ncf = join(root, 'ncf');
  mkdirSync(ncf);
  const split = splitLeaveOneOut(x);
  const row = (s: typeof x, r: number): string => `${s.users[r]}\t${s.items[r]}\t${s.ratings![r]}\t${s.timestamps![r]}`;
  writeFileSync(join(ncf, 'tiny.train.rating'), Array.from({ length: split.train.length }, (_, r) => row(split.train, r)).join('\n') + '\n');
  writeFileSync(join(ncf, 'tiny.test.rating'), Array.from({ length: split.test.length }, (_, r) => row(split.test, r)).join('\n') + '\n');
  const maxDegree = Math.max(...x.countsPerUser());
  const negs = sampleTestNegatives(x, split.test, Math.min(20, items - maxDegree), new Rng(1));
  writeFileSync(join(ncf, 'tiny.test.negative'), negs.map((n, r) => `(${split.test.users[r]},${split.test.items[r]})\t${Array.from(n).join('\t')}`).join('\n') + '\n');
  return { root, ml100k, ncf, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output. */
export async function cli(argv: string[], env: Record<string, string | undefined> = {}, extra: Partial<CliIO> = {}): Promise<Ran> {
  const stdout = new BufferWriter();
  const stderr = new BufferWriter();
  const code = await run(argv, { stdout, stderr, env, ...extra });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
