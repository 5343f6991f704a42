import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { decimalInteger, toNumber } from '../../src/data/numbers.js';

describe('decimalInteger', () => {
  // The reference: a regex for the grammar, Number() for the value, + 0 for the -0 rule.
  test.prop([fc.oneof(fc.integer({ min: -1e15, max: 1e15 }).map(String), fc.string({ maxLength: 6 }), fc.stringMatching(/^\s?[+-]?0{1,3}\s?$/))])(
    'agrees with a regex reference',
    (s) => {
      const want = /^\s*[+-]?\d+\s*$/.test(s) ? Number(s) + 0 : Number.NaN;
      expect(decimalInteger(s)).toBe(want);
    },
  );

  it('reads signs and padding, and -0 is 0, never -0', () => {
    expect(decimalInteger(' 42\t')).toBe(42);
    expect(decimalInteger('+7')).toBe(7);
    expect(decimalInteger('-0012')).toBe(-12);
    for (const s of ['-0', ' -000 ', '+0', '0']) expect(Object.is(decimalInteger(s), 0)).toBe(true);
  });

  it('refuses what Number() would read: hex, binary, octal, exponent, fraction, blank, a lone sign', () => {
    for (const s of ['0x10', '0b1', '0o7', '1e3', '1.0', '', '   ', '-', '+', '1 2', '١']) expect(decimalInteger(s)).toBeNaN();
  });

  it('is exact up to 2^53 and unsafe (for the caller to refuse) beyond', () => {
    expect(decimalInteger('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(Number.isSafeInteger(decimalInteger('9007199254740993'))).toBe(false);
  });
});

describe('toNumber', () => {
  it('reads decimal numbers, padded or not, in Number() notation', () => {
    expect(toNumber(' 1700000000 ')).toBe(1700000000);
    expect(toNumber('3.5')).toBe(3.5);
    expect(toNumber('1e0')).toBe(1);
    expect(toNumber('-2')).toBe(-2);
    expect(toNumber(4)).toBe(4);
  });

  it('blank text, prefixed integers and non-strings are NaN; Infinity is left to the caller', () => {
    for (const v of ['', '  ', '0x10', '0X1F', '0b101', '0o17', 'x', undefined, null, {}]) expect(toNumber(v)).toBeNaN();
    expect(toNumber('Infinity')).toBe(Infinity);
  });
});
