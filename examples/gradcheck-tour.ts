/**
 * A tour of the library's backward passes: every layer and loss, checked against
 * central differences in float64, then a few deliberately wrong backwards that the
 * checker must catch. Run with `npx tsx examples/gradcheck-tour.ts`; exits 1 if a
 * real check fails or a wrong backward slips through.
 */
import {
  AttentionPooling,
  BCEWithLogitsLoss,
  BPRLoss,
  Concat,
  Dropout,
  Embedding,
  LeakyReLU,
  Linear,
  MSELoss,
  Multiply,
  ReLU,
  RowDot,
  Rng,
  Sigmoid,
  SoftmaxCrossEntropyLoss,
  Tanh,
  Tensor,
  formatGradcheckReport,
  gradcheck,
  gradcheckLayer,
  mlp,
  type GradcheckReport,
  type Module,
} from '../src/index.js';

const rng = new Rng(2024);
const dtype = 'float64' as const;

function randn(shape: number[], scale = 1): Tensor {
  const t = Tensor.zeros(shape, dtype);
  for (let i = 0; i < t.size; i++) t.data[i] = scale * rng.normal();
  return t;
}

/** Zero biases would put ReLUs exactly on their kink; random ones make a fairer test. */
function randomize<M extends Module>(m: M): M {
  for (const p of m.parameters()) for (let i = 0; i < p.value.size; i++) p.value.data[i] = rng.normal();
  return m;
}

const checks: Array<[string, () => GradcheckReport]> = [
  ['Linear 4→3', () => gradcheckLayer(randomize(new Linear(4, 3, { rng, dtype })), randn([5, 4]))],
  ['ReLU', () => gradcheckLayer(new ReLU(), randn([4, 3]))],
  ['LeakyReLU(0.1)', () => gradcheckLayer(new LeakyReLU(0.1), randn([4, 3]))],
  ['Sigmoid', () => gradcheckLayer(new Sigmoid(), randn([4, 3], 3))],
  ['Tanh', () => gradcheckLayer(new Tanh(), randn([4, 3], 3))],
  [
    'Dropout(0.3), mask replayed',
    () => {
      const d = new Dropout(0.3, { rng });
      const x = randn([4, 3]);
      return gradcheck({ inputs: { x }, forward: () => ((d.rng = new Rng(7)), d.forward(x)), backward: (dy) => ({ x: d.backward(dy!) }) });
    },
  ],
  ['mlp([6, 4, 3, 2])', () => gradcheckLayer(randomize(mlp([6, 4, 3, 2], { rng, dtype })), randn([5, 6]))],
  [
    'Embedding 10x4, ids with repeats',
    () => {
      const e = new Embedding(10, 4, { rng, dtype });
      const ids = Int32Array.from([3, 7, 3, 0, 3]);
      return gradcheck({ params: e, forward: () => e.forward(ids), backward: (dy) => e.backward(dy!) });
    },
  ],
  [
    'Concat',
    () => {
      const c = new Concat();
      const a = randn([3, 2]);
      const b = randn([3, 4]);
      return gradcheck({ inputs: { a, b }, forward: () => c.forward([a, b]), backward: (dy) => { const [da, db] = c.backward(dy!); return { a: da!, b: db! }; } });
    },
  ],
  ...(['Multiply', 'RowDot'] as const).map((name): [string, () => GradcheckReport] => [
    name,
    () => {
      const layer = name === 'Multiply' ? new Multiply() : new RowDot();
      const a = randn([3, 4]);
      const b = randn([3, 4]);
      return gradcheck({ inputs: { a, b }, forward: () => layer.forward(a, b), backward: (dy) => { const [da, db] = layer.backward(dy!); return { a: da, b: db }; } });
    },
  ]),
  ...(['mlp', 'dot'] as const).map((scoring): [string, () => GradcheckReport] => [
    `AttentionPooling '${scoring}', beta 0.5`,
    () => {
      const att = randomize(new AttentionPooling(4, { rng, scoring, attentionDim: 3, beta: 0.5, dtype }));
      const q = randn([3, 4]);
      const k = randn([3, 5, 4]);
      const lengths = Int32Array.from([5, 2, 0]); // a full, a short and an empty history
      return gradcheck({
        inputs: { query: q, keys: k },
        params: att,
        forward: () => att.forward(q, k, lengths),
        backward: (dy) => { const g = att.backward(dy!); return { query: g.dQuery, keys: g.dKeys }; },
      });
    },
  ]),
  [
    'BCEWithLogitsLoss, logits ~ 100',
    () => {
      const loss = new BCEWithLogitsLoss();
      const z = randn([6], 100);
      const y = Tensor.fromFlat([1, 0, 1, 0, 1, 0], [6], dtype);
      return gradcheck({ inputs: { z }, forward: () => loss.forward(z, y), backward: () => ({ z: loss.backward() }) });
    },
  ],
  [
    'MSELoss',
    () => {
      const loss = new MSELoss();
      const p = randn([6]);
      const t = randn([6]);
      return gradcheck({ inputs: { p }, forward: () => loss.forward(p, t), backward: () => ({ p: loss.backward() }) });
    },
  ],
  [
    'BPRLoss',
    () => {
      const loss = new BPRLoss();
      const pos = randn([6], 3);
      const neg = randn([6], 3);
      return gradcheck({ inputs: { pos, neg }, forward: () => loss.forward(pos, neg), backward: () => { const [a, b] = loss.backward(); return { pos: a, neg: b }; } });
    },
  ],
  [
    'SoftmaxCrossEntropyLoss [5, 5]',
    () => {
      const loss = new SoftmaxCrossEntropyLoss();
      const s = randn([5, 5], 3);
      return gradcheck({ inputs: { scores: s }, forward: () => loss.forward(s), backward: () => ({ scores: loss.backward() }) });
    },
  ],
];

