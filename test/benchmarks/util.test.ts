import { describe, expect, it } from 'vitest';
import { flag, numberFlag } from '../../benchmarks/util.js';

const argv = (...rest: string[]): string[] => ['node', 'script.ts', ...rest];

describe('benchmark flags', () => {
  it('numberFlag returns the default when absent and the value when given', () => {
    expect(numberFlag('repeat', 1, { integer: true, min: 1 }, argv())).toBe(1);
    expect(numberFlag('repeat', 1, { integer: true, min: 1 }, argv('--repeat', '3'))).toBe(3);
    expect(numberFlag('seconds', 0.5, { min: 0 }, argv('--seconds', '0.25'))).toBe(0.25);
    expect(numberFlag('seed', 42, { integer: true }, argv('--seed', '-7'))).toBe(-7);
  });

  it('numberFlag rejects non-numbers, non-integers, values below min and a missing value, naming the flag', () => {
    // Number('abc') is NaN: a NaN --repeat used to run zero pairs and print an empty report.
    expect(() => numberFlag('repeat', 1, { integer: true, min: 1 }, argv('--repeat', 'abc'))).toThrow('--repeat must be an integer >= 1, got "abc"');
    expect(() => numberFlag('repeat', 1, { integer: true, min: 1 }, argv('--repeat', '0'))).toThrow(/--repeat must be an integer >= 1/);
    expect(() => numberFlag('passes', 3, { integer: true, min: 1 }, argv('--passes', '1.5'))).toThrow(/--passes/);
    expect(() => numberFlag('seconds', 0.5, { min: 0 }, argv('--seconds', 'Infinity'))).toThrow(/--seconds must be a number >= 0/);
    expect(() => numberFlag('lr', 0.001, { min: 0 }, argv('--lr', ''))).toThrow(/--lr/);
    expect(() => numberFlag('epochs', 20, { integer: true, min: 1 }, argv('--epochs'))).toThrow('--epochs needs a value');
    expect(() => numberFlag('epochs', 20, { integer: true, min: 1 }, argv('--epochs', '--json'))).toThrow('--epochs needs a value');
  });

  it('flag reads the value after the name, not a following flag', () => {
    expect(flag('data', 'x', argv('--data', 'dir'))).toBe('dir');
    expect(flag('data', 'x', argv('--data', '--json'))).toBe('x');
  });
});
