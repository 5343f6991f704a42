/**
 * ISO 8601 calendar dates and times in extended format, as seconds since the epoch:
 * `YYYY-MM-DD`, optionally followed by `T` (or a space, as RFC 3339 allows) and
 * `hh:mm`, `hh:mm:ss` or `hh:mm:ss.fff` (any number of fraction digits, `.` or `,`),
 * optionally followed by an offset `Z`, `±hh`, `±hhmm` or `±hh:mm`. A time without an
 * offset is read as UTC, never in the machine's time zone, so results do not depend on
 * where the code runs. Surrounding whitespace is ignored.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Seconds since the epoch, or NaN for anything that is not such a date (Feb 30, hour 25 and the like included). */
export function parseIsoSeconds(text: string): number {
  const m = ISO.exec(text.trim());
  if (m === null) return Number.NaN;
  const y = +m[1]!;
  const mo = +m[2]!;
  const d = +m[3]!;
  const h = m[4] === undefined ? 0 : +m[4];
  const mi = m[5] === undefined ? 0 : +m[5];
  const s = m[6] === undefined ? 0 : +m[6];
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59) return Number.NaN;
  let offset = 0;
  const z = m[8];
  if (z !== undefined && z !== 'Z' && z !== 'z') {
    const oh = +z.slice(1, 3);
    const om = z.length > 3 ? +z.slice(-2) : 0;
    if (oh > 23 || om > 59) return Number.NaN;
    offset = (z[0] === '-' ? -1 : 1) * (oh * 3600 + om * 60);
  }
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not.
  const day = new Date(Date.UTC(2000, 0, 1));
  day.setUTCFullYear(y, mo - 1, d);
  // Sum in integer milliseconds (exact) and divide once, so millisecond inputs give
  // exactly Date.parse(...) / 1000; digits past the third add a sub-millisecond part.
  const f = m[7] ?? '';
  const ms = day.getTime() + (h * 3600 + mi * 60 + s - offset) * 1000 + (f.length > 0 ? +f.slice(0, 3).padEnd(3, '0') : 0);
  return (f.length > 3 ? ms + Number(`0.${f.slice(3)}`) : ms) / 1000;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