// Wrong on purpose: each must fail.
class FlippedSigmoid extends Sigmoid {
  override backward(dy: Tensor): Tensor {
    const dx = super.backward(dy);
    this.kernels.scale(dx, dx, -1);
    return dx;
  }
}
class OnePercentLinear extends Linear {
  override backward(dy: Tensor): Tensor {
    const dx = super.backward(dy);
    this.kernels.scale(this.weight.denseGrad, this.weight.denseGrad, 1.01);
    return dx;
  }
}
class FirstIdOnly extends Embedding {
  private last = new Int32Array(0);
  override forward(ids: Int32Array): Tensor {
    this.last = ids.slice();
    return super.forward(ids);
  }
  // Assigns instead of accumulating: a repeated id keeps only one contribution.
  override backward(dy: Tensor): void {
    const ids = this.last;
    const seen = new Set<number>();
    ids.forEach((id, r) => {
      if (!seen.has(id)) this.weight.sparseGrad.accumulate(ids.subarray(r, r + 1), dy.sliceRows(r, r + 1), this.kernels);
      seen.add(id);
    });
  }
}
const controls: Array<[string, () => GradcheckReport]> = [
  ['Sigmoid, sign flipped', () => gradcheckLayer(new FlippedSigmoid(), randn([3, 3]))],
  ['Linear, dW 1% too large', () => gradcheckLayer(new OnePercentLinear(3, 2, { rng, dtype }), randn([4, 3]))],
  [
    'Embedding, repeated ids dropped',
    () => {
      const e = new FirstIdOnly(5, 2, { rng, dtype });
      const ids = Int32Array.from([1, 1, 4]);
      return gradcheck({ params: e, forward: () => e.forward(ids), backward: (dy) => e.backward(dy!) });
    },
  ],
];

const fmt = (v: number): string => (Number.isFinite(v) ? v.toExponential(1) : String(v));
let failures = 0;
const rows: string[][] = [];
for (const [name, run] of checks) {
  const r = run();
  const worst = (kind: 'input' | 'parameter'): string => {
    const es = r.entries.filter((e) => e.kind === kind);
    return es.length === 0 ? '-' : fmt(Math.max(...es.map((e) => e.maxError)));
  };
  const kinks = r.entries.reduce((s, e) => s + e.nonsmooth, 0);
  rows.push([name, worst('input'), worst('parameter'), String(kinks), r.ok ? 'ok' : 'FAIL']);
  if (!r.ok) {
    failures++;
    console.error(formatGradcheckReport(r, name));
  }
}
for (const [name, run] of controls) {
  const r = run();
  rows.push([`(wrong) ${name}`, '', '', '', r.ok ? 'MISSED' : 'caught']);
  if (r.ok) failures++;
}

const header = ['check', 'worst input error', 'worst parameter error', 'kinks', 'result'];
const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
const line = (r: string[]): string => r.map((v, c) => v.padEnd(widths[c]!)).join('  ').trimEnd();
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
console.log(failures === 0 ? '\nall backward passes agree with finite differences (tolerance 1e-6)' : `\n${failures} check(s) failed`);
process.exitCode = failures === 0 ? 0 : 1;
