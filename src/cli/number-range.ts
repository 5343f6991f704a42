/**
 * The one number check of the command line: flags (`--k 0`, `--lr 0.1,0`) and
 * config-file settings (`epochs: 0`) are checked against a NumberRange and a
 * refusal always reads `WHERE: must be <range in words>; got <value as given>`.
 */
export interface NumberRange {
  /** Smallest allowed value (inclusive). */
  min?: number;
  /** Largest allowed value (inclusive). */
  max?: number;
  /** Values must be greater than this (exclusive): `{ above: 0 }` for a learning rate. Give min or above, not both. */
  above?: number;
  /** Values must be less than this (exclusive): `{ min: 0, below: 1 }` for a dropout rate. Give max or below, not both. */
  below?: number;
  integer?: boolean;
}

/** The range in words: "an integer >= 1", "a number > 0", "an integer in [0, 65535]", "a number in [0, 1)". */
export function describeRange({ min = -Infinity, max = Infinity, above, below, integer = false }: NumberRange): string {
  const what = integer ? 'an integer' : 'a number';
  const lo = above !== undefined ? { at: above, open: true } : min > -Infinity ? { at: min, open: false } : null;
  const hi = below !== undefined ? { at: below, open: true } : max < Infinity ? { at: max, open: false } : null;
  if (lo && hi) return `${what} in ${lo.open ? '(' : '['}${lo.at}, ${hi.at}${hi.open ? ')' : ']'}`;
  if (lo) return `${what} ${lo.open ? '>' : '>='} ${lo.at}`;
  if (hi) return `${what} ${hi.open ? '<' : '<='} ${hi.at}`;
  return what;
}

/** A number, or flag text holding one ('  3 ' included); NaN for anything else (blank text, booleans, lists). */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
}

/** Why `value` is not a finite number in `range` ("must be an integer >= 1; got \"0\""), or null when it is. */
export function numberProblem(value: unknown, range: NumberRange): string | null {
  const { min = -Infinity, max = Infinity, above, below, integer = false } = range;
  const n = toNumber(value);
  const ok = Number.isFinite(n) && (!integer || Number.isInteger(n)) && n >= min && n <= max && (above === undefined || n > above) && (below === undefined || n < below);
  return ok ? null : `must be ${describeRange(range)}; got ${JSON.stringify(value)}`;
}

/** `value` as a number in `range`, or fail(`${what}: ${problem}`). */
export function checkNumber(value: unknown, what: string, range: NumberRange, fail: (message: string) => never): number {
  const problem = numberProblem(value, range);
  if (problem !== null) fail(`${what}: ${problem}`);
  return toNumber(value);
}
