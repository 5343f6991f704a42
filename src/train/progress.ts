/**
 * Training progress: a single redrawn line on a TTY (samples/s, loss, ETA), plain
 * lines otherwise (CI logs, files), every `every` batches and at each epoch end.
 */
export interface ProgressSink {
  batch(epoch: number, done: number, total: number, samples: number, seconds: number, loss: number): void;
  epoch(line: string): void;
}

/**
 * Round to the precision shown first, then pick the unit: choosing by the raw
 * value printed 999.6/s as '1000' and 999,960/s as '1000.0k'.
 */
export function formatRate(r: number): string {
  if (Math.round(r) < 1e3) return r.toFixed(0);
  if (Math.round(r / 1e2) < 1e4) return `${(r / 1e3).toFixed(1)}k`;
  return `${(r / 1e6).toFixed(2)}M`;
}

/** Seconds as '12.3s', or from 59.95 s on (which rounds to 60.0) as whole seconds '1m0s'; 119.7 s is '2m0s', not '1m60s'. */
export function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (Math.round(s * 10) < 600) return `${s.toFixed(1)}s`;
  const whole = Math.round(s);
  return `${Math.floor(whole / 60)}m${whole % 60}s`;
}

/** Where progress is written: process.stderr, or anything with a write method. */
export interface ProgressOut {
  write(s: string): unknown;
  readonly isTTY?: boolean;
}

/** stderr in Node; elsewhere (a browser has no stderr) the console, a line per call. */
function defaultOut(): ProgressOut {
  if (typeof process !== 'undefined' && process.stderr) return process.stderr;
  return {
    write(s: string) {
      const line = s.replace(/\n$/, '');
      if (line !== '') console.log(line);
    },
  };
}

export function progressSink(mode: 'auto' | 'bar' | 'lines' | 'none', every = 0, out: ProgressOut = defaultOut()): ProgressSink {
  const tty = mode === 'bar' || (mode === 'auto' && out.isTTY === true);
  if (mode === 'none') return { batch() {}, epoch() {} };
  let lastDraw = 0;
  return {
    batch(epoch, done, total, samples, seconds, loss) {
      const rate = samples / Math.max(seconds, 1e-9);
      // A custom source may yield more batches than it announced (or announce 0):
      // past `total` the end is unknown, so the ETA is '?' and the bar stays full.
      const eta = done <= total ? ((total - done) * seconds) / Math.max(done, 1) : Number.NaN;
      const text = `epoch ${epoch} ${done}/${total} loss ${loss.toFixed(4)} ${formatRate(rate)} samples/s eta ${formatDuration(eta)}`;
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < 100 && done < total) return;
        lastDraw = now;
        const width = 20;
        const filled = total > 0 ? Math.min(width, Math.round((width * done) / total)) : 0;
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
