import { StringDecoder } from 'node:string_decoder';
import { asFileError, openReadStream } from './open-file.js';

/**
 * Calls `onLine(text, lineNumber)` for every line of a text file (UTF-8, or Latin-1
 * for the older MovieLens metadata), 1-based, with
 * `\n` or `\r\n` endings stripped and a leading BOM removed. Streams in 1 MiB chunks,
 * so memory stays flat whatever the file size. `onLine` may throw to stop. A file
 * that cannot be read is a DataFileError naming it.
 */
export async function forEachLine(file: string, onLine: (text: string, line: number) => void, encoding: 'utf8' | 'latin1' = 'utf8'): Promise<number> {
  const stream = await openReadStream(file, 1 << 20);
  const decoder = new StringDecoder(encoding);
  let carry = '';
  let line = 0;
  let first = true;
  const emit = (s: string): void => {
    line++;
    onLine(s.endsWith('\r') ? s.slice(0, -1) : s, line);
  };
  try {
    for await (const chunk of stream) {
      let text = carry + decoder.write(chunk as Buffer);
      if (first) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      let start = 0;
      let nl = text.indexOf('\n', start);
      while (nl >= 0) {
        emit(text.slice(start, nl));
        start = nl + 1;
        nl = text.indexOf('\n', start);
      }
      carry = text.slice(start);
    }
  } catch (e) {
    throw asFileError(file, e);
  } finally {
    stream.destroy();
  }
  carry += decoder.end();
  if (carry.length > 0) emit(carry);
  return line;
}
