import type { KernelSet } from '../../kernels/index.js';
import { ShapeError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * The gradient of an embedding table, kept sparse: only rows that received
 * gradient are stored. `rows[s]` is the table row held in slot s, `values` row s
 * its summed gradient, for s < count. `slotOf[row]` maps back (-1 when absent),
 * so repeated ids, in one batch or across several backward calls, accumulate.
 *
 * Memory is O(vocab) int32 for the map, allocated once, plus O(rows touched);
 * `clear()` costs O(rows touched). No [vocab, dim] tensor is ever materialised.
 */
export class SparseRowGrad {
  /** rows[s] is the table row whose gradient sits in slot s, for s < count. */
  readonly rows: Int32Array;
  count = 0;
  private readonly slotOf: Int32Array;
  private slots = new Int32Array(0);
  private store: Tensor;
  private view: Tensor;
  private viewOf: Tensor;

  constructor(
    vocab: number,
    readonly dim: number,
    readonly dtype: Tensor['dtype'],
  ) {
    this.slotOf = new Int32Array(vocab).fill(-1);
    this.rows = new Int32Array(vocab);
    this.store = Tensor.zeros([Math.min(vocab, 64), dim], dtype);
    this.view = this.store.sliceRows(0, 0);
    this.viewOf = this.store;
  }

  /** The summed gradient of each held row, as a [count, dim] view (slot order). */
  get values(): Tensor {
    // The view is rebuilt only when the row count or the storage changes.
    if (this.view.rows !== this.count || this.viewOf !== this.store) {
      this.view = this.store.sliceRows(0, this.count);
      this.viewOf = this.store;
    }
    return this.view;
  }

  /** Adds dy[r] into the gradient of table row ids[r], for every r. */
  accumulate(ids: Int32Array, dy: Tensor, kernels: KernelSet): void {
    if (dy.rows !== ids.length || dy.cols !== this.dim) {
      throw new ShapeError(`SparseRowGrad: ${ids.length} ids with gradient [${dy.shape.join(', ')}] for rows of width ${this.dim}`);
    }
    const vocab = this.slotOf.length;
    // Validate every id before touching any state: a rejected batch must not leave
    // rows registered with zero gradient (an optimizer would still move them).
    for (let r = 0; r < ids.length; r++) {
      const id = ids[r]!;
      if (!(id >= 0 && id < vocab)) throw new ShapeError(`SparseRowGrad: id ${id} at position ${r} is outside [0, ${vocab})`);
    }
    if (this.slots.length < ids.length) this.slots = new Int32Array(Math.max(ids.length, 2 * this.slots.length));
    const slots = this.slots.subarray(0, ids.length);
    for (let r = 0; r < ids.length; r++) {
      const id = ids[r]!;
      let s = this.slotOf[id]!;
      if (s < 0) {
        s = this.count++;
        this.slotOf[id] = s;
        this.rows[s] = id;
      }
      slots[r] = s;
    }
    this.reserve(this.count);
    kernels.scatterAddRows(this.values, slots, dy);
  }

  /** Forgets every row, in O(rows touched). */
  clear(): void {
    for (let s = 0; s < this.count; s++) this.slotOf[this.rows[s]!] = -1;
    this.store.data.fill(0, 0, this.count * this.dim);
    this.count = 0;
  }

  /** Grows the slot storage (amortised doubling, capped at the vocabulary). */
  private reserve(needed: number): void {
    if (this.store.rows >= needed) return;
    const capacity = Math.min(this.slotOf.length, Math.max(needed, 2 * this.store.rows));
    const next = Tensor.zeros([capacity, this.dim], this.dtype);
    next.data.set(this.store.data);
    this.store = next;
  }
}

/**
 * A trainable tensor and its gradient. Dense parameters carry a gradient tensor
 * of the same shape; sparse ones (embedding tables) a SparseRowGrad. Backward
 * passes *add* into either; `zeroGrad` clears them.
 */
export class Parameter {
  readonly grad: Tensor | SparseRowGrad;

  constructor(
    readonly value: Tensor,
    readonly sparse = false,
  ) {
    if (sparse) {
      if (value.rank !== 2) throw new ShapeError(`a sparse parameter must be a [rows, dim] table, got [${value.shape.join(', ')}]`);
      this.grad = new SparseRowGrad(value.rows, value.cols, value.dtype);
    } else {
      this.grad = Tensor.zeros(value.shape, value.dtype);
    }
  }

  /** The dense gradient tensor; a ShapeError for a sparse parameter. */
  get denseGrad(): Tensor {
    if (this.grad instanceof SparseRowGrad) throw new ShapeError('denseGrad: this parameter has a sparse (row) gradient');
    return this.grad;
  }

  /** The sparse row gradient; a ShapeError for a dense parameter. */
  get sparseGrad(): SparseRowGrad {
    if (!(this.grad instanceof SparseRowGrad)) throw new ShapeError('sparseGrad: this parameter has a dense gradient');
    return this.grad;
  }

  zeroGrad(): void {
    if (this.grad instanceof SparseRowGrad) this.grad.clear();
    else this.grad.data.fill(0);
  }
}
