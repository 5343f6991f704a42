import { join } from 'node:path';
import { DataFormatError, EmptyDataError } from '../errors.js';
import { mergeDuplicates } from './builder.js';
import { GrowableColumn } from './growable.js';
import { Interactions } from './interactions.js';
import { forEachLine } from './line-reader.js';
import { decimalInteger, toNumber } from './numbers.js';
import type { DuplicatePolicy } from './report.js';

export interface NcfData {
  train: Interactions;
  /** One row per line of PREFIX.test.rating, in file order (row r pairs with testNegatives[r]). */
  test: Interactions;
  /** testNegatives[r]: the sampled negatives of test row r (99 in the reference files). */
  testNegatives: Int32Array[];
  report: { trainRows: number; testRows: number; duplicatesMerged: number; negativesPerRow: number };
}

interface Columns {
  u: GrowableColumn<Int32Array>;
  i: GrowableColumn<Int32Array>;
  r: GrowableColumn<Float32Array>;
  t: GrowableColumn<Float64Array>;
}

/**
 * The NCF reference split (He et al. 2017): `PREFIX.train.rating` and `PREFIX.test.rating`
 * with lines `user TAB item TAB rating TAB timestamp`, and `PREFIX.test.negative` with
 * lines `(user,item) TAB n1 TAB ... nK` matching test.rating line for line. Ids are
 * already dense and 0-based; numUsers / numItems are max id + 1 over all three files.
 * Checks the reference code skips: each negative line names its test pair, no negative
 * equals the held-out item, and duplicate train pairs follow `duplicates` (default 'last').
 */
export async function loadNcf(dir: string, prefix: string, opts: { duplicates?: DuplicatePolicy } = {}): Promise<NcfData> {
  const trainFile = join(dir, `${prefix}.train.rating`);
  const testFile = join(dir, `${prefix}.test.rating`);
  const negFile = join(dir, `${prefix}.test.negative`);
  const train = await readRatings(trainFile);
  const test = await readRatings(testFile);
  const testU = test.u.toArray();
  const testI = test.i.toArray();
  const negatives: Int32Array[] = [];
  let maxU = -1;
  let maxI = -1;
  await forEachLine(negFile, (text, line) => {
    if (text.trim() === '') return;
    const f = text.split('\t');
    const m = /^\((\d+),(\d+)\)$/.exec(f[0]!.trim());
    if (!m) throw new DataFormatError(negFile, line, text, 'first field must be "(user,item)"');
    const r = negatives.length;
    if (r >= testU.length) throw new DataFormatError(negFile, line, text, `more negative lines than the ${testU.length} test rows`);
    const u = Number(m[1]);
    const pos = Number(m[2]);
    if (u !== testU[r] || pos !== testI[r]) {
      throw new DataFormatError(negFile, line, text, `names (${u},${pos}) but test row ${r + 1} is (${testU[r]},${testI[r]})`);
    }
    if (f.length < 2) throw new DataFormatError(negFile, line, text, 'no negatives on the line');
    const neg = new Int32Array(f.length - 1);
    for (let k = 1; k < f.length; k++) {
      const v = decimalInteger(f[k]!);
      if (!Number.isSafeInteger(v) || v < 0 || v > 0x7fffffff) throw new DataFormatError(negFile, line, text, `negative ${k} ${JSON.stringify(f[k])} is not a non-negative integer`);
      if (v === pos) throw new DataFormatError(negFile, line, text, `negative ${k} is the held-out item ${pos} itself`);
      neg[k - 1] = v;
      if (v > maxI) maxI = v;
    }
    negatives.push(neg);
  });
  if (negatives.length !== testU.length) {
    throw new DataFormatError(negFile, negatives.length, '', `${negatives.length} negative lines for ${testU.length} test rows`);
  }
  const trU = train.u.toArray();
  const trI = train.i.toArray();
  for (const a of [trU, testU]) for (let k = 0; k < a.length; k++) if (a[k]! > maxU) maxU = a[k]!;
  for (const a of [trI, testI]) for (let k = 0; k < a.length; k++) if (a[k]! > maxI) maxI = a[k]!;
  const numUsers = maxU + 1;
  const numItems = maxI + 1;
  const merged = mergeDuplicates(trU, trI, train.r.toArray(), train.t.toArray(), numUsers, numItems, opts.duplicates ?? 'last');
  return {
    train: new Interactions({ users: merged.users, items: merged.items, ratings: merged.ratings, timestamps: merged.timestamps, numUsers, numItems }),
    test: new Interactions({ users: testU, items: testI, ratings: test.r.toArray(), timestamps: test.t.toArray(), numUsers, numItems }),
    testNegatives: negatives,
    report: { trainRows: merged.users.length, testRows: testU.length, duplicatesMerged: merged.merged, negativesPerRow: negatives[0]?.length ?? 0 },
  };
}

async function readRatings(file: string): Promise<Columns> {
  const c: Columns = { u: new GrowableColumn(Int32Array), i: new GrowableColumn(Int32Array), r: new GrowableColumn(Float32Array), t: new GrowableColumn(Float64Array) };
  await forEachLine(file, (text, line) => {
    if (text.trim() === '') return;
    const f = text.split('\t');
    if (f.length < 3) throw new DataFormatError(file, line, text, `expected user TAB item TAB rating [TAB timestamp], found ${f.length} fields`);
    const u = decimalInteger(f[0]!);
    const i = decimalInteger(f[1]!);
    const r = toNumber(f[2]);
    const t = f.length > 3 ? toNumber(f[3]) : 0;
    if (!Number.isSafeInteger(u) || u < 0 || u > 0x7fffffff) throw new DataFormatError(file, line, text, `user ${JSON.stringify(f[0])} is not a non-negative integer`);
    if (!Number.isSafeInteger(i) || i < 0 || i > 0x7fffffff) throw new DataFormatError(file, line, text, `item ${JSON.stringify(f[1])} is not a non-negative integer`);
    if (!Number.isFinite(r)) throw new DataFormatError(file, line, text, `rating ${JSON.stringify(f[2])} is not a finite number`);
    if (!Number.isFinite(t)) throw new DataFormatError(file, line, text, `timestamp ${JSON.stringify(f[3])} is not a finite number`);
    c.u.push(u);
    c.i.push(i);
    c.r.push(r);
    c.t.push(t);
  });
  if (c.u.length === 0) throw new EmptyDataError(file, 'no interactions were read');
  return c;
}
