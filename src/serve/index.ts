export { createHandler, toHttpError } from './handler.js';
export type { HandlerOptions, RequestHandler, ServableRecommender } from './handler.js';
export { createServer, listen, close } from './server.js';
export type { ServerOptions } from './server.js';
export { HttpError } from './http-error.js';
export { readJsonBody } from './body.js';
export type { Limits, RecommendBody, HistoryBody, JsonId } from './validate.js';
