import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';
import { unzipSync } from 'fflate';
import { ArgumentError, ChecksumError, DownloadError } from '../errors.js';
import { DATASETS, type DatasetName } from './datasets.js';

export interface DownloadOptions {
  /** Archives and extracted folders live here: CACHE/NAME.zip and CACHE/NAME/. */
  cacheDir: string;
  /** Called as bytes arrive; total is null when the server sends no Content-Length. */
  onProgress?: (p: { received: number; total: number | null }) => void;
  /** Another location for the same archive (a mirror, or a test server). */
  url?: string;
  /** Expected SHA-256 (hex); replaces the built-in digest when given. */
  sha256?: string;
  /** Download and extract again even when the cache is complete. */
  force?: boolean;
}

export interface DownloadResult {
  /** The extracted folder, ready for loadMovieLens100K / 1M / Latest. */
  dir: string;
  zipPath: string;
  fromCache: boolean;
  sha256: string;
  /** Which digest was checked against an expected value; null when none was known. */
  verified: 'md5' | 'sha256' | null;
}

/** The file a finished, verified download leaves in its folder. */
export const DOWNLOAD_MARKER = '.ancf-download.json';

/**
 * Fetches a GroupLens MovieLens archive, verifies its digest (the built-in md5, or the
 * `sha256` you pass), extracts it with fflate into CACHE/NAME/ and writes a marker;
 * later calls return the cached folder. The archive is written to NAME.zip.part and
 * renamed only after it verifies, and extraction goes to a temporary folder renamed
 * at the end, so an interrupted run never leaves a folder that looks complete.
 */
export async function downloadDataset(name: DatasetName, opts: DownloadOptions): Promise<DownloadResult> {
  const source = DATASETS[name];
  if (!source) throw new ArgumentError('name', `unknown dataset ${JSON.stringify(name)}; known: ${Object.keys(DATASETS).join(', ')}`);
  if (opts.sha256 !== undefined && !/^[0-9a-f]{64}$/i.test(opts.sha256)) throw new ArgumentError('sha256', 'must be 64 hex digits');
  const expected = opts.sha256 ? { algorithm: 'sha256' as const, hex: opts.sha256.toLowerCase() } : source.checksum;
  const dir = join(opts.cacheDir, name);
  const zipPath = join(opts.cacheDir, `${name}.zip`);
  const url = opts.url ?? source.url;

  const marker = opts.force ? null : await readMarker(join(dir, DOWNLOAD_MARKER));
  if (marker && (!opts.sha256 || marker.sha256 === expected?.hex)) return { dir, zipPath, fromCache: true, sha256: marker.sha256, verified: marker.verified };
  await mkdir(opts.cacheDir, { recursive: true });
  let digests: { md5: string; sha256: string } | null = null;
  if (!opts.force && existsSync(zipPath)) {
    digests = await hashFile(zipPath);
    if (expected && digests[expected.algorithm] !== expected.hex) {
      await rm(zipPath, { force: true });
      digests = null;
    }
  }
  if (!digests) digests = await fetchTo(url, zipPath, opts.onProgress);
  if (expected && digests[expected.algorithm] !== expected.hex) {
    await rm(`${zipPath}`, { force: true });
    throw new ChecksumError(url, expected.algorithm, expected.hex, digests[expected.algorithm]);
  }
  await extract(zipPath, dir, source.folder, url);
  if (!existsSync(join(dir, source.ratingsFile))) {
    throw new DownloadError(url, `archive has no ${source.folder}/${source.ratingsFile}`);
  }
  const verified = expected ? expected.algorithm : null;
  await writeFile(join(dir, DOWNLOAD_MARKER), JSON.stringify({ url, sha256: digests.sha256, md5: digests.md5, verified }));
  return { dir, zipPath, fromCache: false, sha256: digests.sha256, verified };
}

async function fetchTo(url: string, zipPath: string, onProgress: DownloadOptions['onProgress']): Promise<{ md5: string; sha256: string }> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new DownloadError(url, `request failed: ${(e as Error).message}`);
  }
  if (!res.ok || !res.body) throw new DownloadError(url, `HTTP ${res.status} ${res.statusText}`);
  const lengthHeader = res.headers.get('content-length');
  const total = lengthHeader !== null && Number.isFinite(Number(lengthHeader)) ? Number(lengthHeader) : null;
  const md5 = createHash('md5');
  const sha = createHash('sha256');
  const part = `${zipPath}.part`;
  const fh = await open(part, 'w');
  let received = 0;
  try {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      md5.update(value);
      sha.update(value);
      await fh.write(value);
      received += value.length;
      onProgress?.({ received, total });
    }
  } catch (e) {
    await fh.close();
    await rm(part, { force: true });
    throw new DownloadError(url, `transfer failed after ${received} bytes: ${(e as Error).message}`);
  }
  await fh.close();
  if (total !== null && received !== total) {
    await rm(part, { force: true });
    throw new DownloadError(url, `received ${received} of ${total} bytes`);
  }
  await rename(part, zipPath);
  return { md5: md5.digest('hex'), sha256: sha.digest('hex') };
}

export async function hashFile(file: string): Promise<{ md5: string; sha256: string }> {
  const md5 = createHash('md5');
  const sha = createHash('sha256');
  for await (const chunk of createReadStream(file)) {
    md5.update(chunk as Buffer);
    sha.update(chunk as Buffer);
  }
  return { md5: md5.digest('hex'), sha256: sha.digest('hex') };
}

type Marker = Pick<DownloadResult, 'sha256' | 'verified'>;

/**
 * The marker a finished download leaves in its folder, or null when there is none
 * or it is damaged (not JSON, fields missing): the marker is only a cache of the
 * verification, so a damaged one means verifying again (the cached zip is hashed,
 * or the archive fetched anew), never trusting the folder.
 */
async function readMarker(file: string): Promise<Marker | null> {
  if (!existsSync(file)) return null;
  let m: unknown;
  try {
    m = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return null;
  }
  const { sha256, verified } = (m ?? {}) as Record<string, unknown>;
  if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) return null;
  if (verified !== null && verified !== 'md5' && verified !== 'sha256') return null;
  return { sha256, verified };
}

/** Unzips into dir, dropping the leading `folder/`; refuses entries that would escape dir. */
async function extract(zipPath: string, dir: string, folder: string, url: string): Promise<void> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(new Uint8Array(await readFile(zipPath)));
  } catch (e) {
    throw new DownloadError(url, `not a readable zip archive: ${(e as Error).message}`);
  }
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  for (const [entry, data] of Object.entries(files)) {
    if (entry.endsWith('/')) continue;
    const rel = entry.startsWith(`${folder}/`) ? entry.slice(folder.length + 1) : entry;
    const target = normalize(join(tmp, rel));
    if (rel.startsWith('/') || !target.startsWith(tmp + sep)) {
      await rm(tmp, { recursive: true, force: true });
      throw new DownloadError(url, `archive entry ${JSON.stringify(entry)} escapes the target folder`);
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, data);
  }
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
}
