import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { downloadDataset } from '../../src/data/download.js';
import { loadMovieLens100K } from '../../src/data/movielens-100k.js';
import { ArgumentError, ChecksumError, DownloadError } from '../../src/errors.js';
import { tempFilesPerTest } from './fixtures.js';

const good = zipSync({ 'ml-100k/u.data': strToU8('1\t1\t5\t100\n2\t1\t3\t101\n'), 'ml-100k/u.info': strToU8('2 users\n') });
const corrupted = good.slice();
corrupted[corrupted.length >> 1]! ^= 0xff;
const evil = zipSync({ 'ml-100k/u.data': strToU8('1\t1\t5\t100\n'), '../escape.txt': strToU8('x') });
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let server: Server;
let base = '';
const hits: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const body = req.url === '/good.zip' ? good : req.url === '/corrupt.zip' ? corrupted : req.url === '/evil.zip' ? evil : null;
    if (!body) {
      res.writeHead(404).end('nope');
      return;
    }
    res.writeHead(200, { 'content-length': String(body.length), 'content-type': 'application/zip' });
    // two chunks, so progress is reported more than once
    res.write(body.subarray(0, body.length >> 1));
    res.end(body.subarray(body.length >> 1));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const files = tempFilesPerTest();
afterEach(() => {
  hits.length = 0;
});
function cache(): string {
  return files({}).dir;
}

describe('downloadDataset (loopback server)', () => {
  it.each(['{bad', '{"sha256":42}', 'null'])('a damaged cache marker (%s) means verifying again, not an error', async (text) => {
    const cacheDir = cache();
    await downloadDataset('ml-100k', { cacheDir, url: `${base}/good.zip`, sha256: sha(good) });
    writeFileSync(join(cacheDir, 'ml-100k', '.ancf-download.json'), text);
    // The cached zip verifies, so nothing is fetched again and the folder is rebuilt from it.
    const r = await downloadDataset('ml-100k', { cacheDir, url: `${base}/good.zip`, sha256: sha(good) });
    expect(r).toMatchObject({ fromCache: false, verified: 'sha256', sha256: sha(good) });
    expect(hits).toEqual(['/good.zip']);
    expect(JSON.parse(readFileSync(join(cacheDir, 'ml-100k', '.ancf-download.json'), 'utf8'))).toMatchObject({ sha256: sha(good), verified: 'sha256' });
  });

  it('downloads, verifies sha256, extracts, reports progress, then reuses the cache', async () => {
    const cacheDir = cache();
    const progress: Array<{ received: number; total: number | null }> = [];
    const r = await downloadDataset('ml-100k', { cacheDir, url: `${base}/good.zip`, sha256: sha(good), onProgress: (p) => progress.push(p) });
    expect(r).toMatchObject({ dir: join(cacheDir, 'ml-100k'), fromCache: false, verified: 'sha256', sha256: sha(good) });
    expect(progress.at(-1)).toEqual({ received: good.length, total: good.length });
    expect(readFileSync(join(r.dir, 'u.info'), 'utf8')).toBe('2 users\n');
    expect((await loadMovieLens100K(r.dir)).interactions.length).toBe(2);
    const again = await downloadDataset('ml-100k', { cacheDir, url: `${base}/good.zip`, sha256: sha(good) });
    expect(again.fromCache).toBe(true);
    expect(hits).toEqual(['/good.zip']);
  });

  it('a corrupted archive fails the checksum and leaves nothing that looks complete', async () => {
    const cacheDir = cache();
    const err = await downloadDataset('ml-100k', { cacheDir, url: `${base}/corrupt.zip`, sha256: sha(good) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChecksumError);
    expect((err as ChecksumError).expected).toBe(sha(good));
    expect((err as ChecksumError).actual).toBe(sha(corrupted));
    expect(existsSync(join(cacheDir, 'ml-100k.zip'))).toBe(false);
    expect(existsSync(join(cacheDir, 'ml-100k'))).toBe(false);
  });

  it('without a sha256 the published md5 applies, which a home-made zip fails', async () => {
    const err = await downloadDataset('ml-100k', { cacheDir: cache(), url: `${base}/good.zip` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChecksumError);
    expect((err as ChecksumError).algorithm).toBe('md5');
    expect((err as ChecksumError).expected).toBe('0e33842e24a9c977be4e0107933c0723');
  });

  it('a cached zip that verifies is extracted without a request; one that does not is fetched again', async () => {
    const cacheDir = cache();
    writeFileSync(join(cacheDir, 'ml-100k.zip'), good);
    const r = await downloadDataset('ml-100k', { cacheDir, url: `${base}/good.zip`, sha256: sha(good) });
    expect(r.fromCache).toBe(false);
    expect(hits).toEqual([]);
    const other = cache();
    writeFileSync(join(other, 'ml-100k.zip'), corrupted);
    await downloadDataset('ml-100k', { cacheDir: other, url: `${base}/good.zip`, sha256: sha(good) });
    expect(hits).toEqual(['/good.zip']);
  });

  it('HTTP errors, zip-slip entries and bad arguments are typed errors', async () => {
    await expect(downloadDataset('ml-100k', { cacheDir: cache(), url: `${base}/missing.zip`, sha256: sha(good) })).rejects.toThrow(/HTTP 404/);
    const slip = downloadDataset('ml-100k', { cacheDir: cache(), url: `${base}/evil.zip`, sha256: sha(evil) });
    await expect(slip).rejects.toThrow(DownloadError);
    await expect(downloadDataset('ml-100k', { cacheDir: cache(), url: `${base}/evil.zip`, sha256: sha(evil) })).rejects.toThrow('escapes the target folder');
    await expect(downloadDataset('ml-100k', { cacheDir: cache(), sha256: 'abc' })).rejects.toThrow(ArgumentError);
    await expect(downloadDataset('ml-9m' as never, { cacheDir: cache() })).rejects.toThrow('unknown dataset');
  });

  it('ml-latest-small has no fixed digest: it downloads unverified unless a sha256 is given', async () => {
    const zip = zipSync({ 'ml-latest-small/ratings.csv': strToU8('userId,movieId,rating,timestamp\n1,1,4,1\n') });
    const srv = createServer((_, res) => res.end(zip));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/x.zip`;
      const r = await downloadDataset('ml-latest-small', { cacheDir: cache(), url });
      expect(r.verified).toBeNull();
      expect(existsSync(join(r.dir, 'ratings.csv'))).toBe(true);
    } finally {
      await new Promise<void>((r) => srv.close(() => r()));
    }
  });
});
