import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, makeFixture, type Fixture } from './fixtures.js';

let fx: Fixture;
let model = '';
beforeAll(async () => {
  fx = makeFixture();
  model = join(fx.root, 'neumf');
  const r = await cli(['train', '--data', fx.ml100k, '-m', 'neumf', '-e', '4', '--lr', '0.01', '--out', model, '--progress', 'none']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
});
afterAll(() => fx.remove());

describe('ancf (no command)', () => {
  it('prints the command list, the version, and refuses an unknown command with 2', async () => {
    const help = await cli(['help']);
    expect(help.code).toBe(0);
    for (const c of ['eda', 'train', 'evaluate', 'recommend', 'tune', 'serve', 'download', 'backend', 'version']) expect(help.stdout).toContain(`  ${c} `);
    expect((await cli(['version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect((await cli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const bad = await cli(['trian']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown command "trian"');
  });

  it.each(['eda', 'train', 'evaluate', 'recommend', 'tune', 'serve', 'download'])('%s --help prints its usage and exits 0', async (c) => {
    const r = await cli([c, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`usage: ancf ${c}`);
  });

  it.each([
    [['eda', '--bogus'], /Unknown option '--bogus'/],
    [['train', '--epochs', 'many'], /--epochs: must be an integer >= 1; got "many"/],
    [['train', '--loss', 'hinge'], /--loss: must be one of bce, bpr, mse/],
    [['evaluate', '--data', 'x'], /--model is required/],
    [['evaluate', '--model', 'm', '--protocol', 'auc'], /--protocol must be one of sampled, full, rating/],
    [['recommend', '--model', 'm'], /give exactly one of --user, --history, --similar, --all/],
    [['recommend', '--model', 'm', '--user', '1', '--all'], /got --user, --all/],
    [['recommend', '--model', 'm', '--user', '1', '-k', '0'], /--k: must be an integer >= 1; got "0"/],
    [['tune', '--lr', '0.1,abc'], /--lr: must be a number > 0; got "abc"/],
    [['tune', '--lr', '0.1,0'], /--lr: must be a number > 0; got "0"/],
    [['serve', '--model', 'm', '--port', '70000'], /--port: must be an integer in \[0, 65535\]; got "70000"/],
    [['serve', '--model', 'm', '--max-body', '-5'], /--max-body: must be an integer >= 64; got "-5"/],
    [['train', '--epochs', '-1'], /--epochs: must be an integer >= 1; got "-1"/],
    [['train', '-e', '-1'], /--epochs: must be an integer >= 1; got "-1"/],
    [['train', '--epochs', '0'], /--epochs: must be an integer >= 1; got "0"/],
    [['train', '--lr', '-0.1'], /--lr: must be a number > 0; got "-0.1"/],
    [['train', '--lr', '0'], /--lr: must be a number > 0; got "0"/],
    // One check and one message for the same flag in train and tune.
    [['train', '--factors', '0'], /--factors: must be an integer >= 1; got "0"/],
    [['tune', '--factors', '0'], /--factors: must be an integer >= 1; got "0"/],
    [['tune', '--lr', '0'], /--lr: must be a number > 0; got "0"/],
    [['train', '--dropout', '1'], /--dropout: must be a number in \[0, 1\); got "1"/],
    [['train', '--batch-size', '0'], /--batch-size: must be an integer >= 1; got "0"/],
    [['train', '--negatives', '-1'], /--negatives: must be an integer >= 0; got "-1"/],
    [['version', '--bogus'], /Unknown option '--bogus'/],
    [['backend', '--bogus'], /Unknown option '--bogus'/],
    [['backend', 'extra'], /unexpected argument "extra"/],
    [['download', 'ml-100k', '--sha256', 'xyz'], /--sha256 must be 64 hex digits; got "xyz"/],
    [['download'], /which dataset\?/],
    [['download', 'ml-5k'], /unknown dataset "ml-5k"/],
    [['download', 'ml-100k', 'extra'], /unexpected argument "extra"/],
  ])('%j exits 2 with a message and the usage', async (argv, message) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain(`usage: ancf ${argv[0]}`);
  });

  it('a data command without --data or ANCF_DATA exits 2 and says so', async () => {
    for (const c of ['eda', 'train', 'tune']) {
      const r = await cli([c]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('pass --data PATH or set ANCF_DATA');
    }
  });

  it('failures while running (missing data, bad checkpoint) exit 1 with the typed error', async () => {
    const r = await cli(['eda', '--data', join(fx.root, 'nope')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/does not exist/);
    const m = await cli(['recommend', '--model', join(fx.root, 'nope'), '--user', '1']);
    expect(m.code).toBe(1);
    expect(m.stderr).toMatch(/manifest.json: cannot read/);
  });
});

describe('ancf eda', () => {
  it('prints statistics and writes four SVG figures, reading ANCF_DATA', async () => {
    const out = join(fx.root, 'eda');
    const r = await cli(['eda', '--out', out], { ANCF_DATA: fx.ml100k });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/users\s+40/);
    expect(readdirSync(out).sort()).toEqual(['activity.svg', 'interactions-per-item.svg', 'interactions-per-user.svg', 'ratings.svg']);
    const svg = readFileSync(join(out, 'ratings.svg'), 'utf8');
    expect(svg).toContain('<title>Rating distribution</title>');
    const json = await cli(['eda', '--data', fx.ncf, '--out', out, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ format: 'ncf', numUsers: 40, numItems: 60 });
  });
});

describe('ancf eda on a delimited file', () => {
  it('says when the first line was read as a header', async () => {
    const f = join(fx.root, 'with-header.csv');
    writeFileSync(f, 'userId,movieId,rating\n1,10,4\n2,10,3\n2,11,5\n');
    const r = await cli(['eda', '--data', f, '--out', join(fx.root, 'eda-h')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${f} (delimited; first line read as a header and skipped: "userId,movieId,rating")`);
    const j = await cli(['eda', '--data', f, '--out', join(fx.root, 'eda-h'), '--json']);
    expect(JSON.parse(j.stdout)).toMatchObject({ header: 'userId,movieId,rating', interactions: 3 });
  });
});

describe('ancf train', () => {
  it('printed one validation line per epoch and saved a loadable checkpoint', async () => {
    const r = await cli(['train', '--data', fx.ncf, '-m', 'gmf', '-e', '2', '--out', join(fx.root, 'gmf'), '--progress', 'lines', '--patience', '0']);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^epoch \d\/2 loss [\d.]+ .* hr@10 [\d.]+ ndcg@10 [\d.]+$/gm)).toHaveLength(2);
    expect(r.stdout).toMatch(/^test: hr@10 [\d.]+ {2}ndcg@10 [\d.]+$/m);
    const manifest = JSON.parse(readFileSync(join(fx.root, 'gmf', 'manifest.json'), 'utf8'));
    expect(manifest.type).toBe('gmf');
    expect(manifest.hyperparameters.split).toMatchObject({ kind: 'loo', negatives: 99 });
    expect(manifest.metrics.epochs).toHaveLength(2);
  });

  it('records the measured recent-oversampling default: 10 for neumf with bce, 0 with bpr, the flag winning', async () => {
    const train = async (name: string, extra: string[]): Promise<number> => {
      const r = await cli(['train', '--data', fx.ncf, '-e', '1', '--out', join(fx.root, name), '--patience', '0', ...extra]);
      expect(r.code).toBe(0);
      return JSON.parse(readFileSync(join(fx.root, name, 'manifest.json'), 'utf8')).hyperparameters.train.oversampleRecent;
    };
    expect(await train('recent-neumf', ['-m', 'neumf'])).toBe(10);
    expect(await train('recent-bpr', ['-m', 'neumf', '--loss', 'bpr'])).toBe(0);
    expect(await train('recent-gmf', ['-m', 'gmf', '--oversample-recent', '2'])).toBe(2);
  });

  it('reads a YAML config, flags winning, and stops early when validation stalls', async () => {
    const cfg = join(fx.root, 'train.yaml');
    writeFileSync(cfg, 'model: mlp\nepochs: 30\nlayers: [16, 8]\nlr: 0.00001\npatience: 1\n');
    const r = await cli(['train', '--data', fx.ml100k, '--config', cfg, '--epochs', '6', '--out', join(fx.root, 'mlp'), '--progress', 'none']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('model mlp: factors 8, layers 16-8');
    const epochs = r.stdout.match(/^epoch \d+\/6/gm) ?? [];
    expect(epochs.length).toBeGreaterThan(0);
    expect(epochs.length).toBeLessThanOrEqual(6);
  });

  it('refuses a config file with an unknown key (exit 2, naming it)', async () => {
    const cfg = join(fx.root, 'bad.json');
    writeFileSync(cfg, '{"epochz": 3}');
    const r = await cli(['train', '--data', fx.ml100k, '--config', cfg]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown setting "epochz"');
  });

  it('trains a two-tower on the dataset\'s side features, and its checkpoint recommends', async () => {
    const out = join(fx.root, 'tt');
    const r = await cli(['train', '--data', fx.ml100k, '-m', 'two-tower', '--features', 'metadata', '-e', '2', '--out', out, '--progress', 'none']);
    expect(r.code).toBe(0);
    // Widths of the encoded fixture tables (one-hot categories with their unknown bucket, multi-hot genres, numbers).
    expect(r.stdout).toContain('model two-tower: factors 8, layers 64-32-16-8, features metadata (user 21 columns, item 20 columns)');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.type).toBe('two-tower');
    // Age, gender, occupation, zip region + age as a number; genres, decade, year.
    expect(manifest.config).toMatchObject({ userFeatureDim: expect.any(Number), itemFeatureDim: expect.any(Number) });
    expect(manifest.config.userFeatureDim).toBeGreaterThan(0);
    expect(manifest.config.itemFeatureDim).toBeGreaterThan(0);
    const rec = await cli(['recommend', '--model', out, '--user', '1', '-k', '3', '--json']);
    expect(rec.code).toBe(0);
    expect(JSON.parse(rec.stdout).items).toHaveLength(3);
    // The checkpoint carries the feature tables: the reloaded model scores the test rows as trained.
    const e = await cli(['evaluate', '--model', out, '--json']);
    expect(e.code).toBe(0);
    const trained = r.stdout.match(/^test: hr@10 ([\d.]+) {2}ndcg@10 ([\d.]+)/m)!;
    const m = JSON.parse(e.stdout);
    expect([m['hr@10'].toFixed(4), m['ndcg@10'].toFixed(4)]).toEqual([trained[1], trained[2]]);
  });

  it('reads features from a config file; refuses a bad value and a model that cannot use it before loading data', async () => {
    const cfg = join(fx.root, 'tt.yaml');
    writeFileSync(cfg, 'model: two-tower\nfeatures: metadata\nepochs: 1\n');
    const ok = await cli(['train', '--data', fx.ml100k, '--config', cfg, '--out', join(fx.root, 'tt2'), '--progress', 'none']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/features metadata \(user \d+ columns, item \d+ columns\)/);
    const bad = await cli(['train', '--data', fx.ml100k, '-m', 'two-tower', '--features', 'genres']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--features: must be one of none, metadata');
    // Exit 2 (usage) with no data folder at all: the model check runs before loading.
    const early = await cli(['train', '--data', join(fx.root, 'missing'), '-m', 'gmf', '--features', 'metadata']);
    expect(early.code).toBe(2);
    expect(early.stderr).toContain('only the two-tower model reads side features; this config trains gmf');
  });

  it.each([
    [['-m', 'neumf'], 'ml100k', /only the two-tower model reads side features; this config trains neumf/],
    [['-m', 'two-tower'], 'ncf', /\(ncf\) holds no side data/],
  ] as const)('refuses --features metadata where it cannot apply (%s on %s)', async (extra, where, message) => {
    const r = await cli(['train', '--data', fx[where], ...extra, '--features', 'metadata', '-e', '1', '--out', join(fx.root, 'x'), '--progress', 'none']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
  });

  it('trains explicit MF on ratings with MSE and reports RMSE', async () => {
    const out = join(fx.root, 'mf');
    const r = await cli(['train', '--data', fx.ml100k, '-m', 'mf', '--loss', 'mse', '-e', '3', '--lr', '0.05', '--out', out, '--progress', 'none']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^test: rmse [\d.]+ {2}mae [\d.]+/m);
    const e = await cli(['evaluate', '--model', out, '--protocol', 'rating', '--json']);
    expect(e.code).toBe(0);
    const m = JSON.parse(e.stdout);
    expect(m.rmse).toBeGreaterThan(0);
    expect(m.rmse).toBeLessThan(2);
  });
});

describe('ancf evaluate', () => {
  it('sampled: the same numbers train printed for the test rows', async () => {
    const manifest = JSON.parse(readFileSync(join(model, 'manifest.json'), 'utf8'));
    const r = await cli(['evaluate', '--model', model, '--json']);
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m['hr@10']).toBeCloseTo(manifest.metrics.test['hr@10'], 10);
    expect(m['ndcg@10']).toBeCloseTo(manifest.metrics.test['ndcg@10'], 10);
    expect(m.rows).toBe(40);
  });

  it('full ranking reports HR, NDCG, precision, recall, MAP, MRR at k', async () => {
    const r = await cli(['evaluate', '--model', model, '--data', fx.ml100k, '--protocol', 'full', '-k', '5']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/hr@5 [\d.]+ {2}ndcg@5 [\d.]+ {2}precision@5 [\d.]+ {2}recall@5 [\d.]+ {2}map@5 [\d.]+ {2}mrr@5 [\d.]+/);
  });

  it('refuses data whose ids differ from the model', async () => {
    const r = await cli(['evaluate', '--model', model, '--data', fx.ncf]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/do not match .* evaluate on the data it was trained on/);
  });

  it('rating protocol refuses a model not trained with --loss mse, before loading data (exit 2)', async () => {
    // `model` is a NeuMF trained with bce: its logits are not ratings.
    const r = await cli(['evaluate', '--model', model, '--data', join(fx.root, 'no-such-data'), '--protocol', 'rating']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--protocol rating needs a model trained on ratings (--loss mse); ${model} was trained with --loss bce`);
    expect(r.stdout).toBe('');
    // A checkpoint that does not say how it was trained is refused too.
    const bare = join(fx.root, 'bare');
    cpSync(model, bare, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(bare, 'manifest.json'), 'utf8'));
    delete manifest.hyperparameters.train;
    writeFileSync(join(bare, 'manifest.json'), JSON.stringify(manifest));
    const b = await cli(['evaluate', '--model', bare, '--protocol', 'rating']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain(`${bare} records no training loss`);
  });

  it('--loss mse on data without ratings fails right after loading, naming the data', async () => {
    const f = join(fx.root, 'pairs.tsv');
    writeFileSync(f, 'u1\ti1\nu1\ti2\nu2\ti1\nu2\ti3\n');
    const r = await cli(['train', '--data', f, '-m', 'mf', '--loss', 'mse', '-e', '1', '--out', join(fx.root, 'pairs-model'), '--progress', 'none']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`loss: mse regresses ratings, and ${f} (delimited) has none`);
  });
});

describe('ancf recommend', () => {
  it('lists top-k for a user, with titles from the training data', async () => {
    const r = await cli(['recommend', '--model', model, '--user', '3', '-k', '4']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^top 4 for user 3, confidence [\d.]+:/);
    expect(r.stdout.match(/^ +\d\. \d+ +-?[\d.]+ {2}Movie \d+ \(\d{4}\)$/gm)).toHaveLength(4);
  });

  it('--json: no seen items unless --include-seen; --exclude is honoured', async () => {
    const seen = readFileSync(join(fx.ml100k, 'u.data'), 'utf8').split('\n').filter((l) => l.startsWith('3\t')).map((l) => Number(l.split('\t')[1]));
    const r = JSON.parse((await cli(['recommend', '--model', model, '--user', '3', '-k', '10', '--json'])).stdout);
    for (const it of r.items) expect(seen).not.toContain(it.itemId);
    const first = r.items[0].itemId;
    const ex = JSON.parse((await cli(['recommend', '--model', model, '--user', '3', '-k', '10', '--json', '--exclude', String(first)])).stdout);
    expect(ex.items.map((i: { itemId: number }) => i.itemId)).not.toContain(first);
    const all = JSON.parse((await cli(['recommend', '--model', model, '--user', '3', '-k', '60', '--json', '--include-seen'])).stdout);
    expect(all.items.length).toBeGreaterThan(r.items.length);
  });

  it('an unknown user gets the cold-start list; --history folds in a new user; --similar', async () => {
    const cold = await cli(['recommend', '--model', model, '--user', '999', '-k', '3']);
    expect(cold.stdout).toContain('(cold start: most popular items)');
    const h = JSON.parse((await cli(['recommend', '--model', model, '--history', '1,2,3', '-k', '3', '--json'])).stdout);
    expect(h.userId).toBeNull();
    expect(h.items).toHaveLength(3);
    for (const it of h.items) expect([1, 2, 3]).not.toContain(it.itemId);
    const s = await cli(['recommend', '--model', model, '--similar', '5', '-k', '3']);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/^items similar to 5 \(Movie 5 \(1994\)\):/);
    const unknown = await cli(['recommend', '--model', model, '--similar', '5000']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown item id "5000"');
  });

  it('--all writes every user to recommendations.json', async () => {
    const out = join(fx.root, 'recs.json');
    const r = await cli(['recommend', '--model', model, '--all', '-k', '3', '--out', out]);
    expect(r.code).toBe(0);
    const table = JSON.parse(readFileSync(out, 'utf8'));
    expect(Object.keys(table)).toHaveLength(40);
    expect(table['1']).toHaveLength(3);
  });
});

describe('ancf tune', () => {
  it('prints a table with one row per grid point, best validation NDCG first', async () => {
    const r = await cli(['tune', '--data', fx.ncf, '-m', 'neumf', '-e', '2', '--lr', '0.01,0.001', '--factors', '4,8', '--layers', '16,8']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^lr\s+factors\s+layers\s+hr@10\s+ndcg@10\s+seconds$/);
    expect(lines).toHaveLength(2 + 4);
    const ndcg = lines.slice(2).map((l) => Number(l.trim().split(/\s+/)[4]));
    expect([...ndcg].sort((a, b) => b - a)).toEqual(ndcg);
    expect(r.stderr.match(/^trial \d\/4/gm)).toHaveLength(4);
  });

  it('a point that fails (lr 1e300 diverges to NaN) is listed last with its error; the others still run', async () => {
    const r = await cli(['tune', '--data', fx.ml100k, '-m', 'mf', '--loss', 'mse', '-e', '3', '--lr', '1e300,0.01']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^lr\s+factors\s+layers\s+rmse\s+mae\s+seconds\s+error$/);
    expect(lines).toHaveLength(2 + 2);
    expect(lines[2]).toMatch(/^0\.01\s+8\s+\S+\s+\d\.\d{4}\s+\d\.\d{4}\s+\d+\.\d$/);
    expect(lines[3]).toMatch(/^1e\+300\s+8\s+\S+\s+-\s+-\s+\d+\.\d\s+failed: predictions: prediction \d+ is NaN$/);
    expect(r.stderr).toMatch(/^trial 1\/2 failed: predictions: prediction \d+ is NaN$/m);
    const all = await cli(['tune', '--data', fx.ml100k, '-m', 'mf', '--loss', 'mse', '-e', '3', '--lr', '1e300', '--json']);
    expect(all.code).toBe(1);
    expect(JSON.parse(all.stdout)).toEqual([expect.objectContaining({ metrics: {}, error: expect.stringMatching(/is NaN/) })]);
  });
});

describe('ancf serve', () => {
  it('listens on the port it was given (0: any), answers, and stops on shutdown', async () => {
    let stop!: () => void;
    const shutdown = new Promise<void>((r) => (stop = r));
    let port = 0;
    const listening = new Promise<void>((r) => {
      void cli(['serve', '--model', model, '--port', '0'], {}, { shutdown, onListening: (p) => ((port = p), r()) }).then((res) => (done = res));
    });
    let done: Awaited<ReturnType<typeof cli>> | undefined;
    await listening;
    const health = await (await fetch(`http://127.0.0.1:${port}/health`)).json();
    expect(health).toMatchObject({ status: 'ok', model: 'neumf', users: 40 });
    const rec = await fetch(`http://127.0.0.1:${port}/recommend`, { method: 'POST', body: JSON.stringify({ userId: 3, k: 2 }) });
    const items = (await rec.json()).items as Array<{ itemId: number; title?: string }>;
    expect(items).toHaveLength(2);
    // Titles from the training data the checkpoint records, as `ancf recommend` shows them.
    for (const it of items) expect(it.title).toMatch(new RegExp(`^Movie ${it.itemId} \\(199\\d\\)$`));
    const similar = await (await fetch(`http://127.0.0.1:${port}/similar/5?k=2`)).json();
    expect(similar.items.map((it: { title?: string }) => it.title)).toEqual([expect.stringMatching(/^Movie \d+/), expect.stringMatching(/^Movie \d+/)]);
    stop();
    await expect.poll(() => done?.code, { timeout: 5000 }).toBe(0);
  });
});

describe('ancf download', () => {
  let server: Server;
  let base = '';
  const zip = zipSync({ 'ml-100k/u.data': strToU8('1\t1\t5\t100\n2\t1\t3\t101\n') });
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url !== '/ml-100k.zip') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-length': String(zip.length) }).end(zip);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('downloads into $ANCF_DATA/NAME, verifies, prints the folder, then uses the cache', async () => {
    const sha = createHash('sha256').update(zip).digest('hex');
    const cache = join(fx.root, 'cache');
    const r = await cli(['download', 'ml-100k', '--url', `${base}/ml-100k.zip`, '--sha256', sha], { ANCF_DATA: cache });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${join(cache, 'ml-100k')}\n`);
    expect(r.stderr).toMatch(/downloaded; sha256 [0-9a-f]{64}; sha256 verified/);
    expect(existsSync(join(cache, 'ml-100k', 'u.data'))).toBe(true);
    const again = await cli(['download', 'ml-100k', '--dir', cache, '--url', `${base}/ml-100k.zip`, '--sha256', sha]);
    expect(again.stderr).toMatch(/^cached/m);
    // ANCF_DATA naming the dataset folder itself: the same cache, not CACHE/ml-100k/ml-100k.
    const inside = await cli(['download', 'ml-100k', '--url', `${base}/ml-100k.zip`, '--sha256', sha], { ANCF_DATA: join(cache, 'ml-100k') });
    expect(inside.stdout).toBe(`${join(cache, 'ml-100k')}\n`);
    expect(inside.stderr).toMatch(/^cached/m);
  });

  it('a failed download exits 1 with the reason', async () => {
    const r = await cli(['download', 'ml-100k', '--dir', join(fx.root, 'c2'), '--url', `${base}/missing.zip`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('HTTP 404');
  });
});
