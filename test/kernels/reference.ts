/**
 * Naive reference implementations: the most obvious loops over plain arrays,
 * written independently of the kernels they check.
 */
export type Mat = number[][];

export const toMat = (data: ArrayLike<number>, rows: number, cols: number): Mat =>
  Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => data[i * cols + j]!));

export const transpose = (a: Mat, cols: number): Mat =>
  Array.from({ length: cols }, (_, j) => a.map((row) => row[j]!));

export function refMatmul(a: Mat, b: Mat, m: number, k: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i]![p]! * b[p]![j]!;
      out.push(s);
    }
  }
  return out;
}

export function refSoftmax(x: number[], len: number, beta: number): number[] {
  const valid = x.slice(0, len);
  const z = valid.reduce((s, v) => s + Math.exp(v), 0);
  return x.map((v, j) => (j < len ? Math.exp(v) / z ** beta : 0));
}

export const refSigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export function refTopK(row: number[], k: number, excluded: Set<number>): number[] {
  const cands = row
    .map((s, j) => ({ s, j }))
    .filter(({ s, j }) => !Number.isNaN(s) && !excluded.has(j))
    .sort((a, b) => b.s - a.s || a.j - b.j)
    .slice(0, k)
    .map(({ j }) => j);
  while (cands.length < k) cands.push(-1);
  return cands;
}
