/**
 * The headers of every JSON answer, for the handler's responses and for the raw
 * replies server.ts writes onto a socket Node refused before the handler ran.
 * Content-Length is the UTF-8 byte length of `text`, not its string length.
 */
export function jsonHeaders(text: string): Record<string, string> {
  return {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
  };
}
