import { loadRecommender } from '../../recommend/node.js';
import { close, createServer, listen } from '../../serve/index.js';
import type { Flags } from '../args.js';
import { DATA_OPTIONS, type Command } from '../command.js';
import { withTitles } from '../titles.js';

export const serve: Command = {
  computes: true,
  spec: {
    name: 'serve',
    summary: 'Serve a saved model over HTTP: POST /recommend, POST /recommend-from-history, GET /similar/:id, GET /health.',
    synopsis: '--model DIR [--port N] [--host ADDR]',
    options: {
      model: { type: 'string', short: 'm', value: 'DIR', description: 'checkpoint folder written by `ancf train`' },
      port: { type: 'string', short: 'p', value: 'N', description: 'TCP port, 0 for any free one (default 8080)' },
      host: { type: 'string', value: 'ADDR', description: 'address to bind (default 127.0.0.1; 0.0.0.0 for every interface)' },
      'max-k': { type: 'string', value: 'N', description: 'largest k a request may ask for (default 100)' },
      'max-body': { type: 'string', value: 'BYTES', description: 'largest request body (default 65536)' },
      'cold-start': { type: 'boolean', description: 'answer unknown users with the popularity fallback instead of 404' },
      ...DATA_OPTIONS,
      data: { type: 'string', value: 'PATH', description: 'dataset to read item titles from (default: $ANCF_DATA, else the training data)' },
    },
    notes: [
      'example: curl -s localhost:8080/recommend -H "content-type: application/json" -d \'{"userId": 196, "k": 5}\'',
      'Errors are JSON: {"error": {"code", "message", "field"}} with a 4xx status. Ctrl-C stops the server.',
    ],
  },
  async run(flags: Flags, _parsed, io) {
    const dir = flags.required('model');
    const port = flags.number('port', 8080, { min: 0, max: 65535, integer: true });
    const host = flags.string('host') ?? '127.0.0.1';
    const maxK = flags.number('max-k', 100, { min: 1, integer: true });
    const maxBodyBytes = flags.number('max-body', 65536, { min: 64, integer: true });
    // Titles come from the data, as for `ancf recommend`: answers carry them when it has them.
    const rec = await withTitles(await loadRecommender(dir), dir, flags, io);
    const server = createServer(rec, {
      maxK,
      maxBodyBytes,
      unknownUsers: flags.bool('cold-start') ? 'cold-start' : 'not-found',
      info: { model: rec.kind, users: rec.numUsers, items: rec.numItems },
      log: (m) => io.stderr.write(`${m}\n`),
    });
    const bound = await listen(server, port, host);
    io.stderr.write(`serving ${rec.kind} (${rec.numUsers} users, ${rec.numItems} items) from ${dir} on http://${host}:${bound}\n`);
    io.onListening?.(bound);
    await (io.shutdown ?? new Promise(() => undefined));
    await close(server);
    io.stderr.write('stopped\n');
    return 0;
  },
};
