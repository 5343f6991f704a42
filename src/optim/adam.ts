import { SimdAdam, type AdamConstants } from '../../kernels/cpu/wasm/adam.js';
import type { Data } from '../tensor/tensor.js';
import type { Parameter } from '../layers/parameter.js';
import { Optimizer, checkRange, type RowSet } from './optimizer.js';

export interface AdamOptions {
  lr?: number;
  /** Learning-rate multiplier for sparse (embedding) parameters; default 1. */
  sparseLrScale?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** Adam: L2 penalty folded into the gradient. AdamW: decoupled decay w -= lr·wd·w. */
  weightDecay?: number;
}

/**
 * m = β1·m + (1-β1)·g;  v = β2·v + (1-β2)·g²;
 * w -= lr · (m / (1-β1^t)) / (sqrt(v / (1-β2^t)) + ε).
 */
export class Adam extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  protected readonly decoupled: boolean = false;
  private c1 = 1;
  private c2 = 1;
  private readonly simd: SimdAdam | null;
  /** The SIMD kernel's constants, rewritten per call rather than allocated. */
  private readonly constants: AdamConstants = { a: 0, rc2: 0, b1: 0, c1: 0, b2: 0, c2: 0, eps: 0, l2: 0, shrink: 0 };

  constructor(params: readonly Parameter[], { lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0, sparseLrScale = 1 }: AdamOptions = {}) {
    // Float32 parameters keep their moments in a WebAssembly memory and update in
    // SIMD (kernels/cpu/wasm/adam.ts), bit for bit the loop below: embedding tables
    // of even width row by row, dense parameters of even size as one row. Their
    // moments are allocated there only, never twice.
    const shape = (p: Parameter): { rows: number; dim: number } => (p.sparse ? { rows: p.value.rows, dim: p.value.cols } : { rows: 1, dim: p.value.size });
    const tables = params.flatMap((p, i) => (p.value.dtype === 'float32' && shape(p).dim % 2 === 0 ? [i] : []));
    const simd = SimdAdam.create(tables.map((i) => shape(params[i]!)));
    const slot = new Map(tables.map((i, t) => [i, t]));
    super(params, lr, 2, sparseLrScale, (i) => (simd && slot.has(i) ? simd.momentsOf(slot.get(i)!) : undefined));
    this.simd = simd;
    checkRange('beta1', beta1, 0, 1, true);
    checkRange('beta2', beta2, 0, 1, true);
    checkRange('eps', eps, 0, Infinity);
    checkRange('weightDecay', weightDecay, 0, Infinity);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
  }

  protected override beginStep(): void {
    this.c1 = 1 - this.beta1 ** this.steps;
    this.c2 = 1 - this.beta2 ** this.steps;
  }

  protected updateRows(lr: number, w: Data, g: Data, state: Data[], { rows, count, dim }: RowSet): void {
    const { beta1: b1, beta2: b2, eps, weightDecay: wd, c1, c2 } = this;
    const m = state[0]!;
    const v = state[1]!;
    const l2 = this.decoupled ? 0 : wd;
    const shrink = this.decoupled ? 1 - lr * wd : 1;
    // lr·(m/c1) / (sqrt(v/c2) + ε) with the per-step constants hoisted: one
    // division per element instead of three.
    const a = lr / c1;
    const rc2 = 1 / Math.sqrt(c2);
    if (this.simd?.owns(m) && w instanceof Float32Array && g instanceof Float32Array && m instanceof Float64Array && v instanceof Float64Array) {
      const k = this.constants;
      k.a = a;
      k.rc2 = rc2;
      k.b1 = b1;
      k.c1 = 1 - b1;
      k.b2 = b2;
      k.c2 = 1 - b2;
      k.eps = eps;
      k.l2 = l2;
      k.shrink = shrink;
      this.simd.update(w, g, m, v, rows, count, dim, k);
      return;
    }
    for (let s = 0; s < count; s++) {
      const vOff = rows[s]! * dim;
      const gOff = s * dim;
      for (let j = 0; j < dim; j++) {
        const i = vOff + j;
        const wi = w[i]!;
        const gi = g[gOff + j]! + l2 * wi;
        const mi = b1 * m[i]! + (1 - b1) * gi;
        const vi = b2 * v[i]! + (1 - b2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        w[i] = wi * shrink - (a * mi) / (Math.sqrt(vi) * rc2 + eps);
      }
    }
  }
}

/** Adam with decoupled weight decay (Loshchilov & Hutter): w -= lr·wd·w before the Adam step. */
export class AdamW extends Adam {
  protected override readonly decoupled = true;

  constructor(params: readonly Parameter[], options: AdamOptions = {}) {
    super(params, { ...options, weightDecay: options.weightDecay ?? 0.01 });
  }
}
