import { createServer as createHttpServer, STATUS_CODES, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createHandler, type HandlerOptions, type ServableRecommender } from './handler.js';
import { HttpError } from './http-error.js';
import { jsonHeaders } from './json-headers.js';

export interface ServerOptions extends HandlerOptions {
  /**
   * Milliseconds from a request's first byte until its headers and body have all
   * arrived (default 10 s); a slower one (a slow-loris body) is answered 408
   * `request_timeout` and its connection closed. Node checks every tenth of this
   * (at most every second), so the cut comes within 10% after it.
   */
  requestTimeoutMs?: number;
}

/**
 * A node:http Server answering the JSON API (see createHandler); call `.listen(port, host)`.
 * Refusals Node makes itself, before the handler runs (a timed-out or malformed
 * request), are JSON too: the 'clientError' hook writes them onto the socket.
 */
export function createServer(recommender: ServableRecommender, options: ServerOptions = {}): Server {
  const requestTimeout = options.requestTimeoutMs ?? 10_000;
  const server = createHttpServer(
    {
      requestTimeout,
      headersTimeout: requestTimeout,
      // Node's default checks timeouts only every 30 s, which cut a 10 s limit at ~28 s.
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(requestTimeout / 10))),
      keepAliveTimeout: 5_000,
    },
    createHandler(recommender, options),
  );
  // The response in progress on each socket, so a late client error never writes a second one.
  const responding = new WeakMap<Socket, ServerResponse>();
  server.on('request', (req, res: ServerResponse) => {
    responding.set(req.socket, res);
    res.once('finish', () => responding.delete(req.socket));
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable || responding.get(socket)?.headersSent) {
      socket.destroy();
      return;
    }
    const e = clientError(err, requestTimeout);
    const body = JSON.stringify(e.toJSON());
    const headers = Object.entries({ ...jsonHeaders(body), Connection: 'close' }).map(([name, value]) => `${name}: ${value}\r\n`);
    socket.end(`HTTP/1.1 ${e.status} ${STATUS_CODES[e.status]}\r\n${headers.join('')}\r\n${body}`);
  });
  return server;
}

/** What Node's parser or timer refused, as the API's JSON error. */
function clientError(err: NodeJS.ErrnoException, timeoutMs: number): HttpError {
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return new HttpError(408, 'request_timeout', `the request did not arrive completely within ${timeoutMs / 1000} s`);
  if (err.code === 'HPE_HEADER_OVERFLOW') return new HttpError(431, 'headers_too_large', 'the request headers are too large');
  return new HttpError(400, 'bad_request', `the request is not valid HTTP/1.1 (${err.code ?? err.message})`);
}

/** Starts listening and resolves to the bound port (pass 0 for any free port). */
export function listen(server: Server, port: number, host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error): void => reject(e);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}

/** Stops accepting, lets in-flight requests finish, closes idle keep-alive sockets. */
export function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((e) => (e ? reject(e) : resolve()));
    server.closeIdleConnections();
  });
}
