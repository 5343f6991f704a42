import { I32, V128, assemble, op } from './encode.js';

/**
 * A float32 GEMM micro-kernel in WebAssembly SIMD, assembled at load time.
 *
 * gemm(pa, pb, pc, m4, n8, k) works on pre-packed operands in linear memory:
 *   A: m4 strips of 4 rows, each [k][4] floats (strip i at pa + i·k·16 bytes);
 *   B: n8 blocks of 8 columns, each [k][8] floats (block j at pb + j·k·32);
 *   C: row-major [4·m4][8·n8] floats at pc, overwritten.
 * Each 4x8 block of C lives in eight f32x4 accumulators; per step p it loads two
 * f32x4 of B and splats four scalars of A: 32 multiply-adds for 6 loads.
 */
const [pa, pb, pc, m4, n8, k] = [0, 1, 2, 3, 4, 5];
const [i, jb, p, a, b, c, ldc, aStrip] = [6, 7, 8, 9, 10, 11, 12, 13];
const acc = (r: number, half: number): number => 14 + 2 * r + half;
const [b0, b1, tmpA] = [22, 23, 24];

/** `block loop (if !(x < limit) break) ... x += 1; continue end end` */
function forLoop(counter: number, limit: number, body: number[]): number[] {
  return [
    ...op.i32Const(0), ...op.localSet(counter),
    ...op.block, ...op.loop,
    ...op.localGet(counter), ...op.localGet(limit), ...op.i32LtU, ...op.i32Eqz, ...op.brIf(1),
    ...body,
    ...op.localGet(counter), ...op.i32Const(1), ...op.i32Add, ...op.localSet(counter),
    ...op.br(0),
    ...op.end, ...op.end,
  ];
}

const addTo = (local: number, amount: number): number[] => [
  ...op.localGet(local), ...op.i32Const(amount), ...op.i32Add, ...op.localSet(local),
];

/** local = base + x · y · scale */
const offsetOf = (local: number, base: number, x: number, y: number, scale: number): number[] => [
  ...op.localGet(base), ...op.localGet(x), ...op.localGet(y), ...op.i32Mul, ...op.i32Const(scale), ...op.i32Mul, ...op.i32Add,
  ...op.localSet(local),
];

const innerStep: number[] = [
  ...op.localGet(b), ...op.v128Load(0), ...op.localSet(b0),
  ...op.localGet(b), ...op.v128Load(16), ...op.localSet(b1),
  ...[0, 1, 2, 3].flatMap((r) => [
    ...op.localGet(a), ...op.v128Load32Splat(4 * r), ...op.localTee(tmpA),
    ...op.localGet(b0), ...op.f32x4Mul, ...op.localGet(acc(r, 0)), ...op.f32x4Add, ...op.localSet(acc(r, 0)),
    ...op.localGet(tmpA), ...op.localGet(b1), ...op.f32x4Mul, ...op.localGet(acc(r, 1)), ...op.f32x4Add, ...op.localSet(acc(r, 1)),
  ]),
  ...addTo(a, 16),
  ...addTo(b, 32),
];

const block4x8: number[] = [
  ...op.localGet(aStrip), ...op.localSet(a),
  ...offsetOf(b, pb, jb, k, 32),
  ...[0, 1, 2, 3].flatMap((r) => [...op.v128Zero, ...op.localSet(acc(r, 0)), ...op.v128Zero, ...op.localSet(acc(r, 1))]),
  ...forLoop(p, k, innerStep),
  // c = pc + 4·i·ldc + 32·jb, then one row of the block per ldc bytes.
  ...op.localGet(pc), ...op.localGet(i), ...op.i32Const(4), ...op.i32Mul, ...op.localGet(ldc), ...op.i32Mul, ...op.i32Add,
  ...op.localGet(jb), ...op.i32Const(32), ...op.i32Mul, ...op.i32Add, ...op.localSet(c),
  ...[0, 1, 2, 3].flatMap((r) => [
    ...op.localGet(c), ...op.localGet(acc(r, 0)), ...op.v128Store(0),
    ...op.localGet(c), ...op.localGet(acc(r, 1)), ...op.v128Store(16),
    ...op.localGet(c), ...op.localGet(ldc), ...op.i32Add, ...op.localSet(c),
  ]),
];

const body: number[] = [
  ...op.localGet(n8), ...op.i32Const(32), ...op.i32Mul, ...op.localSet(ldc),
  ...forLoop(i, m4, [...offsetOf(aStrip, pa, i, k, 16), ...forLoop(jb, n8, block4x8)]),
];

export interface WasmGemm {
  readonly memory: WebAssembly.Memory;
  gemm(pa: number, pb: number, pc: number, m4: number, n8: number, k: number): void;
}

let cached: WasmGemm | null | undefined;

/** The compiled kernel, or null where WebAssembly SIMD is unavailable (then the JS kernel runs). */
export function wasmGemm(): WasmGemm | null {
  if (cached !== undefined) return cached;
  cached = null;
  try {
    if (typeof WebAssembly === 'undefined') return cached;
    const bytes = assemble([{ name: 'gemm', params: 6, locals: [[8, I32], [11, V128]], body }], 1);
    if (!WebAssembly.validate(bytes)) return cached;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
    const exports = instance.exports as unknown as { mem: WebAssembly.Memory; gemm: WasmGemm['gemm'] };
    cached = { memory: exports.mem, gemm: exports.gemm };
  } catch {
    cached = null;
  }
  return cached;
}
