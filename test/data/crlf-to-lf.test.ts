import { Readable } from 'node:stream';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { CrlfToLf } from '../../src/data/crlf-to-lf.js';

async function run(chunks: Uint8Array[]): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const b of Readable.from(chunks.map((c) => Buffer.from(c))).pipe(new CrlfToLf())) parts.push(b as Buffer);
  return Buffer.concat(parts);
}

// Bytes drawn mostly from CR, LF and 'a', so CRLF pairs, lone CRs and chunk edges are common.
const bytes = fc.array(fc.constantFrom(13, 10, 97, 13), { maxLength: 40 }).map((a) => Uint8Array.from(a));

describe('CrlfToLf', () => {
  test.prop([bytes, fc.array(fc.nat(40), { maxLength: 6 })])('equals replacing every CRLF by LF, however the input is chunked', async (input, cuts) => {
    const edges = [...new Set([0, ...cuts.map((c) => Math.min(c, input.length)), input.length])].sort((a, b) => a - b);
    const chunks = edges.slice(1).map((e, k) => input.subarray(edges[k]!, e));
    const want = Buffer.from(Buffer.from(input).toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
    expect(await run(chunks)).toEqual(want);
  });
});
