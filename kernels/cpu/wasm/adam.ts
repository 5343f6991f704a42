import { I32, V128, bump, forLoop, op, type FunctionDef } from './encode.js';
import { compile } from './runtime.js';

/**
 * Adam's lazy row update for float32 parameters, in WebAssembly SIMD (two float64
 * lanes), assembled at load time. An embedding table updates the rows a batch
 * touched; a dense parameter is a table of one row.
 *
 * The moments m and v live in this module's memory for the optimizer's lifetime
 * (float64, as in the JavaScript loop), so a step copies only the touched rows of
 * the table in and out, and the gradient rows in. Every lane evaluates exactly the
 * JavaScript expression, in its order and in float64, and rounds w to float32 once:
 * the two paths agree bit for bit (test/kernels/cpu/wasm/adam.test.ts).
 *
 *   g' = g + l2·w;  m = b1·m + (1-b1)·g';  v = b2·v + ((1-b2)·g')·g'
 *   w  = w·shrink - (a·m) / (sqrt(v)·rc2 + eps)
 *
 * adamRows(pm, pv, prows, pw, pg, count, dim2, wByRow), addresses in bytes: for
 * s < count, row rows[s] of m and v (2·dim2 float64 each, tables at pm and pv) with
 * row s of the float32 gradient g and row s of w, or row rows[s] of w when wByRow
 * is 1 (the whole table was copied in). The constants [a, rc2, b1, 1-b1, b2, 1-b2,
 * eps, l2, shrink] are float64 at address 0.
 */
const CONSTANTS = ['a', 'rc2', 'b1', 'c1', 'b2', 'c2', 'eps', 'l2', 'shrink'] as const;
type Constant = (typeof CONSTANTS)[number];
const HEADER = 128; // bytes reserved for the constants
const MAX_BYTES = 2 ** 31;
/** See update(): a native copy of the table beats a row gather up to about this size ratio. */
const WHOLE_TABLE_RATIO = 16;

const [pm, pv, prows, pw, pg, count, dim2, wByRow] = [0, 1, 2, 3, 4, 5, 6, 7];
const [s, j, mp, vp, rowBytes, wp] = [8, 9, 10, 11, 12, 13];
const c = (name: Constant): number => 14 + CONSTANTS.indexOf(name); // v128 locals 14..22
const [g2, w2, m2, v2] = [23, 24, 25, 26];
const get = op.localGet;

const adamRows: FunctionDef = {
  name: 'adamRows',
  params: 8,
  locals: [[6, I32], [13, V128]],
  body: [
    ...CONSTANTS.flatMap((name, i) => [...op.i32Const(0), ...op.f64Load(8 * i), ...op.f64x2Splat, ...op.localSet(c(name))]),
    ...get(dim2), ...op.i32Const(16), ...op.i32Mul, ...op.localSet(rowBytes),
    ...forLoop(s, count, [
      // mp = pm + rows[s]·rowBytes, vp = pv + rows[s]·rowBytes
      ...get(prows), ...op.i32Load(0), ...get(rowBytes), ...op.i32Mul, ...op.localTee(mp),
      ...get(pv), ...op.i32Add, ...op.localSet(vp),
      ...get(mp), ...get(pm), ...op.i32Add, ...op.localSet(mp),
      // wp = pw + (wByRow ? rows[s] : s)·(rowBytes / 2)
      ...get(pw),
      ...get(prows), ...op.i32Load(0), ...get(s), ...get(wByRow), ...op.select,
      ...get(dim2), ...op.i32Const(8), ...op.i32Mul, ...op.i32Mul, ...op.i32Add, ...op.localSet(wp),
      ...forLoop(j, dim2, [
        // g' = g + l2·w
        ...get(wp), ...op.v128Load64Zero(0), ...op.f64x2PromoteLowF32x4, ...op.localSet(w2),
        ...get(pg), ...op.v128Load64Zero(0), ...op.f64x2PromoteLowF32x4,
        ...get(c('l2')), ...get(w2), ...op.f64x2Mul, ...op.f64x2Add, ...op.localSet(g2),
        // m = b1·m + c1·g'
        ...get(c('b1')), ...get(mp), ...op.v128Load(0), ...op.f64x2Mul,
        ...get(c('c1')), ...get(g2), ...op.f64x2Mul, ...op.f64x2Add, ...op.localSet(m2),
        // v = b2·v + (c2·g')·g'
        ...get(c('b2')), ...get(vp), ...op.v128Load(0), ...op.f64x2Mul,
        ...get(c('c2')), ...get(g2), ...op.f64x2Mul, ...get(g2), ...op.f64x2Mul, ...op.f64x2Add, ...op.localSet(v2),
        ...get(mp), ...get(m2), ...op.v128Store(0),
        ...get(vp), ...get(v2), ...op.v128Store(0),
        // w = w·shrink - (a·m) / (sqrt(v)·rc2 + eps), rounded to float32
        ...get(wp),
        ...get(w2), ...get(c('shrink')), ...op.f64x2Mul,
        ...get(c('a')), ...get(m2), ...op.f64x2Mul,
        ...get(v2), ...op.f64x2Sqrt, ...get(c('rc2')), ...op.f64x2Mul, ...get(c('eps')), ...op.f64x2Add,
        ...op.f64x2Div, ...op.f64x2Sub, ...op.f32x4DemoteF64x2Zero, ...op.v128Store64Lane0(0),
        ...bump(mp, 16), ...bump(vp, 16), ...bump(wp, 8), ...bump(pg, 8),
      ]),
      ...bump(prows, 4),
    ]),
  ],
};

