import { AncfError, ArgumentError } from '../errors.js';
import { Module } from '../layers/module.js';
import type { Layer } from '../layers/layer.js';
import { SparseRowGrad, type Parameter } from '../layers/parameter.js';
import { Rng } from '../tensor/rng.js';
import { Tensor } from '../tensor/tensor.js';
import { compare, type Comparison, type NumericSettings } from './numeric.js';

/**
 * What to check: float64 inputs and parameters, a forward that recomputes the
 * output from their current values, and the analytic backward.
 *
 * A tensor-valued forward is reduced to the scalar L = Σ w ⊙ y with a fixed
 * random w, and backward receives dL/dy = w. A number-valued forward (a loss) is
 * L itself, and backward receives null.
 */
export interface GradcheckTarget {
  /** Float64 tensors the forward reads, by name; each element is perturbed in turn. */
  readonly inputs?: Readonly<Record<string, Tensor>>;
  /** The parameters to check: a Module (all of its parameters) or named pairs. */
  readonly params?: Module | ReadonlyArray<readonly [string, Parameter]>;
  forward(): Tensor | number;
  /** Adds parameter gradients and returns the gradient of each input, by the input's name. */
  backward(dOut: Tensor | null): Readonly<Record<string, Tensor>> | void;
}

export interface GradcheckOptions {
  /** Finite-difference step, relative for |x| > 1: h = eps · max(1, |x|) (default 1e-6). */
  readonly eps?: number;
  /** Largest acceptable error (default 1e-6). */
  readonly tolerance?: number;
  /** error = |a - n| / max(floor, |a|, |n|): relative above `floor`, absolute below (default 1). */
  readonly floor?: number;
  /**
   * An element whose one-sided differences disagree by more than this (relative to
   * max(1, |slope|)) sits on a kink within eps, where no derivative exists; it is
   * counted as `nonsmooth` and not compared (default 1e-3).
   */
  readonly kinkTolerance?: number;
  /** Seed of the random projection w (default 1234). */
  readonly seed?: number;
  /** Sparse parameters: difference every row ('all', default) or only rows the gradient holds ('touched'). */
  readonly sparseRows?: 'all' | 'touched';
  /** Also verify that parameter gradients accumulate: a second backward must double them (default true). */
  readonly checkAccumulation?: boolean;
  /** Throw a GradcheckError when the report fails (default false: just return it). */
  readonly throwOnFailure?: boolean;
}

export interface GradcheckEntry extends Comparison {
  readonly name: string;
  readonly kind: 'input' | 'parameter';
  readonly shape: readonly number[];
  /** Sparse parameters: rows held by the gradient. */
  readonly touchedRows?: number;
  /**
   * Why the entry fails besides its error: a structural failure (missing gradient,
   * wrong shape, no accumulation…), a nondeterministic forward, or no element
   * comparable (all at kinks).
   */
  readonly problem?: string;
  readonly ok: boolean;
}

export interface GradcheckReport {
  readonly ok: boolean;
  /** A failure of the whole check: a nondeterministic forward, or nothing to check. */
  readonly problem?: string;
  /** The worst error over all entries. */
  readonly maxError: number;
  readonly tolerance: number;
  readonly entries: readonly GradcheckEntry[];
}

export class GradcheckError extends AncfError {
  constructor(readonly report: GradcheckReport) {
    const bad = report.entries.filter((e) => !e.ok).map((e) => `${e.name} (${e.problem ?? `error ${e.maxError.toExponential(2)}`})`);
    super(`gradcheck failed: ${report.problem !== undefined && bad.length === 0 ? report.problem : bad.join(', ')}`);
  }
}

function namedParams(params: GradcheckTarget['params']): ReadonlyArray<readonly [string, Parameter]> {
  if (params === undefined) return [];
  return params instanceof Module ? params.namedParameters() : params;
}

