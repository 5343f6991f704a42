import { existsSync } from 'node:fs';
import type { Recommender } from '../recommend/index.js';
import type { Flags } from './args.js';
import { readTrainingRecord } from './checkpoint-info.js';
import { titles } from './commands/train.js';
import { dataPath, loadDataset } from './dataset.js';
import type { CliIO } from './io.js';

/**
 * The recommender with item titles, when a dataset that publishes them is at hand:
 * `--data`, else ANCF_DATA, else the training data the checkpoint records (when it
 * still exists). Checkpoints hold no titles themselves, so `recommend` and `serve`
 * both read them from there. When the data cannot be read, says why on stderr and
 * goes on without titles.
 */
export async function withTitles(rec: Recommender, dir: string, flags: Flags, io: CliIO): Promise<Recommender> {
  const recorded = (await readTrainingRecord(dir).catch(() => ({ data: undefined }))).data;
  const path = dataPath(flags.string('data'), io.env) ?? (recorded && existsSync(recorded.path) ? recorded.path : null);
  if (path === null) return rec;
  try {
    const prefix = flags.string('prefix') ?? recorded?.prefix;
    const data = await loadDataset(path, prefix !== undefined ? { prefix } : {});
    const t = titles(data);
    if (!t.itemTitles) return rec;
    return rec.withItemTitles(t.itemTitles);
  } catch (e) {
    io.stderr.write(`(no titles: ${(e as Error).message})\n`);
    return rec;
  }
}
