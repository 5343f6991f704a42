import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DATASETS, type DatasetName } from '../../data/datasets.js';
import { DOWNLOAD_MARKER, downloadDataset } from '../../data/download.js';
import { UsageError } from '../io.js';
import { formatUsage, type Flags } from '../args.js';
import type { Command } from '../command.js';
import { holds, resolveDataPath } from '../data-path.js';

export const download: Command = {
  spec: {
    name: 'download',
    summary: 'Download and verify a MovieLens archive from GroupLens, and extract it.',
    synopsis: `${Object.keys(DATASETS).join('|')} [--dir DIR]`,
    positionals: ['dataset'],
    options: {
      dir: { type: 'string', value: 'DIR', description: 'cache folder (the data lands in DIR/NAME), or the dataset folder itself (default: $ANCF_DATA, else ./data)' },
      url: { type: 'string', value: 'URL', description: 'a mirror of the archive' },
      sha256: { type: 'string', value: 'HEX', description: 'expected SHA-256 of the archive (replaces the built-in md5)' },
      force: { type: 'boolean', description: 'download again even when cached' },
    },
    notes: ['The MovieLens licence forbids redistribution: keep the data out of version control.'],
  },
  async run(flags: Flags, parsed, io) {
    const name = parsed.positionals[0];
    if (name === undefined) throw new UsageError('which dataset? give one of ' + Object.keys(DATASETS).join(', '), formatUsage(this.spec));
    if (!(name in DATASETS)) throw new UsageError(`unknown dataset ${JSON.stringify(name)}; known: ${Object.keys(DATASETS).join(', ')}`, formatUsage(this.spec));
    const sha256 = flags.string('sha256');
    if (sha256 !== undefined && !/^[0-9a-f]{64}$/i.test(sha256)) throw new UsageError(`--sha256 must be 64 hex digits; got ${JSON.stringify(sha256)}`, formatUsage(this.spec));
    const root = flags.string('dir') ?? (io.env.ANCF_DATA || 'data');
    const source = DATASETS[name as DatasetName];
    // --dir / ANCF_DATA may be the dataset folder itself or a root holding NAME/.
    const { found } = resolveDataPath(root, { names: [name], accept: holds(source.ratingsFile) });
    const force = flags.bool('force');
    if (found !== null && !force && !existsSync(join(found, DOWNLOAD_MARKER))) {
      // A complete copy that ancf did not download (a shared or hand-made folder): use it as it is.
      io.stdout.write(`${found}\n`);
      io.stderr.write(`${name} is already at ${found} (not downloaded by ancf, so no checksum was verified); --force downloads a fresh copy into ${join(dirname(found), name)}\n`);
      return 0;
    }
    const cacheDir = found !== null ? dirname(found) : root;
    let shown = -1;
    const r = await downloadDataset(name as DatasetName, {
      cacheDir,
      ...(flags.has('url') ? { url: flags.required('url') } : {}),
      ...(sha256 !== undefined ? { sha256 } : {}),
      force,
      onProgress: ({ received, total }) => {
        const mb = Math.floor(received / (1 << 20));
        if (mb === shown) return;
        shown = mb;
        io.stderr.write(`downloading ${name}: ${mb} MiB${total ? ` of ${(total / (1 << 20)).toFixed(1)} MiB` : ''}\n`);
      },
    });
    io.stdout.write(`${r.dir}\n`);
    io.stderr.write(`${r.fromCache ? 'cached' : 'downloaded'}; sha256 ${r.sha256}; ${r.verified ? `${r.verified} verified` : 'no published digest to verify against'}\n`);
    return 0;
  },
};
