import { progressSink, type ProgressSink } from '../train/progress.js';
import type { CliIO } from './io.js';

export type ProgressMode = 'auto' | 'bar' | 'lines' | 'none';

/**
 * Batch progress (the redrawn bar on a terminal) goes to stderr, so that stdout
 * carries only results: one line per epoch with the validation metrics, which
 * can be piped or captured.
 */
export function cliProgress(mode: ProgressMode, io: CliIO): ProgressSink {
  const bar = progressSink(mode === 'lines' ? 'none' : mode, 0, io.stderr);
  const tty = mode === 'bar' || (mode === 'auto' && io.stderr.isTTY === true);
  return {
    batch: (...a) => bar.batch(...a),
    epoch(line) {
      if (tty) io.stderr.write('\r\u001b[K');
      io.stdout.write(`${line}\n`);
    },
  };
}
