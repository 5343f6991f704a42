import type { Data } from '../tensor/tensor.js';
import { ArgumentError } from '../errors.js';
import { SparseRowGrad, type Parameter } from '../layers/parameter.js';

/**
 * The shared skeleton of every optimizer. `step()` walks the parameters and hands
 * each contiguous span of (value, gradient) to `updateSpan`:
 *
 * - a dense parameter is one span covering the whole tensor;
 * - a sparse parameter (an embedding table) is one span per row that received
 *   gradient. Rows outside the batch are not visited at all, so their values *and*
 *   their optimizer state stay bit-identical ("lazy" updates, as TensorFlow's
 *   LazyAdam and PyTorch's SparseAdam). A lazily updated row skips the decay its
 *   moments would have had in the steps it sat out; bias corrections use the global
 *   step count.
 *
 * Per-parameter state (moments, accumulators) is allocated once, shaped like the value.
 */
export abstract class Optimizer {
  lr: number;
  /**
   * Multiplies lr for sparse (embedding) parameters. A lazily updated row moves
   * only on the steps its id is in the batch, while dense Adam (PyTorch's default
   * nn.Embedding) keeps moving every row on its momentum for ~1/(1-β1) steps
   * after each touch; a larger embedding rate recovers that pace (docs/benchmarks.md).
   */
  sparseLrScale: number;
  /** Number of `step()` calls so far (Adam's t). */
  steps = 0;
  protected readonly state: Data[][];

  constructor(
    readonly params: readonly Parameter[],
    lr: number,
    stateSlots: number,
    sparseLrScale = 1,
  ) {
    if (!(lr >= 0 && Number.isFinite(lr))) throw new ArgumentError('lr', `must be a finite number >= 0, got ${lr}`);
    if (!(sparseLrScale > 0 && Number.isFinite(sparseLrScale))) {
      throw new ArgumentError('sparseLrScale', `must be a finite number > 0, got ${sparseLrScale}`);
    }
    this.lr = lr;
    this.sparseLrScale = sparseLrScale;
    this.state = params.map((p) => Array.from({ length: stateSlots }, () => new Float64Array(p.value.size)));
  }

  step(): void {
    this.steps++;
    this.beginStep();
    this.params.forEach((p, i) => {
      const value = p.value.data;
      const state = this.state[i]!;
      if (p.grad instanceof SparseRowGrad) {
        const g = p.grad;
        const d = g.dim;
        const grads = g.values.data;
        const lr = this.lr * this.sparseLrScale;
        for (let s = 0; s < g.count; s++) this.updateSpan(lr, value, grads, state, g.rows[s]! * d, s * d, d);
      } else {
        this.updateSpan(this.lr, value, p.grad.data, state, 0, 0, value.length);
      }
    });
  }

  zeroGrad(): void {
    for (const p of this.params) p.zeroGrad();
  }

  /** Hook for per-step constants (bias corrections). */
  protected beginStep(): void {}

  /**
   * Updates value[vOff .. vOff+len) from grad[gOff .. gOff+len) at learning rate
   * lr; `state[k]` arrays are indexed like `value`.
   */
  protected abstract updateSpan(lr: number, value: Data, grad: Data, state: Data[], vOff: number, gOff: number, len: number): void;
}

export function checkRange(name: string, v: number, lo: number, hi: number, hiOpen = false): void {
  if (!(v >= lo && (hiOpen ? v < hi : v <= hi))) {
    throw new ArgumentError(name, `must be in [${lo}, ${hi}${hiOpen ? ')' : ']'}, got ${v}`);
  }
}
