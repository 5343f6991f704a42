import { request } from 'node:http';
import { connect } from 'node:net';
import type { Server } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticInteractions } from '../../src/data/synthetic.js';
import { GMF } from '../../src/models/ncf.js';
import { Recommender } from '../../src/recommend/recommender.js';
import { close, createServer, listen } from '../../src/serve/index.js';

const { interactions: train } = syntheticInteractions({ users: 30, items: 50, perUser: 8, seed: 11 });
const model = new GMF({ numUsers: 30, numItems: 50, seed: 1 });
const rec = new Recommender({ model, train, itemTitles: new Map([['i3', 'Three']]) });
const logged: string[] = [];
let server: Server;
let port = 0;
let cold: Server;
let coldPort = 0;

beforeAll(async () => {
  server = createServer(rec, { maxK: 20, maxBodyBytes: 2048, maxListLength: 50, info: { model: 'gmf' }, log: (m) => logged.push(m) });
  port = await listen(server, 0);
  cold = createServer(rec, { unknownUsers: 'cold-start' });
  coldPort = await listen(cold, 0);
});
afterAll(async () => {
  await close(server);
  await close(cold);
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** One request over a fresh connection; the body is sent raw (so it can be malformed). */
function call(method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}, p = port): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: p, method, path, headers: { connection: 'close', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text === '' ? null : JSON.parse(text) });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}
const post = (path: string, body: unknown, p = port): Promise<Reply> => call('POST', path, JSON.stringify(body), { 'content-type': 'application/json' }, p);

function expectError(r: Reply, status: number, code: string, field?: string): void {
  expect(r.status).toBe(status);
  expect(r.headers['content-type']).toMatch(/^application\/json/);
  expect(r.body.error.code).toBe(code);
  expect(typeof r.body.error.message).toBe('string');
  if (field !== undefined) expect(r.body.error.field).toBe(field);
}

describe('the JSON API: valid requests', () => {
  it('GET /health', async () => {
    const r = await call('GET', '/health');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', model: 'gmf' });
  });

  it('POST /recommend matches Recommender.recommend, with string or number ids', async () => {
    const r = await post('/recommend', { userId: 'u4', k: 5 });
    expect(r.status).toBe(200);
    expect(r.body).toEqual(JSON.parse(JSON.stringify(rec.recommend('u4', 5))));
    const opts = await post('/recommend', { userId: 'u4', k: 5, excludeSeen: false, exclude: ['i1'], candidates: ['i1', 'i2', 'i3'] });
    expect(opts.body.items.map((i: { itemId: string }) => i.itemId).sort()).toEqual(['i2', 'i3']);
    expect(opts.body.items.find((i: { itemId: string }) => i.itemId === 'i3').title).toBe('Three');
  });

  it('POST /recommend-from-history and GET /similar/:itemId', async () => {
    const h = await post('/recommend-from-history', { itemIds: ['i1', 'i2'], k: 4 });
    expect(h.status).toBe(200);
    expect(h.body.userId).toBeNull();
    expect(h.body.items).toHaveLength(4);
    const s = await call('GET', '/similar/i7?k=3');
    expect(s.status).toBe(200);
    expect(s.body.itemId).toBe('i7');
    expect(s.body.items).toHaveLength(3);
    expect(s.body.items.map((i: { itemId: string }) => i.itemId)).not.toContain('i7');
    expect((await call('GET', '/similar/i7')).body.items).toHaveLength(10);
  });

  it('unknown users: 404 by default, the cold-start list when asked for', async () => {
    expectError(await post('/recommend', { userId: 'nobody', k: 3 }), 404, 'unknown_user', 'userId');
    const r = await post('/recommend', { userId: 'nobody', k: 3 }, coldPort);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ userId: 'nobody', coldStart: true, confidence: 0 });
  });
});

