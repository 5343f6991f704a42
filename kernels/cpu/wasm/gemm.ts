import { I32, V128, addLocal, forLoop, op } from './encode.js';
import { Scratch, compile } from './runtime.js';

/**
 * A float32 GEMM micro-kernel in WebAssembly SIMD, assembled at load time.
 *
 * gemm(pa, sai, sap, pb, bBlock, pc, ldc, m4, n8, k, bStep), addresses and strides in bytes:
 *   A(i, p)      at pa + i·sai + p·sap            (any layout: row-major, or transposed)
 *   B(p, 8t + q) at pb + t·bBlock + p·bStep + 4q  (packed in blocks of 8 columns, [k][8]
 *                each: bBlock = 32k, bStep = 32; or row-major as stored: 32, 4n)
 *   C(i, j)      at pc + i·ldc + 4j           (overwritten, 4·m4 rows by 8·n8 columns)
 * Each 4x8 block of C lives in eight f32x4 accumulators; per step p it loads two
 * f32x4 of B and splats one float of A per row: 32 multiply-adds for 6 loads.
 * Rows and columns past m and n are computed from whatever memory lies there and
 * discarded by the caller, which leaves slack after each operand.
 */
const [pa, sai, sap, pb, bBlock, pc, ldc, m4, n8, k, bStep] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const [i, jb, p, b, c, aRow] = [11, 12, 13, 14, 15, 16];
const aPtr = (r: number): number => 17 + r; // 17..20: A row pointers in the p loop
const acc = (r: number, half: number): number => 21 + 2 * r + half; // v128 locals 21..28
const [b0, b1, tmpA] = [29, 30, 31];

const innerStep: number[] = [
  ...op.localGet(b), ...op.v128Load(0), ...op.localSet(b0),
  ...op.localGet(b), ...op.v128Load(16), ...op.localSet(b1),
  ...[0, 1, 2, 3].flatMap((r) => [
    ...op.localGet(aPtr(r)), ...op.v128Load32Splat(0), ...op.localTee(tmpA),
    ...op.localGet(b0), ...op.f32x4Mul, ...op.localGet(acc(r, 0)), ...op.f32x4Add, ...op.localSet(acc(r, 0)),
    ...op.localGet(tmpA), ...op.localGet(b1), ...op.f32x4Mul, ...op.localGet(acc(r, 1)), ...op.f32x4Add, ...op.localSet(acc(r, 1)),
    ...addLocal(aPtr(r), sap),
  ]),
  ...addLocal(b, bStep),
];

const block4x8: number[] = [
  // A row pointers for rows 4i .. 4i+3; B starts at column block jb.
  ...op.localGet(aRow), ...op.localSet(aPtr(0)),
  ...[1, 2, 3].flatMap((r) => [...op.localGet(aPtr(r - 1)), ...op.localGet(sai), ...op.i32Add, ...op.localSet(aPtr(r))]),
  ...op.localGet(pb), ...op.localGet(jb), ...op.localGet(bBlock), ...op.i32Mul, ...op.i32Add, ...op.localSet(b),
  ...[0, 1, 2, 3].flatMap((r) => [...op.v128Zero, ...op.localSet(acc(r, 0)), ...op.v128Zero, ...op.localSet(acc(r, 1))]),
  ...forLoop(p, k, innerStep),
  // c = pc + 4·i·ldc + 32·jb, then one row of the block per ldc bytes.
  ...op.localGet(pc), ...op.localGet(i), ...op.i32Const(4), ...op.i32Mul, ...op.localGet(ldc), ...op.i32Mul, ...op.i32Add,
  ...op.localGet(jb), ...op.i32Const(32), ...op.i32Mul, ...op.i32Add, ...op.localSet(c),
  ...[0, 1, 2, 3].flatMap((r) => [
    ...op.localGet(c), ...op.localGet(acc(r, 0)), ...op.v128Store(0),
    ...op.localGet(c), ...op.localGet(acc(r, 1)), ...op.v128Store(16),
    ...addLocal(c, ldc),
  ]),
];

const body: number[] = forLoop(i, m4, [
  // aRow = pa + 4·i·sai
  ...op.localGet(pa), ...op.localGet(i), ...op.i32Const(4), ...op.i32Mul, ...op.localGet(sai), ...op.i32Mul, ...op.i32Add,
  ...op.localSet(aRow),
  ...forLoop(jb, n8, block4x8),
]);

export interface WasmGemm {
  /** The module memory, through which operands are copied in and out. */
  readonly scratch: Scratch;
  gemm(pa: number, sai: number, sap: number, pb: number, bBlock: number, pc: number, ldc: number, m4: number, n8: number, k: number, bStep: number): void;
}

let cached: WasmGemm | null | undefined;

/** The compiled kernel, or null where WebAssembly SIMD is unavailable (then the JS kernel runs). */
export function wasmGemm(): WasmGemm | null {
  if (cached === undefined) {
    const module = compile([{ name: 'gemm', params: 11, locals: [[10, I32], [11, V128]], body }]);
    const exports = module ? (new WebAssembly.Instance(module).exports as unknown as { mem: WebAssembly.Memory; gemm: WasmGemm['gemm'] }) : null;
    cached = exports ? { scratch: new Scratch(exports.mem), gemm: exports.gemm } : null;
  }
  return cached;
}
