/**
 * Training progress: a single redrawn line on a TTY (samples/s, loss, ETA), plain
 * lines otherwise (CI logs, files), every `every` batches and at each epoch end.
 */
export interface ProgressSink {
  batch(epoch: number, done: number, total: number, samples: number, seconds: number, loss: number): void;
  epoch(line: string): void;
}

const fmtRate = (r: number): string => (r >= 1e6 ? `${(r / 1e6).toFixed(2)}M` : r >= 1e3 ? `${(r / 1e3).toFixed(1)}k` : r.toFixed(0));
const fmtTime = (s: number): string => (s >= 60 ? `${Math.floor(s / 60)}m${Math.round(s % 60)}s` : `${s.toFixed(1)}s`);

export function progressSink(
  mode: 'auto' | 'bar' | 'lines' | 'none',
  every = 0,
  out: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean } = process.stderr,
): ProgressSink {
  const tty = mode === 'bar' || (mode === 'auto' && out.isTTY === true);
  if (mode === 'none') return { batch() {}, epoch() {} };
  let lastDraw = 0;
  return {
    batch(epoch, done, total, samples, seconds, loss) {
      const rate = samples / Math.max(seconds, 1e-9);
      const eta = ((total - done) * seconds) / Math.max(done, 1);
      const text = `epoch ${epoch} ${done}/${total} loss ${loss.toFixed(4)} ${fmtRate(rate)} samples/s eta ${fmtTime(eta)}`;
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < 100 && done < total) return;
        lastDraw = now;
        const width = 20;
        const filled = Math.round((width * done) / Math.max(total, 1));
        out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\u001b[K`);
      } else if (every > 0 && done % every === 0) {
        out.write(`${text}\n`);
      }
    },
    epoch(line) {
      out.write(tty ? `\r${line}\u001b[K\n` : `${line}\n`);
    },
  };
}