describe('the JSON API: refusals', () => {
  it.each([
    ['not JSON', '{"userId": ', 400, 'invalid_json'],
    ['an empty body', '', 400, 'invalid_json'],
    ['an array', '[1,2]', 400, 'invalid_request'],
    ['null', 'null', 400, 'invalid_request'],
  ])('POST /recommend with %s', async (_what, body, status, code) => {
    expectError(await call('POST', '/recommend', body), status, code);
  });

  it.each([
    [{ k: 3 }, 'userId'],
    [{ userId: true, k: 3 }, 'userId'],
    [{ userId: '', k: 3 }, 'userId'],
    [{ userId: 'u1', k: 0 }, 'k'],
    [{ userId: 'u1', k: 21 }, 'k'],
    [{ userId: 'u1', k: 2.5 }, 'k'],
    [{ userId: 'u1', k: '5' }, 'k'],
    [{ userId: 'u1', excludeSeen: 'yes' }, 'excludeSeen'],
    [{ userId: 'u1', exclude: 'i1' }, 'exclude'],
    [{ userId: 'u1', candidates: [{}] }, 'candidates[0]'],
    [{ userId: 'u1', candidates: Array.from({ length: 51 }, (_, j) => `i${j % 50}`) }, 'candidates'],
    [{ userId: 'u1', colour: 'red' }, 'colour'],
  ])('POST /recommend %j is a 400 naming the field', async (body, field) => {
    expectError(await post('/recommend', body), 400, 'invalid_request', field);
  });

  it('unknown item ids are 404s naming the field and index they came in', async () => {
    const r = await post('/recommend', { userId: 'u1', exclude: ['zzz'] });
    expectError(r, 404, 'unknown_item', 'exclude[0]');
    expect(r.body.error.message).toBe('unknown item id "zzz" in exclude[0]');
    expectError(await post('/recommend', { userId: 'u1', candidates: ['i1', 'i2', 'nope'] }), 404, 'unknown_item', 'candidates[2]');
    expectError(await post('/recommend-from-history', { itemIds: ['i1', 'zzz'] }), 404, 'unknown_item', 'itemIds[1]');
    expectError(await post('/recommend-from-history', { itemIds: ['i1'], exclude: ['i2', 'x'] }), 404, 'unknown_item', 'exclude[1]');
    expectError(await post('/recommend-from-history', { itemIds: ['i1'], candidates: ['x'] }), 404, 'unknown_item', 'candidates[0]');
    expectError(await call('GET', '/similar/zzz'), 404, 'unknown_item', 'itemId');
    // An unknown user is reported first, on its own field.
    expectError(await post('/recommend', { userId: 'nobody', exclude: ['zzz'] }), 404, 'unknown_user', 'userId');
  });

  it.each([
    ['/similar/i1?kk=3', 'kk'],
    ['/similar/i1?k=3&k=4', 'k'],
    ['/similar/i1?k=3&debug', 'debug'],
    ['/health?verbose=1', 'verbose'],
  ])('GET %s: an unknown or repeated query parameter is a 400 naming it', async (path, field) => {
    expectError(await call('GET', path), 400, 'invalid_request', field);
  });

  it('query parameters on POST routes are refused too', async () => {
    expectError(await call('POST', '/recommend?k=3', JSON.stringify({ userId: 'u1' })), 400, 'invalid_request', 'k');
  });

  it('history bodies are checked too', async () => {
    expectError(await post('/recommend-from-history', { k: 3 }), 400, 'invalid_request', 'itemIds');
    expectError(await call('POST', '/recommend-from-history', '{"itemIds": [1e400]}'), 400, 'invalid_request', 'itemIds[0]');
    expectError(await call('GET', '/similar/i1?k=abc'), 400, 'invalid_request', 'k');
    expectError(await call('GET', '/similar/i1?k=1000'), 400, 'invalid_request', 'k');
    expectError(await call('GET', '/similar/%E0%A4%A'), 400, 'invalid_request', 'itemId');
  });

  it('a body over the limit is a 413, whether or not Content-Length says so', async () => {
    const big = JSON.stringify({ userId: 'u1', exclude: Array.from({ length: 600 }, () => 'i1') });
    expectError(await call('POST', '/recommend', big), 413, 'body_too_large');
    // Chunked (no Content-Length): refused while streaming.
    const chunked = await new Promise<Reply>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/recommend', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) }));
      });
      req.on('error', reject);
      for (let j = 0; j < 10; j++) req.write('x'.repeat(1000));
      req.end();
    });
    expectError(chunked, 413, 'body_too_large');
  });

  it('unknown routes are 404s, wrong methods 405s with Allow', async () => {
    expectError(await call('GET', '/nope'), 404, 'not_found');
    const r = await call('GET', '/recommend');
    expectError(r, 405, 'method_not_allowed');
    expect(r.headers.allow).toBe('POST');
    expectError(await call('DELETE', '/health'), 405, 'method_not_allowed');
  });

  it('arbitrary JSON bodies never crash it: always a JSON 200 or 4xx, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/recommend', '/recommend-from-history'),
        fc.oneof(
          fc.jsonValue(),
          fc.record({ userId: fc.jsonValue(), k: fc.jsonValue() }, { requiredKeys: [] }),
          fc.record({ userId: fc.constantFrom('u1', 'u2', 3, 'x'), k: fc.integer({ min: -2, max: 30 }), excludeSeen: fc.boolean(), exclude: fc.array(fc.constantFrom('i1', 'i2', 7)) }, { requiredKeys: ['userId'] }),
          fc.record({ itemIds: fc.array(fc.constantFrom('i1', 'i9', 'nope', 4, null)), k: fc.integer({ min: 0, max: 25 }) }, { requiredKeys: [] }),
        ),
        async (path, body) => {
          const r = await post(path, body);
          expect(r.status === 200 || (r.status >= 400 && r.status < 500)).toBe(true);
          if (r.status !== 200) expect(typeof r.body.error.code).toBe('string');
        },
      ),
      { numRuns: 60 },
    );
    expect(logged).toEqual([]);
    expect((await call('GET', '/health')).status).toBe(200);
  });
});

