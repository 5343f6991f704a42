import { describe, expect, it } from 'vitest';
import { TRAIN_DEFAULTS } from '../../src/cli/config.js';
import { buildModel, buildSource } from '../../src/cli/training.js';
import { syntheticInteractions } from '../../src/data/synthetic.js';

describe('buildSource', () => {
  const { interactions } = syntheticInteractions({ users: 12, items: 40, perUser: 6, seed: 3 });
  const epochSamples = (oversampleRecent: number): number => {
    const cfg = { ...TRAIN_DEFAULTS, model: 'gmf', batchSize: 1, oversampleRecent };
    return buildSource(cfg, buildModel(cfg, interactions.numUsers, interactions.numItems), interactions).batchesPerEpoch;
  };

  it("passes oversampleRecent to the pointwise source: each user's latest N rows come once more, with 4 negatives each", () => {
    expect(epochSamples(0)).toBe(interactions.length * 5);
    expect(epochSamples(2)).toBe((interactions.length + 2 * 12) * 5);
  });
});
