import { readdirSync } from 'node:fs';
/** Shared helpers for the benchmark scripts: argument parsing and timing. */
export function flag(name: string, fallback?: string, argv: readonly string[] = process.argv): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i >= 0 && i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) return argv[i + 1];
  return fallback;
}

/** The prefix of the NCF split files in `dir` (PREFIX.train.rating), or undefined when there are none. */
export function ncfPrefix(dir: string): string | undefined {
  return readdirSync(dir).find((f) => f.endsWith('.train.rating'))?.replace(/\.train\.rating$/, '');
}

/** ncfPrefix, or an error saying what --data must name. */
export function requireNcfPrefix(dir: string): string {
  const prefix = ncfPrefix(dir);
  if (!prefix) throw new Error(`${dir}: no *.train.rating file (pass --data DIR of NCF files)`);
  return prefix;
}

export const hasFlag = (name: string, argv: readonly string[] = process.argv): boolean => argv.includes(`--${name}`);

/**
 * A numeric flag, validated: a value that is not a finite number, not an integer
 * when `integer` is set, or below `min` throws and names the flag. (`Number('abc')`
 * is NaN, and a NaN repeat count or pass count used to run zero iterations and
 * print an empty report with exit status 0.)
 */
export function numberFlag(
  name: string,
  fallback: number,
  { integer = false, min = -Infinity }: { integer?: boolean; min?: number } = {},
  argv: readonly string[] = process.argv,
): number {
  const raw = flag(name, undefined, argv);
  if (raw === undefined && hasFlag(name, argv)) throw new Error(`--${name} needs a value`);
  const v = raw === undefined ? fallback : raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min) {
    throw new Error(`--${name} must be ${integer ? 'an integer' : 'a number'}${min > -Infinity ? ` >= ${min}` : ''}, got ${JSON.stringify(raw)}`);
  }
  return v;
}

/** Median seconds per call of `fn`, after warm-up, over at least `minSeconds` of runs. */
export function timeIt(fn: () => void, minSeconds = 0.5, warmup = 3): { seconds: number; runs: number } {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < 5 || performance.now() - start < minSeconds * 1000) {
    const t0 = performance.now();
    fn();
    samples.push((performance.now() - t0) / 1000);
  }
  samples.sort((a, b) => a - b);
  return { seconds: samples[Math.floor(samples.length / 2)]!, runs: samples.length };
}
