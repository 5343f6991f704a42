import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNcf } from '../../src/data/node.js';
import { SampledEvaluator, evaluateFullRanking, type Scorer } from '../../src/eval/index.js';

/**
 * The real ML-100K NCF split scored by item popularity (a tie-heavy model: many
 * items share a count), evaluated by us and by torch_ncf.py's evaluate().
 */
const dataDir = resolve(process.env.ANCF_DATA ?? resolve(import.meta.dirname, '../../../shared/data'), 'ml-100k-ncf');
const tools = resolve(process.env.ANCF_TOOLS ?? resolve(import.meta.dirname, '../../../shared/tools'), 'torch_ncf.py');
const python = process.env.PYTHON ?? '/usr/bin/python3';
const haveData = existsSync(resolve(dataDir, 'ml-100k.test.negative'));
if (!haveData) console.log(`skipping ML-100K evaluation tests: no NCF files in ${dataDir}`);
const pyReason = !existsSync(tools)
  ? `${tools} not found`
  : spawnSync(python, ['-c', 'import numpy, torch']).status !== 0
    ? `${python} lacks numpy/torch`
    : '';
if (haveData && pyReason) console.log(`skipping the live torch_ncf.py run on ML-100K: ${pyReason}`);

class PopularityScorer implements Scorer {
  constructor(
    readonly numUsers: number,
    readonly numItems: number,
    readonly counts: Float32Array,
  ) {}
  score(_users: Int32Array, items: Int32Array, out: Float32Array): void {
    for (let i = 0; i < items.length; i++) out[i] = this.counts[items[i]!]!;
  }
}

describe.skipIf(!haveData)('ML-100K (NCF split)', async () => {
  const data = haveData ? await loadNcf(dataDir, 'ml-100k') : null;
  const counts = new Float32Array(data?.train.numItems ?? 0);
  data?.train.items.forEach((i) => counts[i]!++);
  const scorer = new PopularityScorer(data?.train.numUsers ?? 0, data?.train.numItems ?? 0, counts);

  it('evaluates 943 users x 100 items; popularity gets the expected ballpark', () => {
    const ev = new SampledEvaluator({ users: data!.test.users, positives: data!.test.items, negatives: data!.testNegatives });
    const r = ev.evaluate(scorer);
    expect(r.rows).toBe(943);
    expect(r.removedPositives).toBe(0);
    // Popularity on ML-100K with 99 negatives: HR@10 is well above random (0.1) and below a trained NeuMF (~0.68).
    expect(r.hr).toBeGreaterThan(0.25); // 0.3128 with ties counted against
    expect(r.hr).toBeLessThan(0.5);
  });

  it.skipIf(pyReason !== '')('matches torch_ncf.evaluate() on the same files and scores', () => {
    const py = `
import importlib.util, json, sys
import numpy as np, torch
spec = importlib.util.spec_from_file_location("torch_ncf", sys.argv[1])
ref = importlib.util.module_from_spec(spec); spec.loader.exec_module(ref)
train, test, negs = ref.load(sys.argv[2], "ml-100k")
ni = int(max(train[:, 1].max(), test[:, 1].max(), negs.max()) + 1)
pop = torch.from_numpy(np.bincount(train[:, 1], minlength=ni).astype(np.float32))
class Pop(torch.nn.Module):
    def forward(self, u, i): return pop[i]
print(json.dumps({k: [float(x) for x in ref.evaluate(Pop(), test, negs, k)] for k in (1, 10, 20)}))
`;
    const run = spawnSync(python, ['-c', py, tools, dataDir], { encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const got = JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, [number, number]>;
    for (const k of [1, 10, 20]) {
      const r = new SampledEvaluator({ users: data!.test.users, positives: data!.test.items, negatives: data!.testNegatives }, { k }).evaluate(scorer);
      expect(r.hr).toBeCloseTo(got[k]![0], 12);
      expect(r.ndcg).toBeCloseTo(got[k]![1], 12);
    }
  });

  it('full ranking excludes training items', () => {
    const train = data!.train;
    const held = { offsets: Int32Array.from({ length: 944 }, (_, i) => i), indices: data!.test.items };
    const r = evaluateFullRanking(scorer, { users: data!.test.users, heldOut: held, train: train.byUser() }, { k: 10 });
    expect(r.rows).toBe(943);
    expect(r.heldOutInTrain).toBe(0);
    expect(r.hr).toBeGreaterThan(0);
  });
});
