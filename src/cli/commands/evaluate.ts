import { concatInteractions } from '../../data/concat.js';
import { ArgumentError } from '../../errors.js';
import { evaluateFullRanking } from '../../eval/full.js';
import { SampledEvaluator } from '../../eval/sampled.js';
import { RecModel } from '../../models/model.js';
import { loadRecommender } from '../../recommend/node.js';
import { formatUsage, type Flags } from '../args.js';
import { UsageError } from '../io.js';
import { readTrainingRecord } from '../checkpoint-info.js';
import { DATA_NOTES, DATA_OPTIONS, type Command } from '../command.js';
import { TRAIN_DEFAULTS } from '../config.js';
import { dataPath, describeSource, loadDataset } from '../dataset.js';
import { prepareSplit, type SplitSpec } from '../split.js';
import { attachHistories, ratingMetrics, sampledMetrics } from '../training.js';
import { missingData } from './eda.js';
import { formatMetrics } from './train.js';

type Protocol = 'sampled' | 'full' | 'rating';

export const evaluate: Command = {
  computes: true,
  spec: {
    name: 'evaluate',
    summary: 'Score a saved model on the held-out rows of the split it was trained with.',
    synopsis: '--model DIR [--data PATH] [--protocol sampled|full|rating] [-k N]',
    options: {
      model: { type: 'string', short: 'm', value: 'DIR', description: 'checkpoint folder written by `ancf train`' },
      ...DATA_OPTIONS,
      data: { type: 'string', value: 'PATH', description: 'dataset (default: $ANCF_DATA, else the path recorded at training)' },
      protocol: { type: 'string', short: 'p', value: 'NAME', description: 'sampled (HR/NDCG vs 99 negatives) | full (whole catalogue) | rating (RMSE/MAE); default sampled' },
      k: { type: 'string', short: 'k', value: 'N', description: 'ranking cutoff (default 10)' },
      json: { type: 'boolean', description: 'print the metrics as JSON' },
    },
    notes: [
      ...DATA_NOTES,
      'The split (leave-one-out or random, seed, negatives) is read from the checkpoint, so the',
      'held-out rows are exactly those training never saw.',
    ],
  },
  async run(flags: Flags, _parsed, io) {
    const dir = flags.required('model');
    const protocol = flags.choice<Protocol>('protocol', ['sampled', 'full', 'rating'], 'sampled');
    const k = flags.number('k', 10, { min: 1, integer: true });
    const record = await readTrainingRecord(dir);
    // RMSE of a BCE/BPR model's logits against star ratings means nothing: refuse it.
    if (protocol === 'rating' && record.loss !== 'mse') {
      const trained = record.loss === undefined ? 'records no training loss' : `was trained with --loss ${record.loss}`;
      throw new UsageError(`--protocol rating needs a model trained on ratings (--loss mse); ${dir} ${trained}. Use --protocol sampled or full`, formatUsage(this.spec));
    }
    const path = dataPath(flags.string('data'), io.env) ?? record.data?.path ?? null;
    if (path === null) return missingData(io, 'evaluate');
    const rec = await loadRecommender(dir);
    const model = rec.model;
    if (!(model instanceof RecModel)) throw new ArgumentError('model', `${rec.kind} is not a trained model; evaluate needs one`);
    const prefix = flags.string('prefix') ?? record.data?.prefix;
    const data = await loadDataset(path, prefix !== undefined ? { prefix } : {});
    sameIds(data.userIds.ids(), rec.userIds.ids(), 'user', path, dir);
    sameIds(data.itemIds.ids(), rec.itemIds.ids(), 'item', path, dir);
    const base = record.train ?? TRAIN_DEFAULTS;
    const spec: SplitSpec = record.split ?? { kind: base.split, testRatio: base.testRatio, negatives: base.evalNegatives, seed: base.seed };
    const p = prepareSplit(data, spec, { validation: true });
    // Score with the histories training ended with: everything but the test rows.
    const seen = p.validation ? concatInteractions([p.train, p.validation]) : p.train;
    attachHistories(model, seen);
    let metrics: Record<string, number>;
    if (protocol === 'rating') metrics = ratingMetrics(model, p.test);
    else if (protocol === 'sampled') {
      metrics = sampledMetrics(new SampledEvaluator({ users: p.test.users, positives: p.test.items, negatives: p.testNegatives }, { k }), model);
    } else {
      const { offsets, indices } = p.test.byUser();
      const users: number[] = [];
      const heldOffsets = [0];
      const held: number[] = [];
      for (let u = 0; u < p.test.numUsers; u++) {
        if (offsets[u + 1] === offsets[u]) continue;
        users.push(u);
        for (let e = offsets[u]!; e < offsets[u + 1]!; e++) held.push(indices[e]!);
        heldOffsets.push(held.length);
      }
      const r = evaluateFullRanking(model, {
        users: Int32Array.from(users),
        heldOut: { offsets: Int32Array.from(heldOffsets), indices: Int32Array.from(held) },
        train: seen.byUser(),
      }, { k });
      metrics = { [`hr@${k}`]: r.hr, [`ndcg@${k}`]: r.ndcg, [`precision@${k}`]: r.precision, [`recall@${k}`]: r.recall, [`map@${k}`]: r.map, [`mrr@${k}`]: r.mrr };
    }
    const rows = protocol === 'full' ? new Set(p.test.users).size : p.test.length;
    if (flags.bool('json')) io.stdout.write(`${JSON.stringify({ model: rec.kind, protocol, rows, ...metrics }, null, 2)}\n`);
    else io.stdout.write(`${rec.kind} on ${describeSource(data)}, ${protocol} protocol, ${rows} ${protocol === 'full' ? 'users' : 'held-out rows'}${protocol === 'sampled' ? ` x ${p.negatives} negatives` : ''}\n${formatMetrics(metrics)}\n`);
    return 0;
  },
};

function sameIds(a: readonly unknown[], b: readonly unknown[], kind: string, data: string, dir: string): void {
  const diff = a.length !== b.length || a.some((x, i) => x !== b[i]);
  if (diff) throw new ArgumentError('data', `${data} has ${a.length} ${kind}s that do not match the ${b.length} of the model in ${dir}: evaluate on the data it was trained on`);
}
