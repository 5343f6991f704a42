import { createServer as createHttpServer, type Server } from 'node:http';
import { createHandler, type HandlerOptions, type ServableRecommender } from './handler.js';

export interface ServerOptions extends HandlerOptions {
  /** Milliseconds to receive a whole request (default 10 s): slow-loris bodies are cut off. */
  requestTimeoutMs?: number;
}

/** A node:http Server answering the JSON API (see createHandler); call `.listen(port, host)`. */
export function createServer(recommender: ServableRecommender, options: ServerOptions = {}): Server {
  const server = createHttpServer(createHandler(recommender, options));
  server.requestTimeout = options.requestTimeoutMs ?? 10_000;
  server.headersTimeout = Math.min(server.requestTimeout, 10_000);
  server.keepAliveTimeout = 5_000;
  return server;
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