describe('requests that do not arrive in time, or are not HTTP', () => {
  /** Writes `text` on a raw connection and resolves to everything the server sent before closing, and when. */
  function raw(text: string, p: number): Promise<{ reply: string; ms: number }> {
    return new Promise((resolve, reject) => {
      const t0 = performance.now();
      const socket = connect(p, '127.0.0.1', () => socket.write(text));
      let reply = '';
      socket.on('data', (c: Buffer) => (reply += c.toString('utf8')));
      socket.on('error', reject);
      socket.on('close', () => resolve({ reply, ms: performance.now() - t0 }));
    });
  }
  const jsonOf = (reply: string): { error: { code: string; message: string } } => JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4));

  it('a stalled body or stalled headers get a JSON 408 at the configured timeout (not Node\'s 30 s check)', async () => {
    const slow = createServer(rec, { requestTimeoutMs: 300 });
    const p = await listen(slow, 0);
    try {
      for (const text of ['POST /recommend HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"userId": ', 'GET /health HTTP/1.1\r\nHost: x\r\n']) {
        const { reply, ms } = await raw(text, p);
        expect(reply).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
        expect(reply).toMatch(/\r\nContent-Type: application\/json/i);
        expect(jsonOf(reply).error).toEqual({ code: 'request_timeout', message: 'the request did not arrive completely within 0.3 s' });
        expect(ms).toBeGreaterThanOrEqual(290);
        expect(ms).toBeLessThan(3000);
      }
    } finally {
      await close(slow);
    }
  });

  it('a request Node cannot parse gets a JSON 400', async () => {
    const { reply } = await raw('NOT HTTP AT ALL\r\n\r\n', port);
    expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(jsonOf(reply).error.code).toBe('bad_request');
  });

  /** The reply's header lines after the status line, as name (lower case) to value. */
  const headersOf = (reply: string): Record<string, string> =>
    Object.fromEntries(reply.slice(0, reply.indexOf('\r\n\r\n')).split('\r\n').slice(1).map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));

  it('raw refusals carry the same JSON headers as the handler\'s answers, plus Connection: close', async () => {
    const { reply } = await raw('NOT HTTP AT ALL\r\n\r\n', port);
    const body = reply.slice(reply.indexOf('\r\n\r\n') + 4);
    const ok = await call('GET', '/health');
    expect(headersOf(reply)).toEqual({
      'content-type': ok.headers['content-type'],
      'cache-control': ok.headers['cache-control'],
      'content-length': String(Buffer.byteLength(body)),
      connection: 'close',
    });
  });

  it('headers over Node\'s limit get a JSON 431 with the standard reason phrase', async () => {
    const { reply } = await raw(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, port);
    expect(reply).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(jsonOf(reply).error).toEqual({ code: 'headers_too_large', message: 'the request headers are too large' });
  });
});

describe('toHttpError', () => {
  it('maps internal library errors to a logged 500, client errors to 4xx', async () => {
    const { toHttpError } = await import('../../src/serve/handler.js');
    const { ShapeError, UnknownIdError, ArgumentError } = await import('../../src/errors.js');
    const logged: string[] = [];
    const internal = toHttpError(new ShapeError('bad shape inside the model'), (m) => logged.push(m));
    expect(internal.status).toBe(500);
    expect(logged.join('\n')).toMatch(/bad shape inside the model/);
    expect(toHttpError(new UnknownIdError('item', 'x')).status).toBe(404);
    expect(toHttpError(new ArgumentError('k', 'must be positive')).status).toBe(400);
  });
});
