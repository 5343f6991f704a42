import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { IdMap } from '../../src/data/id-map.js';
import { ArgumentError, UnknownIdError } from '../../src/errors.js';

describe('IdMap', () => {
  it('fromJSON refuses a kind other than user or item', () => {
    expect(() => IdMap.fromJSON({ kind: 'users' as 'user', ids: [1] })).toThrow(ArgumentError);
    expect(() => IdMap.fromJSON({ kind: 'users' as 'user', ids: [1] })).toThrow(`json.kind: must be 'user' or 'item', got "users"`);
    expect(IdMap.fromJSON({ kind: 'user', ids: [1] }).kind).toBe('user');
  });

  it('maps ids densely in order of first appearance and back', () => {
    const m = new IdMap('user');
    expect([m.add('b'), m.add(7), m.add('b'), m.add('7')]).toEqual([0, 1, 0, 2]);
    expect(m.size).toBe(3);
    expect(m.toIndex(7)).toBe(1);
    expect(m.get('7')).toBe(2);
    expect(m.get(8)).toBeUndefined();
    expect(m.toExternal(2)).toBe('7');
  });

  it('throws UnknownIdError naming the kind and id', () => {
    const m = IdMap.from([1, 2], 'item');
    expect(() => m.toIndex(3)).toThrow(UnknownIdError);
    expect(() => m.toIndex(3)).toThrow('unknown item id 3');
    expect(() => m.toExternal(2)).toThrow(ArgumentError);
    expect(() => IdMap.from([1, 1])).toThrow('duplicate item id 1');
  });

  test.prop([fc.uniqueArray(fc.oneof(fc.integer(), fc.string()), { maxLength: 30 })])('JSON round trip preserves every mapping', (ids) => {
    const m = IdMap.from(ids, 'user');
    const back = IdMap.fromJSON(JSON.parse(JSON.stringify(m)));
    expect(back.kind).toBe('user');
    ids.forEach((id, i) => expect(back.toIndex(id)).toBe(i));
  });

  it('rejects malformed JSON', () => {
    expect(() => IdMap.fromJSON({ kind: 'item', ids: [1, null as never] })).toThrow(ArgumentError);
    expect(() => IdMap.fromJSON(null as never)).toThrow(ArgumentError);
  });

  it('sorted() renumbers numbers before strings and returns the remap', () => {
    const m = IdMap.from([30, 'b', 10, 'a', 20]);
    const { map, remap } = m.sorted();
    expect(map.ids()).toEqual([10, 20, 30, 'a', 'b']);
    expect(Array.from(remap)).toEqual([2, 4, 0, 3, 1]);
    expect(m.subset([0, 2]).ids()).toEqual([30, 10]);
  });
});
