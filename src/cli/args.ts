import { parseArgs } from 'node:util';
import { UsageError } from './io.js';
import { checkNumber, type NumberRange } from './number-range.js';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** Shown in the usage text, e.g. "PATH" for `--data PATH`. */
  readonly value?: string;
  readonly description: string;
}

export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  /** The synopsis after `ancf NAME`, e.g. "--data PATH [options]". */
  readonly synopsis: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Names of positional arguments, in order; more than these is a usage error. */
  readonly positionals?: readonly string[];
  /** Lines printed after the options (examples, notes). */
  readonly notes?: readonly string[];
}

export type Values = Readonly<Record<string, string | boolean | undefined>>;

export interface Parsed {
  readonly values: Values;
  readonly positionals: readonly string[];
}

const HELP: OptionSpec = { type: 'boolean', short: 'h', description: 'show this help' };

export function formatUsage(spec: CommandSpec): string {
  const opts = Object.entries({ ...spec.options, help: HELP });
  const left = opts.map(([name, o]) => `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`);
  const width = Math.max(...left.map((l) => l.length));
  const lines = [`usage: ancf ${spec.name} ${spec.synopsis}`, '', spec.summary, '', 'options:'];
  opts.forEach(([, o], k) => lines.push(`  ${left[k]!.padEnd(width)}  ${o.description}`));
  if (spec.notes?.length) lines.push('', ...spec.notes);
  return `${lines.join('\n')}\n`;
}

/**
 * node:util parseArgs in strict mode: unknown flags, a missing value or a stray
 * positional all become a UsageError carrying this command's usage text. A negative
 * number after a flag that takes a value (`--epochs -1`, `-k -5`) is that flag's
 * value, so the range check can name the flag; parseArgs alone calls it ambiguous.
 */
export function parseCommand(spec: CommandSpec, argv: readonly string[]): Parsed {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, o] of Object.entries({ ...spec.options, help: HELP })) options[name] = o.short ? { type: o.type, short: o.short } : { type: o.type };
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: attachNegativeValues(spec, argv), options, strict: true, allowPositionals: true }) as typeof parsed;
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!, formatUsage(spec));
  }
  const max = spec.positionals?.length ?? 0;
  if (parsed.positionals.length > max && parsed.values.help !== true) {
    throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[max])}`, formatUsage(spec));
  }
  return { values: parsed.values as Values, positionals: parsed.positionals };
}

/** A token that reads as a negative number: -1, -0.5, -.5, -1e3. */
const NEGATIVE = /^-(\d|\.\d)/;

/**
 * Rewrites `--flag -1` and `-f -1` (flag taking a value) as `--flag=-1`, which
 * parseArgs takes as the value. Only negative numbers are joined: `--data --json`
 * still reports the missing value. Nothing after `--` is touched.
 */
export function attachNegativeValues(spec: CommandSpec, argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let a = 0; a < argv.length; a++) {
    const token = argv[a]!;
    if (token === '--') {
      out.push(...argv.slice(a));
      break;
    }
    const next = argv[a + 1];
    const name = token.startsWith('--') ? token.slice(2) : /^-[^-]$/.test(token) ? shortName(spec, token[1]!) : undefined;
    if (name !== undefined && spec.options[name]?.type === 'string' && next !== undefined && NEGATIVE.test(next)) {
      out.push(`--${name}=${next}`);
      a++;
    } else out.push(token);
  }
  return out;
}

function shortName(spec: CommandSpec, short: string): string | undefined {
  return Object.entries(spec.options).find(([, o]) => o.short === short)?.[0];
}

/** Typed readers over parsed values; every failure is a UsageError naming the flag. */
export class Flags {
  constructor(
    readonly spec: CommandSpec,
    readonly values: Values,
  ) {}

  private fail(message: string): never {
    throw new UsageError(message, formatUsage(this.spec));
  }

  has(name: string): boolean {
    return this.values[name] !== undefined;
  }

  bool(name: string): boolean {
    return this.values[name] === true;
  }

  string(name: string): string | undefined {
    const v = this.values[name];
    return typeof v === 'string' ? v : undefined;
  }

  required(name: string): string {
    return this.string(name) ?? this.fail(`--${name} is required`);
  }

  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const v = this.string(name);
    if (v === undefined) return fallback;
    if (!(choices as readonly string[]).includes(v)) this.fail(`--${name} must be one of ${choices.join(', ')}; got ${JSON.stringify(v)}`);
    return v as T;
  }

  number(name: string, fallback: number, range: NumberRange = {}): number {
    const v = this.string(name);
    if (v === undefined) return fallback;
    return checkNumber(v, `--${name}`, range, (m) => this.fail(m));
  }

  /** A comma-separated list of numbers, e.g. `--lr 0.001,0.01`. */
  numbers(name: string, fallback: readonly number[], opts: NumberRange = {}): number[] {
    const v = this.string(name);
    if (v === undefined) return [...fallback];
    return v.split(',').map((s) => checkNumber(s.trim(), `--${name}`, opts, (m) => this.fail(m)));
  }

  /** Semicolon-separated layer lists, each a comma list: `--layers 64,32,16,8;32,16,8`. */
  layerLists(name: string, fallback: readonly (readonly number[])[]): number[][] {
    const v = this.string(name);
    if (v === undefined) return fallback.map((l) => [...l]);
    return v.split(/[;/]/).map((group) => group.split(',').map((s) => checkNumber(s.trim(), `--${name}`, { min: 1, integer: true }, (m) => this.fail(m))));
  }
}

export { checkNumber, describeRange, type NumberRange } from './number-range.js';
