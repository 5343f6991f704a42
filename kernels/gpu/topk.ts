import type { Tensor } from '../../src/tensor/tensor.js';
import * as cpu from '../cpu/topk.js';
import type { RowExclusions } from '../index.js';
import type { GpuRuntime } from './runtime.js';

/**
 * Top-K stays on the CPU in every mode, by design rather than omission: the
 * selection is a per-row heap walk (O(m log k), sequential), and the
 * data-parallel alternatives gpu.js can express (rank every column against
 * every other, O(m²) per row) lose badly for catalogue-sized rows on webasm
 * and on software GL. The GPU's share of recommendation is the scoring
 * product before it (scoreUsers). Counted as a CPU call in the stats.
 */
export function topK(
  rt: GpuRuntime,
  outIdx: Int32Array,
  outScores: Float32Array | Float64Array,
  scores: Tensor,
  k: number,
  exclude: RowExclusions | null = null,
): void {
  rt.stats.cpu['topK'] = (rt.stats.cpu['topK'] ?? 0) + 1;
  cpu.topK(outIdx, outScores, scores, k, exclude);
}
