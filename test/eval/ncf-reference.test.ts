import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SampledEvaluator } from '../../src/eval/index.js';
import { Rng } from '../../src/tensor/rng.js';
import { TableScorer } from './table-scorer.js';

/**
 * The evaluator must reproduce ../shared/tools/torch_ncf.py's `evaluate` for the
 * same score matrix. Its formula, for rows of [positive, negatives...]:
 *
 *   rank = (s[:, 1:] >= pos).sum(1); hit = rank < k
 *   hr = hit.mean(); ndcg = where(hit, log(2) / log(rank + 2), 0).mean()
 *
 * transcribed below as the reference, and (when python3 with numpy and torch is
 * present) also run for real on the same matrix.
 */
const NU = 40, NI = 60, NEG = 25;
const rng = new Rng(2024);
// Scores rounded to quarters so many negatives tie the positive; a few rows are all equal.
const table = Float32Array.from({ length: NU * NI }, () => Math.round(rng.normal(0, 1) * 4) / 4);
for (const u of [3, 17]) table.fill(0.5, u * NI, (u + 1) * NI);
const users = Int32Array.from({ length: NU }, (_, u) => u);
const positives = Int32Array.from({ length: NU }, () => rng.int(NI));
const negatives = Array.from(users, (u) => {
  const pool = Array.from({ length: NI }, (_, j) => j).filter((j) => j !== positives[u]);
  return Int32Array.from(rng.shuffle(pool).slice(0, NEG));
});
const scorer = new TableScorer(NU, NI, table);

function pythonFormula(k: number): { hr: number; ndcg: number } {
  let hr = 0, ndcg = 0;
  for (let u = 0; u < NU; u++) {
    const s = [positives[u]!, ...negatives[u]!].map((i) => table[u * NI + i]!);
    const rank = s.slice(1).filter((x) => x >= s[0]!).length;
    const hit = rank < k;
    hr += hit ? 1 : 0;
    ndcg += hit ? Math.log(2) / Math.log(rank + 2) : 0;
  }
  return { hr: hr / NU, ndcg: ndcg / NU };
}

const KS = [1, 5, 10];

describe('agreement with torch_ncf.py evaluate()', () => {
  it('matches the transcribed formula, ties included', () => {
    let tiedRows = 0;
    for (const k of KS) {
      const r = new SampledEvaluator({ users, positives, negatives }, { k, chunkPairs: 100 }).evaluate(scorer);
      const ref = pythonFormula(k);
      expect(r.hr).toBeCloseTo(ref.hr, 12);
      expect(r.ndcg).toBeCloseTo(ref.ndcg, 12);
      if (k === 10) {
        expect(r.perUser.rank[3]).toBe(NEG); // a constant row never hits
        tiedRows = users.filter((u) => negatives[u]!.some((i) => table[u * NI + i] === table[u * NI + positives[u]!])).length;
      }
    }
    expect(tiedRows).toBeGreaterThan(NU / 2); // the fixture really exercises ties
  });

  const python = process.env.PYTHON ?? '/usr/bin/python3';
  const script = resolve(process.env.ANCF_TOOLS ?? resolve(import.meta.dirname, '../../../shared/tools'), 'torch_ncf.py');
  const probe = existsSync(script) ? spawnSync(python, ['-c', 'import numpy, torch'], { encoding: 'utf8' }) : null;
  const reason = !probe ? `${script} not found` : probe.status !== 0 ? `${python} lacks numpy/torch (${(probe.stderr ?? String(probe.error)).trim().split('\n').pop()})` : '';
  if (reason) console.log(`skipping the live torch_ncf.py run: ${reason}`);
  const dir = mkdtempSync(join(tmpdir(), 'ancf-ncf-ref-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(reason !== '')('matches torch_ncf.evaluate run in Python on the same score matrix', () => {
    const rows = (n: number, f: (u: number) => ArrayLike<number>): string =>
      Array.from({ length: n }, (_, u) => Array.from(f(u)).join(' ')).join('\n');
    writeFileSync(join(dir, 'scores.txt'), rows(NU, (u) => table.subarray(u * NI, (u + 1) * NI)));
    writeFileSync(join(dir, 'test.txt'), rows(NU, (u) => [u, positives[u]!]));
    writeFileSync(join(dir, 'neg.txt'), rows(NU, (u) => negatives[u]!));
    const py = `
import importlib.util, json, sys
import numpy as np, torch
spec = importlib.util.spec_from_file_location("torch_ncf", sys.argv[1])
ref = importlib.util.module_from_spec(spec); spec.loader.exec_module(ref)
d = sys.argv[2]
S = torch.from_numpy(np.loadtxt(d + "/scores.txt", dtype=np.float32))
class Table(torch.nn.Module):
    def forward(self, u, i): return S[u, i]
test = np.loadtxt(d + "/test.txt", dtype=np.int64)
negs = np.loadtxt(d + "/neg.txt", dtype=np.int64)
out = {}
for k in (${KS.join(', ')}):
    hr, ndcg = ref.evaluate(Table(), test, negs, k)
    out[k] = [float(hr), float(ndcg)]
print(json.dumps(out))
`;
    const run = spawnSync(python, ['-c', py, script, dir], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const got = JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, [number, number]>;
    for (const k of KS) {
      const r = new SampledEvaluator({ users, positives, negatives }, { k }).evaluate(scorer);
      expect(r.hr).toBeCloseTo(got[k]![0], 12);
      expect(r.ndcg).toBeCloseTo(got[k]![1], 12);
    }
  });
});