interface Exports {
  mem: WebAssembly.Memory;
  adamRows(pm: number, pv: number, prows: number, pw: number, pg: number, count: number, dim2: number, wByRow: number): void;
}

export type AdamConstants = Record<Constant, number>;

let compiled: WebAssembly.Module | null | undefined;

function module(): WebAssembly.Module | null {
  if (compiled === undefined) compiled = compile([adamRows]);
  return compiled;
}

const align16 = (bytes: number): number => (bytes + 15) & ~15;

/**
 * One optimizer's SIMD Adam: the moments of its float32 tables (shape [vocab, dim],
 * dim even) in a memory sized once at construction and never grown, so the float64
 * views handed out stay valid; plus scratch for one table's worth of rows.
 */
export class SimdAdam {
  private readonly w: Exports;
  private readonly constants: Float64Array;
  private readonly scratchW: Float32Array;
  private readonly scratchG: Float32Array;
  private readonly scratchRows: Int32Array;
  private readonly moments: Array<[Float64Array, Float64Array]> = [];

  private constructor(instance: WebAssembly.Instance, tables: ReadonlyArray<{ rows: number; dim: number }>) {
    this.w = instance.exports as unknown as Exports;
    const sizes = tables.map((t) => t.rows * t.dim);
    const most = Math.max(...sizes);
    const mostRows = Math.max(...tables.map((t) => t.rows));
    let at = HEADER;
    const offsets = sizes.map((n) => {
      const o = at;
      at = align16(at + 16 * n); // m and v, float64 each
      return o;
    });
    const wAt = at;
    const gAt = align16(wAt + 4 * most + 16);
    const rowsAt = align16(gAt + 4 * most + 16);
    const end = rowsAt + 4 * mostRows + 16;
    const mem = this.w.mem;
    if (mem.buffer.byteLength < end) mem.grow(Math.ceil((end - mem.buffer.byteLength) / 65536));
    const buffer = mem.buffer;
    this.constants = new Float64Array(buffer, 0, CONSTANTS.length);
    this.scratchW = new Float32Array(buffer, wAt, most);
    this.scratchG = new Float32Array(buffer, gAt, most);
    this.scratchRows = new Int32Array(buffer, rowsAt, mostRows);
    offsets.forEach((o, i) => this.moments.push([new Float64Array(buffer, o, sizes[i]!), new Float64Array(buffer, o + 8 * sizes[i]!, sizes[i]!)]));
  }

  /** A SimdAdam for these tables, or null where WebAssembly SIMD is unavailable. */
  static create(tables: ReadonlyArray<{ rows: number; dim: number }>): SimdAdam | null {
    if (tables.length === 0 || tables.some((t) => t.dim % 2 !== 0)) return null;
    // Moments (16 bytes an element) plus scratch for the largest table (8 bytes an
    // element): beyond MAX_BYTES (a 32-bit memory holds 4 GiB, and engines may refuse
    // less) the optimizer keeps its JavaScript loop, whose state is the same size.
    let bytes = 0;
    for (const t of tables) bytes += 16 * t.rows * t.dim;
    bytes += 8 * Math.max(...tables.map((t) => t.rows * t.dim));
    const m = module();
    if (!m || bytes > MAX_BYTES) return null;
    try {
      return new SimdAdam(new WebAssembly.Instance(m), tables);
    } catch (e) {
      if (e instanceof RangeError) return null; // the memory could not grow that far
      throw e;
    }
  }

  /** [m, v] of table t (zeros at first): the optimizer keeps them as its state. */
  momentsOf(t: number): [Float64Array, Float64Array] {
    return this.moments[t]!;
  }

  /** Whether `m` is a moment array of this memory (then update() may run it). */
  owns(m: unknown): boolean {
    return m instanceof Float64Array && m.buffer === this.w.mem.buffer;
  }

  /**
   * Adam on rows rows[s] (s < count) of table w [*, dim] with gradient rows g[s], and
   * the moments m, v returned by momentsOf for that table. The rows must be distinct
   * and inside the table, as a SparseRowGrad's are: the kernel addresses the moments
   * by row id without checking.
   */
  update(w: Float32Array, g: Float32Array, m: Float64Array, v: Float64Array, rows: Int32Array, count: number, dim: number, k: AdamConstants): void {
    const sw = this.scratchW;
    // A native copy moves an element ~25x faster than a scalar gather here, so a
    // table at most WHOLE_TABLE_RATIO times the rows touched is copied whole, in and
    // out (untouched rows go back bit for bit); a larger one has just its rows
    // gathered and scattered.
    const whole = w.length <= WHOLE_TABLE_RATIO * count * dim;
    if (whole) sw.set(w);
    else {
      for (let r = 0; r < count; r++) {
        const o = rows[r]! * dim;
        for (let i = 0, d = r * dim; i < dim; i++) sw[d + i] = w[o + i]!;
      }
    }
    const n = count * dim;
    this.scratchG.set(g.length === n ? g : g.subarray(0, n));
    this.scratchRows.set(rows.length === count ? rows : rows.subarray(0, count));
    const cs = this.constants;
    for (let i = 0; i < CONSTANTS.length; i++) cs[i] = k[CONSTANTS[i]!];
    this.w.adamRows(m.byteOffset, v.byteOffset, this.scratchRows.byteOffset, sw.byteOffset, this.scratchG.byteOffset, count, dim >> 1, whole ? 1 : 0);
    if (whole) w.set(sw.subarray(0, w.length));
    else {
      for (let r = 0; r < count; r++) {
        const o = rows[r]! * dim;
        for (let i = 0, d = r * dim; i < dim; i++) w[o + i] = sw[d + i]!;
      }
    }
  }
}
