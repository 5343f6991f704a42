import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './data/fixtures.js';

const run = promisify(execFile);
const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
// Quick mode: small synthetic data, an epoch or two; no ANCF_DATA, so nothing reads MovieLens.
const env = { ...process.env, ANCF_EXAMPLE_QUICK: '1', ANCF_DATA: '', DEMO_QUICK: '1' };

/** What each example must print to count as having worked (not merely exited 0). */
const expected: Record<string, RegExp> = {
  'quickstart.ts': /HR@10 [\d.]+ {2}NDCG@10 [\d.]+\ntop 5 for u0: /,
  'movielens-neumf.ts': /best epoch \d+; test HR@10 [\d.]+ {2}NDCG@10 [\d.]+/,
  'ancf-history.ts': /new user who liked .*: i\d+ /,
  'explicit-ratings.ts': /biased MF: +RMSE [\d.]+ {2}MAE [\d.]+/,
  'serve.ts': /a bad request -> \{"error":\{"code":"invalid_request"/,
  'two-tower-features.ts': /HR@10 {2}IDs only [\d.]+ {3}IDs \+ features [\d.]+/,
  'gradcheck-tour.ts': /./,
};

describe('examples run (npx tsx examples/X.ts, quick mode)', () => {
  it('every example in examples/ is listed here', () => {
    const listed = [...Object.keys(expected), 'demo.ts'].sort();
    expect(readdirSync(join(repoRoot, 'examples')).filter((f) => f.endsWith('.ts')).sort()).toEqual(listed);
  });

  for (const [file, pattern] of Object.entries(expected)) {
    it.concurrent(file, async () => {
      const { stdout } = await run(tsx, [join('examples', file)], { cwd: repoRoot, env, timeout: 60_000 });
      expect(stdout).toMatch(pattern);
    });
  }

  it.concurrent('examples/demo.ts --quick trains both models and prints titles-or-ids top-5 lists', async () => {
    const { stdout } = await run(tsx, ['examples/demo.ts', '--quick'], { cwd: repoRoot, env, timeout: 60_000 });
    expect(stdout).toMatch(/ANCF \(history 5, dot attention\) +[\d.]+ {2}[\d.]+/);
    expect(stdout).toMatch(/NeuMF \(8 factors, MLP 64-32-16-8\) +[\d.]+ {2}[\d.]+/);
    expect(stdout.match(/^ {2}\d\. /gm)?.length).toBe(15);
  });
});
