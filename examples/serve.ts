/**
 * Embedding the recommender in your own HTTP server: the library's JSON API is a
 * plain node:http request handler, mounted here under /api next to a route of
 * our own. The example trains a small model, starts the server, calls it once as
 * a client would, and stops; pass --listen to keep serving (PORT, default 8080).
 *
 *   npx tsx examples/serve.ts --listen
 *   curl -s localhost:8080/api/recommend -d '{"userId": "u1", "k": 3}'
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Adam, GMF, Recommender, Rng, createHandler, fit, pointwiseSource, syntheticInteractions } from '../src/node.js';

const keep = process.argv.includes('--listen');
const { interactions } = syntheticInteractions({ users: 200, items: 300, perUser: 15, seed: 3 });
const model = new GMF({ numUsers: interactions.numUsers, numItems: interactions.numItems, factors: 16 });
await fit(model, pointwiseSource(interactions, { batchSize: 256, negatives: 4, rng: new Rng(1) }), {
  epochs: 2,
  optimizer: new Adam(model.parameters(), { lr: 0.01 }),
  progress: 'none',
});
const recommender = new Recommender({ model, train: interactions });

// The API, with its limits: k at most 50, bodies up to 16 KiB, unknown users get popular items.
const api = createHandler(recommender, { maxK: 50, maxBodyBytes: 16 * 1024, unknownUsers: 'cold-start', info: { model: 'gmf' } });
const server = createServer((req, res) => {
  if (req.url === '/hello') return void res.end('hello from my own route\n');
  if (req.url?.startsWith('/api/')) {
    req.url = req.url.slice('/api'.length); // the handler routes on the path below the mount point
    return api(req, res);
  }
  res.writeHead(404).end();
});
await new Promise<void>((r) => server.listen(keep ? Number(process.env.PORT ?? 8080) : 0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
console.log(`listening on ${base}`);

const post = async (path: string, body: unknown): Promise<unknown> =>
  (await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
console.log('POST /api/recommend ->', JSON.stringify(await post('/api/recommend', { userId: 'u1', k: 3 })));
console.log('POST /api/recommend-from-history ->', JSON.stringify(await post('/api/recommend-from-history', { itemIds: ['i1', 'i2'], k: 3 })));
console.log('GET /api/similar/i5 ->', JSON.stringify(await (await fetch(`${base}/api/similar/i5?k=3`)).json()));
console.log('a bad request ->', JSON.stringify(await post('/api/recommend', { userId: 'u1', k: 500 })));

if (!keep) server.close();
else console.log('serving; Ctrl-C to stop');