/** The parameter gradient as a dense float64 copy; sparse rows are scattered into place. */
function denseCopy(p: Parameter): { grad: Float64Array; touched?: Int32Array; problem?: string } {
  const g = p.grad;
  if (!(g instanceof SparseRowGrad)) return { grad: Float64Array.from(g.data) };
  const out = new Float64Array(p.value.size);
  const d = g.dim;
  const touched = g.rows.slice(0, g.count);
  const seen = new Set<number>();
  const vals = g.values.data;
  for (let s = 0; s < g.count; s++) {
    const row = touched[s]!;
    if (seen.has(row)) return { grad: out, touched, problem: `sparse gradient holds row ${row} twice` };
    seen.add(row);
    for (let j = 0; j < d; j++) out[row * d + j] = vals[s * d + j]!;
  }
  return { grad: out, touched };
}

/**
 * Compares an analytic backward against central differences in float64 and
 * reports the worst error per input and per parameter. See docs/gradcheck.md.
 */
export function gradcheck(target: GradcheckTarget, options: GradcheckOptions = {}): GradcheckReport {
  const settings: NumericSettings = {
    eps: options.eps ?? 1e-6,
    floor: options.floor ?? 1,
    kinkTolerance: options.kinkTolerance ?? 1e-3,
  };
  const tolerance = options.tolerance ?? 1e-6;
  const inputs = Object.entries(target.inputs ?? {});
  const params = namedParams(target.params);
  for (const [name, t] of inputs) {
    if (t.dtype !== 'float64') throw new ArgumentError(`gradcheck: inputs.${name}`, 'must be float64: float32 differences are mostly round-off');
  }
  for (const [name, p] of params) {
    if (p.value.dtype !== 'float64') throw new ArgumentError(`gradcheck: parameter ${name}`, 'must be float64 (build the layer with dtype: "float64")');
  }

  // Baseline: forward, a fixed projection, one backward from zeroed gradients.
  const first = target.forward();
  const w = typeof first === 'number' ? null : projection(first, options.seed ?? 1234);
  const objective = (): number => {
    const y = target.forward();
    if (typeof y === 'number') return y;
    if (w === null || y.size !== w.size) throw new ArgumentError('gradcheck: forward', 'output size changed between calls');
    let s = 0;
    for (let i = 0; i < y.size; i++) s += w.data[i]! * y.data[i]!;
    return s;
  };
  for (const [, p] of params) p.zeroGrad();
  const f0 = objective();
  const returned = target.backward(w) ?? {};
  const inputGrads = new Map<string, Float64Array | string>();
  for (const [name, t] of inputs) {
    const g = returned[name];
    if (g === undefined) inputGrads.set(name, 'backward returned no gradient for this input');
    else if (g.size !== t.size) inputGrads.set(name, `gradient has shape [${g.shape.join(', ')}], input [${t.shape.join(', ')}]`);
    else inputGrads.set(name, Float64Array.from(g.data));
  }
  const paramGrads = params.map(([, p]) => denseCopy(p));

  // Differences of a forward that changes between calls (dropout drawing a new
  // mask) are noise: every element then looks like a kink and none is compared.
  // The same point must give the same objective, bit for bit.
  const f1 = objective();
  let nondeterministic = changed(f0, f1) ? `forward is not deterministic: the objective at the unperturbed point was ${f0}, then ${f1} (replay random masks, e.g. dropout.rng = new Rng(seed) in forward, or check in eval mode)` : undefined;

  // A second backward at the same point must double every parameter gradient.
  const accumulation = new Map<number, string>();
  if (options.checkAccumulation !== false && params.length > 0) {
    target.backward(w);
    params.forEach(([, p], k) => {
      const twice = denseCopy(p).grad;
      const once = paramGrads[k]!.grad;
      for (let i = 0; i < once.length; i++) {
        if (Math.abs(twice[i]! - 2 * once[i]!) > 1e-9 * Math.max(1, Math.abs(twice[i]!))) {
          accumulation.set(k, `a second backward did not add to the gradient (element ${i}: ${once[i]} then ${twice[i]}); backward must accumulate`);
          return;
        }
      }
    });
  }

  const entries: GradcheckEntry[] = [];
  for (const [name, t] of inputs) {
    const g = inputGrads.get(name)!;
    if (typeof g === 'string') entries.push(failed(name, 'input', t, g));
    else entries.push(finish(name, 'input', t, compare(t.data, g, null, 0, objective, f0, settings), tolerance));
  }
  params.forEach(([name, p], k) => {
    const { grad, touched, problem } = paramGrads[k]!;
    const rows = p.grad instanceof SparseRowGrad && options.sparseRows === 'touched' ? touched! : null;
    const cmp = compare(p.value.data, grad, rows, p.value.cols, objective, f0, settings);
    const why = problem ?? accumulation.get(k);
    entries.push(finish(name, 'parameter', p.value, cmp, tolerance, why, touched?.length));
  });
  // Leave the target as we found it (forward at the unperturbed point, gradients
  // zeroed), and catch a forward that drifted while being differenced (state kept between calls).
  const fEnd = objective();
  if (nondeterministic === undefined && changed(f0, fEnd)) {
    nondeterministic = `forward is not deterministic: the objective at the unperturbed point was ${f0} before the differences and ${fEnd} after (does forward keep state between calls?)`;
  }
  for (const [, p] of params) p.zeroGrad();

  const problem = nondeterministic ?? (entries.length === 0 ? 'nothing to check: no inputs and no parameters' : undefined);
  const report: GradcheckReport = {
    ok: problem === undefined && entries.every((e) => e.ok),
    ...(problem !== undefined ? { problem } : {}),
    maxError: entries.reduce((m, e) => Math.max(m, e.maxError), 0),
    tolerance,
    // The root cause replaces whatever the noise made of each entry (kinks, say).
    entries: nondeterministic === undefined ? entries : entries.map((e) => ({ ...e, problem: nondeterministic!, ok: false })),
  };
  if (!report.ok && options.throwOnFailure) throw new GradcheckError(report);
  return report;
}

