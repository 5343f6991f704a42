import { expectSameLength } from './summary.js';

export interface GroupMean {
  readonly group: string;
  /** Users in the group with a defined (non-NaN) value. */
  readonly users: number;
  readonly mean: number;
}

export interface FairnessBreakdown {
  /** One entry per group, sorted by group name. */
  readonly groups: readonly GroupMean[];
  readonly best: string;
  readonly worst: string;
  /** max_g mean_g - min_g mean_g (0 when every group does equally well). */
  readonly parityDifference: number;
  /**
   * min_g mean_g / max_g mean_g (1 = parity). 1 when every mean is 0; NaN when
   * some mean is negative, where a ratio says nothing.
   */
  readonly parityRatio: number;
  /** Users whose value was NaN (undefined for them), left out of every group. */
  readonly skipped: number;
}

/**
 * Breaks a per-user metric down by a user attribute (gender, age band...):
 * `values[u]` and `groups[u]` belong to the same user. Group names are
 * stringified, so 1 and "1" are the same group.
 */
export function fairnessBreakdown(values: ArrayLike<number>, groups: ArrayLike<string | number>): FairnessBreakdown {
  expectSameLength('groups', values, groups);
  const acc = new Map<string, { sum: number; n: number }>();
  let skipped = 0;
  for (let u = 0; u < values.length; u++) {
    const v = values[u]!;
    if (v !== v) {
      skipped++;
      continue;
    }
    const g = String(groups[u]);
    const a = acc.get(g) ?? { sum: 0, n: 0 };
    a.sum += v;
    a.n++;
    acc.set(g, a);
  }
  const list = [...acc.entries()]
    .map(([group, a]) => ({ group, users: a.n, mean: a.sum / a.n }))
    .sort((x, y) => (x.group < y.group ? -1 : x.group > y.group ? 1 : 0));
  if (list.length === 0) {
    return { groups: [], best: '', worst: '', parityDifference: Number.NaN, parityRatio: Number.NaN, skipped };
  }
  let best = list[0]!, worst = list[0]!;
  for (const g of list) {
    if (g.mean > best.mean) best = g;
    if (g.mean < worst.mean) worst = g;
  }
  const ratio = worst.mean < 0 ? Number.NaN : best.mean === 0 ? 1 : worst.mean / best.mean;
  return {
    groups: list,
    best: best.group,
    worst: worst.group,
    parityDifference: best.mean - worst.mean,
    parityRatio: ratio,
    skipped,
  };
}
