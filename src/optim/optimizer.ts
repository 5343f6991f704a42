import { finiteNonNegative, finitePositive } from '../checks.js';
import type { Data } from '../tensor/tensor.js';
import { ArgumentError } from '../errors.js';
import type { Parameter } from '../layers/parameter.js';

/** Row s of a gradient updates row rows[s] of the value, for s < count; rows are `dim` wide. */
export interface RowSet {
  readonly rows: Int32Array;
  readonly count: number;
  readonly dim: number;
}

const FIRST_ROW = Int32Array.of(0);

/**
 * The shared skeleton of every optimizer. `step()` walks the parameters and hands
 * each one's (value, gradient) to `updateRows` as a set of rows:
 *
 * - a dense parameter is a single row covering the whole tensor;
 * - a sparse parameter (an embedding table) is the rows that received gradient.
 *   Rows outside the batch are not visited at all, so their values *and*
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
  /** A dense parameter's single row, per parameter (null for sparse ones), built once. */
  private readonly denseRows: ReadonlyArray<RowSet | null>;

  /**
   * `stateOf(i)` may supply parameter i's state arrays (Adam places some in
   * WebAssembly memory); the others get zeroed Float64Arrays.
   */
  constructor(
    readonly params: readonly Parameter[],
    lr: number,
    stateSlots: number,
    sparseLrScale = 1,
    stateOf?: (index: number) => Data[] | undefined,
  ) {
    finiteNonNegative('lr', lr);
    finitePositive('sparseLrScale', sparseLrScale);
    this.lr = lr;
    this.sparseLrScale = sparseLrScale;
    this.state = params.map((p, i) => stateOf?.(i) ?? Array.from({ length: stateSlots }, () => new Float64Array(p.value.size)));
    this.denseRows = params.map((p) => (p.sparse ? null : { rows: FIRST_ROW, count: 1, dim: p.value.size }));
  }

  step(): void {
    this.steps++;
    this.beginStep();
    const params = this.params;
    for (let i = 0; i < params.length; i++) {
      const p = params[i]!;
      const state = this.state[i]!;
      // p.sparse decides both the row set and the gradient's class (Parameter's
      // constructor); the accessors check the second.
      const dense = this.denseRows[i] ?? null;
      if (dense !== null) this.updateRows(this.lr, p.value.data, p.denseGrad.data, state, dense);
      else {
        const g = p.sparseGrad;
        this.updateRows(this.lr * this.sparseLrScale, p.value.data, g.values.data, state, g);
      }
    }
  }

  zeroGrad(): void {
    for (const p of this.params) p.zeroGrad();
  }

  /** Hook for per-step constants (bias corrections). */
  protected beginStep(): void {}

  /**
   * For each s < set.count, updates value row set.rows[s] from grad row s at learning
   * rate lr (rows are set.dim wide); `state[k]` arrays are indexed like `value`.
   * One call per parameter, so the per-step constants are hoisted out of the row loop.
   */
  protected abstract updateRows(lr: number, value: Data, grad: Data, state: Data[], set: RowSet): void;
}

export function checkRange(name: string, v: number, lo: number, hi: number, hiOpen = false): void {
  if (!(v >= lo && (hiOpen ? v < hi : v <= hi))) {
    throw new ArgumentError(name, `must be in [${lo}, ${hi}${hiOpen ? ')' : ']'}, got ${v}`);
  }
}
