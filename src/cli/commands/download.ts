import { DATASETS, type DatasetName } from '../../data/datasets.js';
import { downloadDataset } from '../../data/download.js';
import { UsageError } from '../io.js';
import { formatUsage, type Flags } from '../args.js';
import type { Command } from '../command.js';

export const download: Command = {
  spec: {
    name: 'download',
    summary: 'Download and verify a MovieLens archive from GroupLens, and extract it.',
    synopsis: `${Object.keys(DATASETS).join('|')} [--dir DIR]`,
    positionals: ['dataset'],
    options: {
      dir: { type: 'string', value: 'DIR', description: 'cache folder; the data lands in DIR/NAME (default: $ANCF_DATA, else ./data)' },
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
    const cacheDir = flags.string('dir') ?? (io.env.ANCF_DATA || 'data');
    let shown = -1;
    const r = await downloadDataset(name as DatasetName, {
      cacheDir,
      ...(flags.has('url') ? { url: flags.required('url') } : {}),
      ...(sha256 !== undefined ? { sha256 } : {}),
      force: flags.bool('force'),
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