function projection(y: Tensor, seed: number): Tensor {
  const rng = new Rng(seed);
  const w = Tensor.zeros(y.shape, 'float64');
  for (let i = 0; i < w.size; i++) w.data[i] = rng.normal();
  return w;
}

/** Whether two objective values at the same point differ (NaN twice counts as the same). */
function changed(a: number, b: number): boolean {
  return a !== b && !(Number.isNaN(a) && Number.isNaN(b));
}

function finish(
  name: string,
  kind: GradcheckEntry['kind'],
  t: Tensor,
  cmp: Comparison,
  tolerance: number,
  structural?: string,
  touchedRows?: number,
): GradcheckEntry {
  const problem =
    structural ??
    (cmp.checked === 0 && cmp.nonsmooth > 0
      ? `no element could be compared: all ${cmp.nonsmooth} sit within h of a kink (a discontinuous or nondeterministic forward looks the same); move the values off kinks`
      : undefined);
  return {
    name,
    kind,
    shape: t.shape,
    ...cmp,
    ...(touchedRows !== undefined ? { touchedRows } : {}),
    ...(problem !== undefined ? { problem } : {}),
    ok: problem === undefined && cmp.maxError <= tolerance,
  };
}

function failed(name: string, kind: GradcheckEntry['kind'], t: Tensor, problem: string): GradcheckEntry {
  return { name, kind, shape: t.shape, checked: 0, nonsmooth: 0, maxError: Infinity, worst: null, problem, ok: false };
}

/** The common case: one float64 input x through a tensor-in, tensor-out layer, and all of its parameters. */
export function gradcheckLayer(layer: Module & Layer, x: Tensor, options?: GradcheckOptions): GradcheckReport {
  return gradcheck(
    {
      inputs: { x },
      params: layer,
      forward: () => layer.forward(x),
      backward: (dy) => ({ x: layer.backward(dy!) }),
    },
    options,
  );
}
