import { statSync } from 'node:fs';
import { formatUsage, type CommandSpec } from './args.js';
import { UsageError } from './io.js';

/**
 * Refuses an output path of the wrong kind before any work starts: a folder flag
 * (`train --out`, `eda --out`) naming an existing file, or a file flag
 * (`recommend --all --out`) naming an existing folder. Otherwise training would run
 * for minutes and fail only when saving.
 */
export function checkOutPath(path: string, want: 'folder' | 'file', flag: string, spec: CommandSpec): void {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') return; // Not there yet: it will be created.
    // A part of the path is a file (ENOTDIR), or it cannot be looked at (EACCES): saving would fail too.
    throw new UsageError(`--${flag} ${path} cannot be written: ${code ?? (e as Error).message}`, formatUsage(spec));
  }
  if (want === 'folder' && !isDir) throw new UsageError(`--${flag} ${path} is an existing file; it must be a folder (or not exist yet)`, formatUsage(spec));
  if (want === 'file' && isDir) throw new UsageError(`--${flag} ${path} is an existing folder; it must be a file`, formatUsage(spec));
}
