import { existsSync } from 'node:fs';
import type { IdMap } from './id-map.js';
import { forEachLine } from './line-reader.js';
import type { MovieMetadata, UserDemographics } from './movielens-types.js';
import { decimalInteger } from './numbers.js';
import type { BadLineTracker } from './report.js';

/** Reads an unquoted delimited metadata file, requiring exactly `fields` fields per line. */
export async function readTable(
  file: string,
  delimiter: string,
  fields: number | ((n: number) => boolean),
  bad: BadLineTracker,
  onRow: (f: string[], line: number, text: string) => void,
  encoding: 'utf8' | 'latin1' = 'latin1',
): Promise<void> {
  const ok = typeof fields === 'number' ? (n: number) => n === fields : fields;
  await forEachLine(
    file,
    (text, line) => {
      if (text.trim() === '') return;
      const f = text.split(delimiter);
      if (!ok(f.length)) {
        bad.bad(file, line, text, `unexpected number of fields separated by ${JSON.stringify(delimiter)}: ${f.length}`);
        return;
      }
      onRow(f, line, text);
    },
    encoding,
  );
}

export const fileIfExists = (path: string): string | null => (existsSync(path) ? path : null);

/** Accumulates per-movie rows into MovieMetadata aligned with `itemIds`. */
export class MovieMetaBuilder {
  private readonly titles: (string | null)[];
  private readonly years: Float32Array;
  private readonly genreLists: number[][];
  unrated = 0;

  constructor(
    private readonly itemIds: IdMap,
    readonly genres: string[],
  ) {
    this.titles = new Array<string | null>(itemIds.size).fill(null);
    this.years = new Float32Array(itemIds.size).fill(Number.NaN);
    this.genreLists = Array.from({ length: itemIds.size }, () => []);
  }

  genreIndex(name: string): number {
    let g = this.genres.indexOf(name);
    if (g < 0) g = this.genres.push(name) - 1;
    return g;
  }

  add(movieId: number, title: string, genres: number[]): void {
    const i = this.itemIds.get(movieId);
    if (i === undefined) {
      this.unrated++;
      return;
    }
    this.titles[i] = title;
    const m = /\((\d{4})\)\s*$/.exec(title);
    if (m) this.years[i] = Number(m[1]);
    this.genreLists[i] = genres.slice().sort((a, b) => a - b);
  }

  finish(): MovieMetadata {
    const offsets = new Int32Array(this.genreLists.length + 1);
    this.genreLists.forEach((g, i) => (offsets[i + 1] = offsets[i]! + g.length));
    const indices = Int32Array.from(this.genreLists.flat());
    return { titles: this.titles, years: this.years, genres: this.genres, genreOffsets: offsets, genreIndices: indices, unratedMovies: this.unrated };
  }
}

/** Accumulates per-user rows into UserDemographics aligned with `userIds`. */
export class UserMetaBuilder {
  readonly ages: Float32Array;
  readonly genders: string[];
  readonly occupations: string[];
  readonly zipCodes: string[];
  unrated = 0;

  constructor(private readonly userIds: IdMap) {
    const n = userIds.size;
    this.ages = new Float32Array(n).fill(Number.NaN);
    this.genders = new Array<string>(n).fill('');
    this.occupations = new Array<string>(n).fill('');
    this.zipCodes = new Array<string>(n).fill('');
  }

  add(userId: number, age: number, gender: string, occupation: string, zip: string): void {
    const u = this.userIds.get(userId);
    if (u === undefined) {
      this.unrated++;
      return;
    }
    this.ages[u] = age;
    this.genders[u] = gender;
    this.occupations[u] = occupation;
    this.zipCodes[u] = zip;
  }

  finish(): UserDemographics {
    return { ages: this.ages, genders: this.genders, occupations: this.occupations, zipCodes: this.zipCodes, unratedUsers: this.unrated };
  }
}

/** Parses a MovieLens integer id field, or reports the line. */
export function intField(bad: BadLineTracker, file: string, line: number, text: string, what: string, v: string | undefined): number | null {
  // Decimal only: Number('0x4A9') would be movie 1193.
  const x = v === undefined ? Number.NaN : decimalInteger(v);
  if (Number.isSafeInteger(x)) return x;
  bad.bad(file, line, text, `${what} ${JSON.stringify(v ?? '')} is not an integer`);
  return null;
}
