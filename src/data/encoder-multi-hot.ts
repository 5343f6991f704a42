import { CategoricalEncoder } from './encoder-categorical.js';

/** A sparse multi-hot matrix: the active ids of row r are indices[offsets[r] .. offsets[r + 1]). */
export interface MultiHot {
  offsets: Int32Array;
  indices: Int32Array;
  /** Number of columns (vocabulary + the unknown bucket 0). */
  cardinality: number;
}

/**
 * Sets of labels (a movie's genres) to multi-hot rows over a CategoricalEncoder's ids.
 * Unknown labels map to bucket 0; repeated labels in one set count once; ids ascend.
 */
export class MultiHotEncoder {
  constructor(readonly categories: CategoricalEncoder) {}

  static fit(lists: Iterable<readonly string[]>, opts: { minCount?: number } = {}): MultiHotEncoder {
    function* flat(): Generator<string> {
      for (const l of lists) yield* new Set(l);
    }
    return new MultiHotEncoder(CategoricalEncoder.fit(flat(), opts));
  }

  get size(): number {
    return this.categories.size;
  }

  encode(labels: readonly string[]): Int32Array {
    const ids = new Set<number>();
    for (const l of labels) ids.add(this.categories.encode(l));
    return Int32Array.from(ids).sort();
  }

  encodeAll(lists: readonly (readonly string[])[]): MultiHot {
    const offsets = new Int32Array(lists.length + 1);
    const parts = lists.map((l, r) => {
      const e = this.encode(l);
      offsets[r + 1] = offsets[r]! + e.length;
      return e;
    });
    const indices = new Int32Array(offsets[lists.length]!);
    parts.forEach((p, r) => indices.set(p, offsets[r]!));
    return { offsets, indices, cardinality: this.size };
  }

  /** Writes row r of `m` as a dense 0/1 vector into out[at .. at + cardinality). */
  static toDense(out: Float32Array, at: number, m: MultiHot, r: number): void {
    out.fill(0, at, at + m.cardinality);
    for (let p = m.offsets[r]!; p < m.offsets[r + 1]!; p++) out[at + m.indices[p]!] = 1;
  }
}
