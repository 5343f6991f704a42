import { Transform, type TransformCallback } from 'node:stream';

/**
 * A byte stream with every CRLF line break turned into LF. csv-parse miscounts
 * lines after comment or blank lines in CRLF files and drops the LF from the raw
 * text it reports, so quoted files are read through this first: line numbers and
 * bad-line samples then come out as for LF files. Bytes 13 and 10 never occur
 * inside a multi-byte UTF-8 sequence, so working on raw bytes is safe. A CR at the
 * end of a chunk is held back until the next chunk shows whether an LF follows.
 */
export class CrlfToLf extends Transform {
  private pendingCr = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const out = Buffer.allocUnsafe(chunk.length + 1);
    let o = 0;
    let k = 0;
    if (this.pendingCr) {
      this.pendingCr = false;
      if (chunk[0] !== 10) out[o++] = 13;
    }
    for (; k < chunk.length; k++) {
      const b = chunk[k]!;
      if (b === 13) {
        if (k + 1 === chunk.length) {
          this.pendingCr = true;
          continue;
        }
        if (chunk[k + 1] === 10) continue;
      }
      out[o++] = b;
    }
    done(null, out.subarray(0, o));
  }

  override _flush(done: TransformCallback): void {
    done(null, this.pendingCr ? Buffer.of(13) : null);
  }
}
