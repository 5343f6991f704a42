import type { FeatureTable } from '../data/movielens-features.js';
import { ArgumentError } from '../errors.js';
import { Tensor, type DType } from '../tensor/tensor.js';

/** Columns of featureMatrix(table): the categorical and multi-hot cardinalities plus one per numeric feature. */
export function featureWidth(table: FeatureTable): number {
  return table.categorical.reduce((s, c) => s + c.cardinality, 0) + table.multiHot.reduce((s, m) => s + m.cardinality, 0) + table.numeric.length;
}

/**
 * A FeatureTable as a dense [rows, width] matrix, the input a tower's MLP reads:
 * each categorical feature one-hot over its cardinality (bucket 0, missing, is a
 * column of its own), each multi-hot feature its 0/1 row, each numeric feature
 * one column, in that order. A one-hot block times the first Linear layer's
 * weights is an embedding lookup of that category, so nothing is lost by going
 * dense; at MovieLens scale the widest table (ML-1M users) is ~50 columns.
 */
export function featureMatrix(table: FeatureTable, dtype: DType = 'float32'): Tensor {
  const n = table.rows;
  if (!Number.isInteger(n) || n < 1) throw new ArgumentError('features.rows', `must be a positive integer, got ${n}`);
  const width = featureWidth(table);
  if (width === 0) throw new ArgumentError('features', 'the table has no feature columns');
  const out = Tensor.zeros([n, width], dtype);
  const d = out.data;
  let col = 0;
  for (const c of table.categorical) {
    if (c.ids.length !== n) throw new ArgumentError(`features.${c.name}`, `has ${c.ids.length} rows, the table ${n}`);
    for (let r = 0; r < n; r++) {
      const id = c.ids[r]!;
      if (!(id >= 0 && id < c.cardinality)) throw new ArgumentError(`features.${c.name}`, `row ${r}: id ${id} is outside [0, ${c.cardinality})`);
      d[r * width + col + id] = 1;
    }
    col += c.cardinality;
  }
  for (const m of table.multiHot) {
    if (m.offsets.length !== n + 1) throw new ArgumentError(`features.${m.name}`, `has ${m.offsets.length - 1} rows, the table ${n}`);
    for (let r = 0; r < n; r++) {
      for (let p = m.offsets[r]!; p < m.offsets[r + 1]!; p++) {
        const id = m.indices[p]!;
        if (!(id >= 0 && id < m.cardinality)) throw new ArgumentError(`features.${m.name}`, `row ${r}: id ${id} is outside [0, ${m.cardinality})`);
        d[r * width + col + id] = 1;
      }
    }
    col += m.cardinality;
  }
  for (const v of table.numeric) {
    if (v.values.length !== n) throw new ArgumentError(`features.${v.name}`, `has ${v.values.length} rows, the table ${n}`);
    for (let r = 0; r < n; r++) d[r * width + col] = v.values[r]!;
    col++;
  }
  return out;
}
