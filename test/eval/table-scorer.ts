import type { Scorer } from '../../src/eval/index.js';

/** A scorer over a fixed [numUsers, numItems] score table, counting its calls. */
export class TableScorer implements Scorer {
  scoreCalls = 0;
  scoreAllCalls = 0;
  constructor(
    readonly numUsers: number,
    readonly numItems: number,
    readonly table: Float32Array,
  ) {}

  score(users: Int32Array, items: Int32Array, out: Float32Array): void {
    this.scoreCalls++;
    if (users.length !== items.length || out.length !== users.length) throw new Error('length mismatch');
    for (let i = 0; i < users.length; i++) out[i] = this.table[users[i]! * this.numItems + items[i]!]!;
  }

  static fromRows<T extends TableScorer>(this: new (nu: number, ni: number, table: Float32Array) => T, rows: number[][]): T {
    return new this(rows.length, rows[0]!.length, Float32Array.from(rows.flat()));
  }
}

/** The same table with the optional scoreAll fast path. */
export class TableScorerAll extends TableScorer {
  scoreAll(users: Int32Array, out: Float32Array): void {
    this.scoreAllCalls++;
    const m = this.numItems;
    for (let r = 0; r < users.length; r++) out.set(this.table.subarray(users[r]! * m, (users[r]! + 1) * m), r * m);
  }
}
