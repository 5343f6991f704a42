/**
 * A request the API refuses, with the status and the JSON body it is answered with:
 * `{ "error": { "code", "message", "field"? } }`. `code` is stable (clients branch on
 * it), `message` is for people, `field` names the offending body field or parameter.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Response headers that go with it (Allow for a 405). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }

  toJSON(): { error: { code: string; message: string; field?: string } } {
    return { error: { code: this.code, message: this.message, ...(this.field !== undefined ? { field: this.field } : {}) } };
  }
}

export const badRequest = (message: string, field?: string): HttpError => new HttpError(400, 'invalid_request', message, field);
