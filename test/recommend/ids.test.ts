import { describe, expect, it } from 'vitest';
import { IdMap } from '../../src/data/id-map.js';
import { lookupId } from '../../src/recommend/ids.js';

describe('lookupId', () => {
  const numeric = IdMap.from([0, 7, 16, 100], 'user');
  const text = IdMap.from(['7', 'a'], 'item');

  it('matches exactly, then converts plain decimal integers between string and number', () => {
    expect(lookupId(numeric, 16)).toBe(2);
    expect(lookupId(numeric, '16')).toBe(2);
    expect(lookupId(numeric, '0')).toBe(0);
    expect(lookupId(numeric, '-1')).toBeUndefined();
    expect(lookupId(text, 7)).toBe(0);
    expect(lookupId(text, 'a')).toBe(1);
  });

  it('never resolves exponent, hex, zero-padded or padded strings to a different id', () => {
    expect(lookupId(numeric, '1e2')).toBeUndefined();
    expect(lookupId(numeric, '0x10')).toBeUndefined();
    expect(lookupId(numeric, '007')).toBeUndefined();
    expect(lookupId(numeric, '-0')).toBeUndefined();
    expect(lookupId(numeric, ' 7 ')).toBeUndefined();
    expect(lookupId(numeric, '')).toBeUndefined();
  });
});
