import { createReadStream, type ReadStream } from 'node:fs';
import { DataFileError } from '../errors.js';

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'is a folder, not a file',
  EACCES: 'permission denied',
  ENOTDIR: 'a part of the path is not a folder',
};

/** True for Node's system errors (ENOENT, EISDIR, EIO, ...), which carry a syscall. */
export function isSystemError(e: unknown): e is Error & { code: string; syscall: string } {
  return e instanceof Error && typeof (e as { code?: unknown }).code === 'string' && typeof (e as { syscall?: unknown }).syscall === 'string';
}

/** A file-system failure as a DataFileError naming the file; other errors pass through. */
export function asFileError(file: string, e: unknown): unknown {
  if (!isSystemError(e)) return e;
  const code = e.code;
  return new DataFileError(file, `cannot read: ${REASONS[code] ?? e.message} (${code})`);
}

/**
 * A read stream whose open has succeeded, so a missing file rejects here with a
 * DataFileError instead of surfacing later as an 'error' event (which, on a
 * piped stream, nothing would catch).
 */
export async function openReadStream(file: string, highWaterMark = 1 << 16): Promise<ReadStream> {
  const stream = createReadStream(file, { highWaterMark });
  try {
    await new Promise<void>((resolve, reject) => {
      stream.once('ready', () => resolve());
      stream.once('error', reject);
    });
  } catch (e) {
    stream.destroy();
    throw asFileError(file, e);
  }
  return stream;
}
