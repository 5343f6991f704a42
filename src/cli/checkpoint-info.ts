import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_FILE } from '../io/checkpoint-format.js';
import { CheckpointError } from '../errors.js';
import { TRAIN_DEFAULTS, applyConfig, type TrainConfig } from './config.js';
import type { SplitSpec } from './split.js';

/** What `ancf train` recorded in a checkpoint's manifest (absent for models saved another way). */
export interface TrainingRecord {
  data?: { path: string; format: string; prefix?: string };
  split?: SplitSpec;
  train?: TrainConfig;
  /** The loss training used, read on its own so a record from another version still tells it. */
  loss?: string;
}

/**
 * Reads the training record `ancf train` keeps in DIR/manifest.json's
 * `hyperparameters` (data, split, train). Missing pieces come back undefined;
 * callers fall back to defaults.
 */
export async function readTrainingRecord(dir: string): Promise<TrainingRecord> {
  const path = join(dir, MANIFEST_FILE);
  let manifest: { hyperparameters?: Record<string, unknown> };
  try {
    manifest = JSON.parse(await readFile(path, 'utf8')) as typeof manifest;
  } catch (e) {
    throw new CheckpointError(path, `cannot read: ${(e as Error).message}`);
  }
  const hp = manifest.hyperparameters ?? {};
  const found = (key: string): unknown => hp[key];
  const out: TrainingRecord = {};
  const data = found('data') as TrainingRecord['data'];
  if (data && typeof data.path === 'string') out.data = data;
  const split = found('split') as SplitSpec | undefined;
  if (split && (split.kind === 'loo' || split.kind === 'random')) out.split = split;
  const train = found('train');
  const loss = (train as { loss?: unknown } | undefined)?.loss;
  if (typeof loss === 'string') out.loss = loss;
  if (train && typeof train === 'object') {
    try {
      out.train = applyConfig(TRAIN_DEFAULTS, train as Record<string, unknown>, `${path}: hyperparameters.train`);
    } catch {
      // A record from another version: ignore it rather than refuse the model.
    }
  }
  return out;
}
