import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkConfig, configKey, MODEL_LOSSES } from '../../src/cli/config-check.js';
import { ArgumentError } from '../../src/errors.js';
import { TRAIN_DEFAULTS, type TrainConfig } from '../../src/cli/config.js';
import { defaultDropout, defaultLearningRate } from '../../src/models/defaults.js';
import { modelKinds } from '../../src/models/registry.js';
import { cli, makeFixture } from './fixtures.js';

const fx = makeFixture({ users: 20, items: 30, perUser: 8 });
afterAll(() => fx.remove());
const missing = (): string => join(fx.root, 'no-such-data');

describe('settings are refused before any data loads (exit 2, not 1)', () => {
  // The data path does not exist: reaching the loader would exit 1 "does not exist".
  it.each([
    [['--model', 'nosuch'], /--model: unknown model "nosuch"; known: mf, gmf, mlp, neumf, ancf, two-tower/],
    [['--layers', '64'], /--layers: neumf needs at least two MLP sizes/],
    [['-m', 'mlp', '--layers', '63,8'], /--layers: mlp splits the first MLP size evenly .* must be even; got 63/],
    [['-m', 'ancf', '--loss', 'bpr'], /--loss: ancf trains only with bce, got bpr/],
    [['-m', 'ancf', '--loss', 'mse'], /--loss: ancf trains only with bce, got mse/],
    [['-m', 'gmf', '--features', 'metadata'], /--features: only the two-tower model reads side features/],
    [['-m', 'ancf', '--history-length', '2.5'], /--history-length: must be an integer >= 1; got "2\.5"/],
    [['-m', 'ancf', '--oversample-recent', '10'], /--oversample-recent: repeats rows of the pointwise bce source only; ancf with bce/],
    [['-m', 'neumf', '--loss', 'bpr', '--oversample-recent', '3'], /--oversample-recent: repeats rows of the pointwise bce source only; neumf with bpr/],
    [['--oversample-recent', '-1'], /--oversample-recent: must be an integer >= 0/],
  ])('train %j', async (...args) => {
    const [extra, message] = args as [string[], RegExp];
    const r = await cli(['train', '--data', missing(), ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/does not exist/);
    expect(r.stdout).toBe('');
  });

  it('names the config file when the bad setting came from it, and the flag when from a flag', async () => {
    const cfg = join(fx.root, 'nosuch.yaml');
    writeFileSync(cfg, 'model: nosuch\nepochs: 0\n');
    const epochs = await cli(['train', '--data', missing(), '--config', cfg]);
    expect(epochs.code).toBe(2);
    expect(epochs.stderr).toContain(`${cfg}: epochs: must be an integer >= 1; got 0`);
    writeFileSync(cfg, 'model: nosuch\n');
    const model = await cli(['train', '--data', missing(), '--config', cfg]);
    expect(model.code).toBe(2);
    expect(model.stderr).toContain(`${cfg}: model: unknown model "nosuch"`);
    writeFileSync(cfg, 'model: ancf\nlayers: [64]\n');
    const flag = await cli(['train', '--data', missing(), '--config', cfg, '--layers', '32']);
    expect(flag.stderr).toContain('--layers: ancf needs at least two MLP sizes');
    const file = await cli(['train', '--data', missing(), '--config', cfg]);
    expect(file.stderr).toContain(`${cfg}: layers: ancf needs at least two MLP sizes`);
  });

  it('tune checks every grid point the same way', async () => {
    const r = await cli(['tune', '--data', missing(), '-m', 'neumf', '--layers', '64,32/64']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--layers: neumf needs at least two MLP sizes .*grid point .*layers 64\)/);
    const bad = await cli(['tune', '--data', missing(), '-m', 'ancf', '--loss', 'bpr']);
    expect(bad.code).toBe(2);
  });

  it('--out naming an existing file is refused before training; eda and recommend --all likewise', async () => {
    const file = join(fx.root, 'a-file');
    writeFileSync(file, 'x');
    const r = await cli(['train', '--data', fx.ml100k, '-m', 'gmf', '-e', '1', '--out', file, '--progress', 'none']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--out ${file} is an existing file; it must be a folder`);
    expect(r.stdout).toBe('');
    const e = await cli(['eda', '--data', fx.ml100k, '--out', file]);
    expect(e.code).toBe(2);
    const a = await cli(['recommend', '--model', join(fx.root, 'none'), '--all', '--out', fx.root]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain(`--out ${fx.root} is an existing folder; it must be a file`);
  });
});

/** What fn throws (undefined when it returns). */
function thrown(fn: () => void): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('checkConfig', () => {
  const cfg = (o: Partial<TrainConfig>): TrainConfig => ({ ...TRAIN_DEFAULTS, layers: [...TRAIN_DEFAULTS.layers], ...o });

  it('lists every built-in model, and accepts each model with each loss it lists (the dry-run build passes)', () => {
    expect(Object.keys(MODEL_LOSSES).sort()).toEqual(modelKinds().sort());
    for (const [model, losses] of Object.entries(MODEL_LOSSES)) {
      for (const loss of losses) expect(() => checkConfig(cfg({ model, loss }))).not.toThrow();
      for (const loss of (['bce', 'bpr', 'mse'] as const).filter((l) => !losses.includes(l))) expect(() => checkConfig(cfg({ model, loss }))).toThrow(/trains only with/);
    }
  });

  it('two-tower needs only an output size; NCF MLPs need two sizes', () => {
    expect(() => checkConfig(cfg({ model: 'two-tower', layers: [16] }))).not.toThrow();
    expect(() => checkConfig(cfg({ model: 'mlp', layers: [16] }))).toThrow(/at least two MLP sizes/);
    expect(() => checkConfig(cfg({ model: 'gmf', layers: [16] }))).not.toThrow();
  });

  it('an unknown model is blamed on model, before any other check (one check, shared with buildModel)', () => {
    const err = thrown(() => checkConfig(cfg({ model: 'nosuch', features: 'metadata', loss: 'mse' })));
    expect(err).toBeInstanceOf(ArgumentError);
    expect((err as ArgumentError).argument).toBe('model');
    expect((err as ArgumentError).message).toBe(`model: unknown model "nosuch"; known: ${modelKinds().join(', ')}`);
  });

  it("a model's refusal blames the config key its argument ends with: ANCF's 'ANCF: historyLength' is historyLength", () => {
    const err = thrown(() => checkConfig(cfg({ model: 'ancf', historyLength: 2.5 })));
    expect(err).toBeInstanceOf(ArgumentError);
    expect((err as ArgumentError).argument).toBe('historyLength');
    expect((err as ArgumentError).message).toBe('historyLength: ancf refuses this config: ANCF: historyLength: must be a positive integer, got 2.5');
  });

  it('configKey: the last path segment when it is a TrainConfig key, else model', () => {
    expect(configKey('ANCF: historyLength')).toBe('historyLength');
    expect(configKey('historyLength')).toBe('historyLength');
    expect(configKey('layers')).toBe('layers');
    expect(configKey('AttentionPooling: scoring')).toBe('scoring');
    expect(configKey('Embedding: dim')).toBe('model');
    expect(configKey('mlp: sizes')).toBe('model');
    expect(configKey('Dropout: p')).toBe('model');
    expect(configKey('constructor')).toBe('model');
  });
});

describe('help texts say the per-model defaults', () => {
  it.each(['train', 'tune'])('%s --help gives each model its default learning rate', async (command) => {
    const help = (await cli([command, '--help'])).stdout;
    const lr = help.split('\n').find((l) => l.trimStart().startsWith('--lr '))!;
    expect(lr).toContain('per model');
    expect(lr).not.toMatch(/\(default 0\.001\)/);
    for (const kind of modelKinds()) expect(lr).toMatch(new RegExp(`${defaultLearningRate(kind)} for [a-z, -]*\\b${kind}\\b`));
    expect(lr).toContain(`${defaultLearningRate('mf', 'mse')} with --loss mse`);
    const dropout = help.split('\n').find((l) => l.trimStart().startsWith('--dropout '))!;
    for (const kind of modelKinds()) expect(dropout).toMatch(new RegExp(`${defaultDropout(kind)} for [a-z, -]*\\b${kind}\\b`));
  });
});

describe('the command list and help', () => {
  it('ancf with no arguments prints the usage on stderr and exits 2', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('usage: ancf <command> [options]');
  });

  it('ancf help NAME prints that command\'s usage; an unknown NAME exits 2', async () => {
    const r = await cli(['help', 'train']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe((await cli(['train', '--help'])).stdout);
    expect(r.stdout).toContain('usage: ancf train');
    const bad = await cli(['help', 'trian']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown command "trian"');
  });

  it('--help lists every delimiter the reader sniffs, the space included', async () => {
    expect((await cli(['train', '--help'])).stdout).toContain('(tab, ::, comma, semicolon or space)');
  });
});
