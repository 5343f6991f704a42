import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExternalId, IdMap } from '../data/id-map.js';
import { ArgumentError, UnknownIdError, UnsupportedOperationError } from '../errors.js';
import { lookupId } from '../recommend/ids.js';
import type { Recommender } from '../recommend/recommender.js';
import type { RecommendOptions } from '../recommend/types.js';
import { VERSION } from '../version.js';
import { readJsonBody } from './body.js';
import { jsonHeaders } from './json-headers.js';
import { HttpError, badRequest } from './http-error.js';
import { k as parseK, parseHistory, parseRecommend, type Limits } from './validate.js';

/**
 * What the API calls: a `Recommender`, or a stand-in of yours with these methods.
 * With `userIds`, `unknownUsers: 'not-found'` can tell an unknown user (404) from a
 * known one without training interactions; with `itemIds`, an unknown id in a list
 * is a 404 naming its field and index (`exclude[2]`).
 */
export type ServableRecommender = Pick<Recommender, 'recommend' | 'recommendFromHistory' | 'similarItems'> & { readonly userIds?: IdMap; readonly itemIds?: IdMap };

export interface HandlerOptions {
  /** Largest k a request may ask for (default 100). */
  maxK?: number;
  /** Largest request body in bytes (default 64 KiB). */
  maxBodyBytes?: number;
  /** Longest id list in a body (itemIds, exclude, candidates; default 10,000). */
  maxListLength?: number;
  /**
   * A user id the model never saw: 'not-found' answers 404 unknown_user (default);
   * 'cold-start' answers 200 with the popularity fallback and coldStart: true.
   */
  unknownUsers?: 'not-found' | 'cold-start';
  /** Extra fields for GET /health (model kind, data...). */
  info?: Record<string, unknown>;
  /** Where unexpected errors (500s) are reported; default: nowhere. */
  log?: (message: string) => void;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The JSON API as a plain node:http request listener, to mount in your own server:
 *
 *   POST /recommend                {userId, k?, excludeSeen?, exclude?, candidates?}
 *   POST /recommend-from-history   {itemIds, k?, exclude?, candidates?}
 *   GET  /similar/:itemId?k=10
 *   GET  /health
 *
 * Every refusal is a 4xx with `{ error: { code, message, field? } }`; nothing a
 * client sends can throw out of the handler (an unexpected failure is a 500 with
 * code "internal", and the server keeps serving).
 */
export function createHandler(recommender: ServableRecommender, options: HandlerOptions = {}): RequestHandler {
  const limits: Limits = { maxK: options.maxK ?? 100, maxList: options.maxListLength ?? 10_000 };
  const maxBody = options.maxBodyBytes ?? 64 * 1024;
  const unknownUsers = options.unknownUsers ?? 'not-found';
  const started = Date.now();

  async function route(req: IncomingMessage): Promise<unknown> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    if (path === '/health') {
      allow(method, ['GET', 'HEAD']);
      query(url, []);
      return { status: 'ok', version: VERSION, uptimeSeconds: Math.round((Date.now() - started) / 1000), ...options.info };
    }
    if (path === '/recommend') {
      allow(method, ['POST']);
      query(url, []);
      const b = parseRecommend(await readJsonBody(req, maxBody), limits);
      if (unknownUsers === 'not-found' && recommender.userIds && lookupId(recommender.userIds, b.userId) === undefined) {
        throw new HttpError(404, 'unknown_user', `unknown user id ${JSON.stringify(b.userId)}`, 'userId');
      }
      knownItems(b, ['exclude', 'candidates']);
      return recommender.recommend(b.userId, b.k, opts(b));
    }
    if (path === '/recommend-from-history') {
      allow(method, ['POST']);
      query(url, []);
      const b = parseHistory(await readJsonBody(req, maxBody), limits);
      knownItems(b, ['itemIds', 'exclude', 'candidates']);
      return recommender.recommendFromHistory(b.itemIds, b.k, opts(b));
    }
    const similar = /^\/similar\/([^/]+)$/.exec(path);
    if (similar) {
      allow(method, ['GET']);
      query(url, ['k']);
      let raw: string;
      try {
        raw = decodeURIComponent(similar[1]!);
      } catch {
        throw badRequest('the item id in the path is not valid percent-encoding', 'itemId');
      }
      const q = url.searchParams.get('k');
      const k = parseK(q === null ? undefined : /^\d{1,9}$/.test(q) ? Number(q) : q, limits);
      return recommender.similarItems(raw, k);
    }
    throw new HttpError(404, 'not_found', `no route ${method} ${path}; routes: POST /recommend, POST /recommend-from-history, GET /similar/:itemId, GET /health`);
  }

