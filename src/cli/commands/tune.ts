import { formatGrid, gridPoints, gridSearch } from '../../train/grid.js';
import { ArgumentError } from '../../errors.js';
import { formatUsage } from '../args.js';
import { checkConfig } from '../config-check.js';
import { TRAIN_KEYS, type TrainConfig } from '../config.js';
import { UsageError } from '../io.js';
import { progressSink } from '../../train/progress.js';
import type { Flags } from '../args.js';
import { DATA_NOTES, DATA_OPTIONS, type Command } from '../command.js';
import { dataPath, describeSource, loadDataset } from '../dataset.js';
import { prepareSplit } from '../split.js';
import { LR_DEFAULTS, MODEL_OPTIONS, trainConfig } from '../train-flags.js';
import { checkLossFitsData, sideFeatures, trainOnSplit } from '../training.js';
import { missingData } from './eda.js';
import { splitSpec } from './train.js';

const GRID_KEYS = ['lr', 'factors', 'layers'];

export const tune: Command = {
  computes: true,
  spec: {
    name: 'tune',
    summary: 'Grid search over learning rate, embedding size and MLP layers; prints a table, best first.',
    synopsis: '[--data PATH] [--model KIND] [--lr LIST] [--factors LIST] [--layers LISTS] [options]',
    options: {
      ...DATA_OPTIONS,
      ...MODEL_OPTIONS,
      lr: { type: 'string', value: 'LIST', description: `learning rates to try, comma-separated (default: train's, ${LR_DEFAULTS})` },
      factors: { type: 'string', value: 'LIST', description: 'embedding sizes to try (default 8)' },
      layers: { type: 'string', value: 'LISTS', description: 'MLP shapes to try, separated by ";" or "/": 64,32,16,8/32,16,8' },
      json: { type: 'boolean', description: 'print the rows as JSON instead of a table' },
    },
    notes: [
      ...DATA_NOTES,
      'Every point trains on the same split and is ranked by its validation NDCG@k (RMSE for --loss mse);',
      'the test rows are never used for the ranking.',
      'A point whose training or scoring throws (with --loss mse, a diverged learning rate) is listed',
      'last with its error; the others still run. Under bce/bpr a diverged point scores HR/NDCG 0.',
      'Exit status 1 only when every point failed.',
      'example: ancf tune --data data/ml-100k --model neumf --lr 0.001,0.005 --factors 8,16 --epochs 5',
    ],
  },
  async run(flags: Flags, _parsed, io) {
    const base = await trainConfig(flags, GRID_KEYS);
    const space = {
      // train's ranges, so a value is refused in the same words by both commands.
      lr: flags.numbers('lr', [base.lr], TRAIN_KEYS.lr),
      factors: flags.numbers('factors', [base.factors], TRAIN_KEYS.factors),
      layers: flags.layerLists('layers', [base.layers]),
    };
    // Every grid point is checked before the data loads, as train checks its one config.
    for (const point of gridPoints(space)) checkPoint({ ...base, ...point, layers: [...point.layers] }, flags);
    const path = dataPath(flags.string('data'), io.env);
    if (path === null) return missingData(io, 'tune');
    const data = await loadDataset(path, flags.has('prefix') ? { prefix: flags.required('prefix') } : {});
    checkLossFitsData(base, data);
    const features = sideFeatures(base, data);
    const p = prepareSplit(data, splitSpec(base), { validation: true });
    const sortBy = base.loss === 'mse' ? 'rmse' : `ndcg@${base.k}`;
    io.stderr.write(`data ${describeSource(data)}: ${data.all.numUsers} users, ${data.all.numItems} items, ${data.all.length} interactions\n`);
    let trial = 0;
    const total = space.lr.length * space.factors.length * space.layers.length;
    const rows = await gridSearch(
      space,
      async (point) => {
        trial++;
        io.stderr.write(`trial ${trial}/${total}: ${JSON.stringify(point)}\n`);
        try {
          const r = await trainOnSplit({ ...base, ...point, layers: [...point.layers] }, p, progressSink('none'), features);
          const epochs = r.history.epochs;
          const best = epochs[(r.history.bestEpoch ?? epochs.length) - 1];
          return { ...(best?.metrics ?? {}) };
        } catch (e) {
          // gridSearch records the failure as a row and goes on with the next point.
          io.stderr.write(`trial ${trial}/${total} failed: ${e instanceof Error ? e.message : String(e)}\n`);
          throw e;
        }
      },
      { sortBy, mode: base.loss === 'mse' ? 'min' : 'max' },
    );
    // Failed points are rows too (with an error and no metrics), listed last.
    if (flags.bool('json')) io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else io.stdout.write(`${formatGrid(rows)}\n`);
    // Exit 1 only when no point produced a result.
    return rows.some((r) => r.error === undefined) ? 0 : 1;
  },
};

/** One grid point through train's checks; a refusal names the grid value. */
function checkPoint(cfg: TrainConfig, flags: Flags): void {
  try {
    checkConfig(cfg);
  } catch (e) {
    if (e instanceof ArgumentError) throw new UsageError(`--${e.argument.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}${e.message.slice(e.argument.length)} (grid point lr ${cfg.lr}, factors ${cfg.factors}, layers ${cfg.layers.join(',')})`, formatUsage(flags.spec));
    throw e;
  }
}
