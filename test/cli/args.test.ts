import { describe, expect, it } from 'vitest';
import { Flags, attachNegativeValues, checkNumber, describeRange, formatUsage, parseCommand, type CommandSpec } from '../../src/cli/args.js';
import { UsageError } from '../../src/cli/io.js';

const spec: CommandSpec = {
  name: 'demo',
  summary: 'A command for tests.',
  synopsis: '--data PATH',
  positionals: ['thing'],
  options: {
    data: { type: 'string', value: 'PATH', description: 'where' },
    k: { type: 'string', short: 'k', value: 'N', description: 'how many' },
    json: { type: 'boolean', description: 'as JSON' },
    layers: { type: 'string', description: 'shapes' },
  },
};

describe('parseCommand', () => {
  it('parses flags, short flags and one positional', () => {
    const p = parseCommand(spec, ['x', '--data', 'd', '-k', '5', '--json']);
    expect(p.positionals).toEqual(['x']);
    expect(p.values).toMatchObject({ data: 'd', k: '5', json: true });
  });

  it.each([
    [['--nope'], /Unknown option '--nope'/],
    [['--data'], /--data.*argument missing|argument missing/],
    [['a', 'b'], /unexpected argument "b"/],
  ])('refuses %j with a UsageError carrying the usage text', (argv, message) => {
    let err: unknown;
    try {
      parseCommand(spec, argv);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).message).toMatch(message);
    expect((err as UsageError).usage).toContain('usage: ancf demo --data PATH');
  });

  it('formatUsage lists every option, --help included, aligned', () => {
    const u = formatUsage(spec);
    expect(u).toContain('    --data PATH');
    expect(u).toContain('-k, --k N');
    expect(u).toContain('-h, --help');
    expect(u).toContain('A command for tests.');
  });
});

describe('negative numbers after value flags', () => {
  it('--flag -1 and -k -1 are values, so the range check names the flag', () => {
    expect(parseCommand(spec, ['-k', '-1']).values.k).toBe('-1');
    expect(parseCommand(spec, ['--k', '-0.5', '--json']).values).toMatchObject({ k: '-0.5', json: true });
    expect(parseCommand(spec, ['--k', '-.5']).values.k).toBe('-.5');
    expect(parseCommand(spec, ['--k', '-1e3']).values.k).toBe('-1e3');
    const flags = new Flags(spec, parseCommand(spec, ['-k', '-1']).values);
    expect(() => flags.number('k', 10, { min: 1, integer: true })).toThrow(/--k: must be an integer >= 1; got "-1"/);
  });

  it('joins only negative numbers after string flags, and nothing after --', () => {
    expect(attachNegativeValues(spec, ['--k', '-1', '--data', '-2'])).toEqual(['--k=-1', '--data=-2']);
    // A boolean flag takes no value; a following -1 stays a (refused) option.
    expect(attachNegativeValues(spec, ['--json', '-1'])).toEqual(['--json', '-1']);
    expect(attachNegativeValues(spec, ['--data', '--json'])).toEqual(['--data', '--json']);
    expect(attachNegativeValues(spec, ['--', '--k', '-1'])).toEqual(['--', '--k', '-1']);
    expect(() => parseCommand(spec, ['--data', '--json'])).toThrow(UsageError);
    expect(() => parseCommand(spec, ['--json', '-1'])).toThrow(/Unknown option '-1'/);
  });
});

describe('Flags', () => {
  const flags = (argv: string[]): Flags => new Flags(spec, parseCommand(spec, argv).values);

  it('reads numbers with bounds and integer checks', () => {
    expect(flags(['-k', '7']).number('k', 10, { min: 1, integer: true })).toBe(7);
    expect(flags([]).number('k', 10)).toBe(10);
    expect(() => flags(['-k', 'x']).number('k', 10)).toThrow(/--k: must be a number; got "x"/);
    expect(() => flags(['-k', '2.5']).number('k', 10, { integer: true })).toThrow(/--k: must be an integer; got "2.5"/);
    expect(() => flags(['-k', '0']).number('k', 10, { min: 1 })).toThrow(/--k: must be a number >= 1; got "0"/);
    expect(() => flags(['-k', '0']).number('k', 10, { min: 1, integer: true })).toThrow(/--k: must be an integer >= 1; got "0"/);
    expect(() => flags(['-k', '9']).number('k', 10, { min: 0, max: 8, integer: true })).toThrow(/--k: must be an integer in \[0, 8\]; got "9"/);
    expect(() => flags(['-k', '0']).number('k', 10, { above: 0 })).toThrow(/--k: must be a number > 0; got "0"/);
  });

  it('describeRange says the range in words, never Infinity', () => {
    expect(describeRange({ min: 1, integer: true })).toBe('an integer >= 1');
    expect(describeRange({ above: 0 })).toBe('a number > 0');
    expect(describeRange({ max: 3 })).toBe('a number <= 3');
    expect(describeRange({ min: 0, max: 65535, integer: true })).toBe('an integer in [0, 65535]');
    expect(describeRange({})).toBe('a number');
    expect(describeRange({ min: 0, below: 1 })).toBe('a number in [0, 1)');
    expect(describeRange({ above: 0, below: 1 })).toBe('a number in (0, 1)');
    expect(describeRange({ below: 1, integer: true })).toBe('an integer < 1');
  });

  it('reads lists and layer lists', () => {
    expect(flags(['-k', '1, 2,3']).numbers('k', [])).toEqual([1, 2, 3]);
    expect(flags(['--layers', '64,32;16,8/8']).layerLists('layers', [])).toEqual([[64, 32], [16, 8], [8]]);
    expect(() => flags(['--layers', '64,0']).layerLists('layers', [])).toThrow(UsageError);
  });

  it('choice and required name the flag', () => {
    expect(() => flags(['--data', 'z']).choice('data', ['a', 'b'], 'a')).toThrow(/--data must be one of a, b; got "z"/);
    expect(() => flags([]).required('data')).toThrow(/--data is required/);
  });

  it('checkNumber refuses blanks and infinities', () => {
    const fail = (m: string): never => {
      throw new Error(m);
    };
    expect(() => checkNumber('', 'x', {}, fail)).toThrow(/x: must be a number/);
    expect(() => checkNumber('Infinity', 'x', {}, fail)).toThrow(/x: must be a number/);
    expect(checkNumber(' 3 ', 'x', { integer: true }, fail)).toBe(3);
  });
});