  /**
   * Checks every id of the body's item lists against the model's catalogue, so an
   * unknown one is a 404 naming its field and index; the recommender alone would
   * only say "itemId". Without `itemIds` the recommender's own check answers.
   */
  function knownItems(body: Partial<Record<'itemIds' | 'exclude' | 'candidates', readonly ExternalId[]>>, fields: ReadonlyArray<'itemIds' | 'exclude' | 'candidates'>): void {
    const map = recommender.itemIds;
    if (!map) return;
    for (const field of fields) {
      body[field]?.forEach((id, j) => {
        if (lookupId(map, id) === undefined) throw new HttpError(404, 'unknown_item', `unknown item id ${JSON.stringify(id)} in ${field}[${j}]`, `${field}[${j}]`);
      });
    }
  }

  return (req, res) => {
    route(req).then(
      (body) => send(res, 200, body, req.method === 'HEAD'),
      (e: unknown) => {
        const err = toHttpError(e, options.log);
        for (const [name, value] of Object.entries(err.headers)) res.setHeader(name, value);
        // Tell the client this connection ends: the rest of a refused body is not read.
        if (err.status === 413) res.setHeader('Connection', 'close');
        send(res, err.status, err.toJSON(), req.method === 'HEAD');
        // A refused body may still be arriving: stop reading, and close after answering.
        if (err.status === 413) res.once('finish', () => req.destroy());
      },
    );
  };
}

function opts(b: { excludeSeen?: boolean; exclude?: ExternalId[]; candidates?: ExternalId[] }): RecommendOptions {
  const o: RecommendOptions = {};
  if (b.excludeSeen !== undefined) o.excludeSeen = b.excludeSeen;
  if (b.exclude) o.exclude = b.exclude;
  if (b.candidates) o.candidates = b.candidates;
  return o;
}

/**
 * Query parameters as strictly as body fields: a name the route does not take, or
 * one given twice (`?k=3&k=4`), is a 400 naming it, never silently ignored.
 */
function query(url: URL, names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of url.searchParams.keys()) {
    if (!names.includes(name)) {
      throw badRequest(`unknown query parameter ${JSON.stringify(name)}; ${names.length ? `expected ${names.join(', ')}` : 'this route takes none'}`, name);
    }
    if (seen.has(name)) throw badRequest(`query parameter ${JSON.stringify(name)} is given more than once`, name);
    seen.add(name);
  }
}

function allow(method: string, methods: readonly string[]): void {
  if (!methods.includes(method)) throw new HttpError(405, 'method_not_allowed', `method ${method} is not allowed here; allowed: ${methods.join(', ')}`, undefined, { Allow: methods.join(', ') });
}

/** Request errors (unknown ids, bad arguments, unsupported operations) become 4xx answers; anything else is a logged 500. */
export function toHttpError(e: unknown, log?: (message: string) => void): HttpError {
  if (e instanceof HttpError) return e;
  if (e instanceof UnknownIdError) return new HttpError(404, `unknown_${e.kind}`, e.message, e.kind === 'user' ? 'userId' : 'itemId');
  if (e instanceof ArgumentError) return badRequest(e.message, e.argument);
  if (e instanceof UnsupportedOperationError) return new HttpError(501, 'not_supported', e.message);
  // Anything else (a ShapeError, LayerStateError, CheckpointError... from inside the
  // model) is the server's fault, not the request's: a logged 500.
  log?.(`internal error: ${(e as Error)?.stack ?? String(e)}`);
  return new HttpError(500, 'internal', 'internal error');
}

function send(res: ServerResponse, status: number, body: unknown, headOnly: boolean): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.statusCode = status;
  for (const [name, value] of Object.entries(jsonHeaders(text))) res.setHeader(name, value);
  res.end(headOnly ? undefined : text);
}
