/** Shared helpers for the benchmark scripts: argument parsing and timing. */
export function flag(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && i + 1 < process.argv.length && !process.argv[i + 1]!.startsWith('--')) return process.argv[i + 1];
  return fallback;
}

export const hasFlag = (name: string): boolean => process.argv.includes(`--${name}`);

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
