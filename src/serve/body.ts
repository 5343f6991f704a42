import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';

/**
 * Reads and parses a JSON request body, refusing more than `limit` bytes as soon as
 * they arrive (Content-Length is checked first, but a lying or absent header is caught
 * while streaming), so a huge body costs at most `limit` bytes of memory. The
 * Content-Type is not enforced: `curl -d` and `fetch` with a string body send
 * other types, and the body is JSON or a 400 either way.
 */
export function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      drain(req);
      reject(tooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', (e) => {
      if (!failed) reject(new HttpError(400, 'bad_body', `request body could not be read: ${e.message}`));
      failed = true;
    });
    req.on('end', () => {
      if (failed) return;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return reject(new HttpError(400, 'invalid_json', 'the request body is empty; send a JSON object'));
      try {
        resolve(JSON.parse(text));
      } catch (e) {
        reject(new HttpError(400, 'invalid_json', `the request body is not valid JSON: ${(e as Error).message}`));
      }
    });
  });
}

const tooLarge = (limit: number): HttpError => new HttpError(413, 'body_too_large', `the request body exceeds ${limit} bytes`);

/** Discards the rest of a refused body so the connection can answer. */
function drain(req: IncomingMessage): void {
  req.resume();
}
