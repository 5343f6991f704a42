import { F64, I32, addLocal, forLoop, op, type FunctionDef } from './encode.js';
import { Scratch, compile } from './runtime.js';

/**
 * Many tiny products in one call: attention's [1 x L]·[L x d] per user and its
 * backward outer products, each far too small for the tiled SIMD gemm. A scalar
 * WebAssembly loop nest, assembled at load time, that does what the JavaScript
 * `smallBatch` loop does in the same order and precision (float64 sums of float32
 * products, one rounding per output), so the two agree bit for bit; it wins by
 * skipping JavaScript's per-element bounds checks and conversions.
 *
 * smallGemm(pa, sai, sap, pb, sbp, sbj, pc, batch, m, n, k, acc, aStep, bStep, cStep),
 * bytes: entry t is A(i, p) at pa + t·aStep + i·sai + p·sap, B(p, j) at
 * pb + t·bStep + p·sbp + j·sbj, C [m, n] row-major at pc + t·cStep; acc adds into C.
 */
const [pa, sai, sap, pb, sbp, sbj, pc, batch, m, n, k, acc, aStep, bStep, cStep] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
const [t, i, j, p, ap, bp, o] = [15, 16, 17, 18, 19, 20, 21];
const sum = 22; // f64
const get = op.localGet;

const smallGemm: FunctionDef = {
  name: 'smallGemm',
  params: 15,
  locals: [[7, I32], [1, F64]],
  body: forLoop(t, batch, [
    ...forLoop(i, m, [
      ...forLoop(j, n, [
        ...op.f64Const0, ...op.localSet(sum),
        // ap = pa + i·sai, bp = pb + j·sbj
        ...get(pa), ...get(i), ...get(sai), ...op.i32Mul, ...op.i32Add, ...op.localSet(ap),
        ...get(pb), ...get(j), ...get(sbj), ...op.i32Mul, ...op.i32Add, ...op.localSet(bp),
        ...forLoop(p, k, [
          ...get(sum),
          ...get(ap), ...op.f32Load(0), ...op.f64PromoteF32,
          ...get(bp), ...op.f32Load(0), ...op.f64PromoteF32,
          ...op.f64Mul, ...op.f64Add, ...op.localSet(sum),
          ...addLocal(ap, sap), ...addLocal(bp, sbp),
        ]),
        // o = pc + 4·(i·n + j);  C[o] = acc ? C[o] + sum : sum, rounded to float32
        ...get(pc), ...get(i), ...get(n), ...op.i32Mul, ...get(j), ...op.i32Add, ...op.i32Const(4), ...op.i32Mul, ...op.i32Add, ...op.localSet(o),
        ...get(o),
        ...get(o), ...op.f32Load(0), ...op.f64PromoteF32, ...get(sum), ...op.f64Add,
        ...get(sum),
        ...get(acc), ...op.select,
        ...op.f32DemoteF64, ...op.f32Store(0),
      ]),
    ]),
    ...addLocal(pa, aStep), ...addLocal(pb, bStep), ...addLocal(pc, cStep),
  ]),
};

interface Exports {
  mem: WebAssembly.Memory;
  smallGemm(...args: number[]): void;
}

/** The driver: float32 operands, shapes and strides already resolved by batchMatmul. */
export class WasmSmallGemm {
  private readonly scratch: Scratch;

  constructor(private readonly w: Exports) {
    this.scratch = new Scratch(w.mem);
  }

  /**
   * c[t] (+)= op(a[t]) · op(b[t]) for t < batch, strides in elements as batchMatmul
   * computes them; a, b and c hold batch·m·k, batch·k·n and batch·m·n floats.
   */
  run(c: Float32Array, a: Float32Array, sai: number, sap: number, b: Float32Array, sbp: number, sbj: number, batch: number, m: number, n: number, k: number, accumulate: boolean): void {
    const aSize = batch * m * k, bSize = batch * k * n, cSize = batch * m * n;
    const mem = this.scratch.f32(aSize + bSize + cSize);
    mem.set(a);
    mem.set(b, aSize);
    const cAt = aSize + bSize;
    if (accumulate) mem.set(c, cAt);
    this.w.smallGemm(0, 4 * sai, 4 * sap, 4 * aSize, 4 * sbp, 4 * sbj, 4 * cAt, batch, m, n, k, accumulate ? 1 : 0, 4 * m * k, 4 * k * n, 4 * m * n);
    c.set(mem.subarray(cAt, cAt + cSize));
  }

}

let cached: WasmSmallGemm | null | undefined;

/** The compiled kernel, or null where WebAssembly is unavailable (the JavaScript loop runs). */
export function wasmSmallGemm(): WasmSmallGemm | null {
  if (cached === undefined) {
    const module = compile([smallGemm]);
    cached = module ? new WasmSmallGemm(new WebAssembly.Instance(module).exports as unknown as Exports) : null;
  }
  return cached;
}
