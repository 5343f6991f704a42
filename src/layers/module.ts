import type { KernelSet } from '../../kernels/index.js';
import { getBackend } from '../backend/registry.js';
import { ShapeError } from '../errors.js';
import { Tensor, allocate, sizeOf, type Data, type DType } from '../tensor/tensor.js';
import { Parameter } from './parameter.js';

/**
 * The base of every layer and model: named parameters, child modules,
 * train/eval mode, and a state dict for checkpoints. It defines no `forward`:
 * layers take different inputs (ids, tensors, lists of tensors), and each
 * declares its own `forward` and `backward` side by side.
 *
 * Outputs and gradients are written into buffers the layer owns and reuses from
 * call to call (see `buffer`), so a training step allocates nothing once shapes
 * settle. The price: a layer's output is valid until its next forward, and one
 * layer instance serves one forward/backward pair at a time.
 */
export abstract class Module {
  training = true;
  private readonly ownParams = new Map<string, Parameter>();
  private readonly children = new Map<string, Module>();
  private readonly buffers = new Map<string, { store: Data; views: Tensor[] }>();

  constructor(readonly dtype: DType = 'float32') {}

  /** The kernels of the active backend. */
  protected get kernels(): KernelSet {
    return getBackend().kernels;
  }

  protected addParameter(name: string, value: Tensor, sparse = false): Parameter {
    if (this.ownParams.has(name) || this.children.has(name)) throw new ShapeError(`duplicate parameter name ${name}`);
    const p = new Parameter(value, sparse);
    this.ownParams.set(name, p);
    return p;
  }

  protected addModule<M extends Module>(name: string, module: M): M {
    if (this.ownParams.has(name) || this.children.has(name)) throw new ShapeError(`duplicate module name ${name}`);
    this.children.set(name, module);
    return module;
  }

  /**
   * A reusable tensor for `key`, of `shape` and `dtype` (the module's by default).
   * The backing array only grows: a smaller shape (the last, short batch of an
   * epoch) is a view of its front. The two most recent view objects are kept, so
   * alternating between a full and a short batch allocates nothing either.
   * Contents are stale: callers overwrite (or fill) before reading.
   */
  protected buffer(key: string, shape: readonly number[], dtype: DType = this.dtype): Tensor {
    const cur = this.buffers.get(key);
    if (cur && cur.views[0]!.dtype === dtype) {
      for (const v of cur.views) {
        if (v.shape.length === shape.length && v.shape.every((d, i) => d === shape[i])) return v;
      }
      const size = sizeOf(shape);
      if (cur.store.length >= size) {
        const view = new Tensor(cur.store.subarray(0, size), shape);
        cur.views = [view, cur.views[0]!];
        return view;
      }
    }
    const store = allocate(dtype, sizeOf(shape));
    const view = new Tensor(store, shape);
    this.buffers.set(key, { store, views: [view] });
    return view;
  }

  /** Every parameter, depth first, keyed by its dotted path ("mlp.0.weight"). */
  namedParameters(prefix = ''): Array<[string, Parameter]> {
    const out: Array<[string, Parameter]> = [];
    for (const [n, p] of this.ownParams) out.push([prefix + n, p]);
    for (const [n, m] of this.children) out.push(...m.namedParameters(`${prefix}${n}.`));
    return out;
  }

  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Child modules with their names. */
  modules(): Array<[string, Module]> {
    return [...this.children];
  }

  zeroGrad(): void {
    for (const p of this.parameters()) p.zeroGrad();
  }

  /** Switches this module and its children to training (or evaluation) mode. */
  train(on = true): this {
    this.training = on;
    for (const m of this.children.values()) m.train(on);
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** Parameter values by dotted name. The tensors are the live ones, not copies. */
  stateDict(): Record<string, Tensor> {
    return Object.fromEntries(this.namedParameters().map(([n, p]) => [n, p.value]));
  }

  /**
   * Copies values in by name; every parameter must be present with its exact
   * shape, and nothing else may be. All names and shapes are validated before
   * the first copy, so a rejected state dict leaves the module untouched.
   */
  loadStateDict(state: Readonly<Record<string, Tensor>>): void {
    const problem = this.stateDictMismatch(state, 'state dict');
    if (problem) throw new ShapeError(problem);
    for (const [n, p] of this.namedParameters()) p.value.assign(state[n]!);
  }

  /**
   * What keeps `state` from loading into this module, or null: names the model
   * lacks, parameters the state lacks, and shape (with `sameDtype`, also dtype)
   * mismatches. `source` names the state in the message ("checkpoint", ...).
   */
  stateDictMismatch(state: Readonly<Record<string, Tensor>>, source: string, sameDtype = false): string | null {
    const named = this.namedParameters();
    const known = new Set(named.map(([n]) => n));
    const extra = Object.keys(state).filter((n) => !known.has(n));
    if (extra.length > 0) return `unexpected parameters in ${source}: ${extra.join(', ')}`;
    for (const [n, p] of named) {
      const t = state[n];
      if (!t) return `${source} lacks parameter ${n}`;
      if (t.shape.length !== p.value.shape.length || t.shape.some((d, i) => d !== p.value.shape[i])) {
        return `parameter ${n}: ${source} has [${t.shape.join(', ')}], model has [${p.value.shape.join(', ')}]`;
      }
      if (sameDtype && t.dtype !== p.value.dtype) return `parameter ${n}: ${source} has ${t.dtype}, model has ${p.value.dtype}`;
    }
    return null;
  }

}
