import type { Data, Tensor } from '../../src/tensor/tensor.js';
import { matmulDims } from '../shapes.js';
import { wasmGemm, type WasmGemm } from './wasm/gemm.js';
import { gemmF32 } from './wasm/matmul-f32.js';
import { wasmSmallGemm } from './wasm/small-gemm.js';

/**
 * C = op(A) · op(B). Float32 operands go to the WebAssembly SIMD micro-kernel
 * (wasm/gemm.ts) where the runtime has it; everything else (float64 for gradient
 * checks, runtimes without SIMD) runs the JavaScript kernel below, packed and
 * register-tiled.
 *
 * Operands are addressed through two strides, so the four transpose cases share
 * one routine: A(i, p) = a[aOff + i·sai + p·sap], B(p, j) = b[bOff + p·sbp + j·sbj].
 *
 * Columns are swept in panels of NB. Each panel of B is packed once into blocks
 * of 4 columns ([block][p][4]) and each strip of 4 rows of A into [p][4], both as
 * float64 scratch: the micro-kernel then reads two sequential streams, stays
 * monomorphic whatever the tensors' dtype, and computes a 4x4 block of C in 16
 * local accumulators (16 multiply-adds for 8 loads). Edges that do not fill a
 * 4x4 block fall back to a plain strided dot product.
 */
const NB = 256;
let packA = new Float64Array(0);
let packB = new Float64Array(0);

function dot(a: Data, pa: number, sap: number, b: Data, pb: number, sbp: number, k: number): number {
  let s = 0;
  for (let p = 0; p < k; p++, pa += sap, pb += sbp) s += a[pa]! * b[pb]!;
  return s;
}

function gemm(
  c: Data, cOff: number,
  a: Data, aOff: number, sai: number, sap: number,
  b: Data, bOff: number, sbp: number, sbj: number,
  m: number, n: number, k: number,
  accumulate: boolean,
): void {
  if (packA.length < 4 * k) packA = new Float64Array(4 * k);
  if (packB.length < NB * k) packB = new Float64Array(NB * k);
  const pA = packA;
  const pB = packB;
  const m4 = m - (m % 4);
  const kk = 4 * k;

  for (let j0 = 0; j0 < n; j0 += NB) {
    const w = Math.min(NB, n - j0);
    const w4 = w - (w % 4);
    for (let jb = 0; jb < w4; jb += 4) {
      let pb = bOff + (j0 + jb) * sbj;
      for (let o = jb * k, end = o + kk; o < end; o += 4, pb += sbp) {
        pB[o] = b[pb]!;
        pB[o + 1] = b[pb + sbj]!;
        pB[o + 2] = b[pb + 2 * sbj]!;
        pB[o + 3] = b[pb + 3 * sbj]!;
      }
    }

    for (let i = 0; i < m4; i += 4) {
      let pa = aOff + i * sai;
      for (let o = 0; o < kk; o += 4, pa += sap) {
        pA[o] = a[pa]!;
        pA[o + 1] = a[pa + sai]!;
        pA[o + 2] = a[pa + 2 * sai]!;
        pA[o + 3] = a[pa + 3 * sai]!;
      }
      const r0 = cOff + i * n + j0;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      for (let jb = 0; jb < w4; jb += 4) {
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (let oa = 0, ob = jb * k; oa < kk; oa += 4, ob += 4) {
          const a0 = pA[oa]!, a1 = pA[oa + 1]!, a2 = pA[oa + 2]!, a3 = pA[oa + 3]!;
          const b0 = pB[ob]!, b1 = pB[ob + 1]!, b2 = pB[ob + 2]!, b3 = pB[ob + 3]!;
          c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
          c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
          c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
          c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        }
        if (accumulate) {
          c[r0 + jb] = c[r0 + jb]! + c00; c[r0 + jb + 1] = c[r0 + jb + 1]! + c01; c[r0 + jb + 2] = c[r0 + jb + 2]! + c02; c[r0 + jb + 3] = c[r0 + jb + 3]! + c03;
          c[r1 + jb] = c[r1 + jb]! + c10; c[r1 + jb + 1] = c[r1 + jb + 1]! + c11; c[r1 + jb + 2] = c[r1 + jb + 2]! + c12; c[r1 + jb + 3] = c[r1 + jb + 3]! + c13;
          c[r2 + jb] = c[r2 + jb]! + c20; c[r2 + jb + 1] = c[r2 + jb + 1]! + c21; c[r2 + jb + 2] = c[r2 + jb + 2]! + c22; c[r2 + jb + 3] = c[r2 + jb + 3]! + c23;
          c[r3 + jb] = c[r3 + jb]! + c30; c[r3 + jb + 1] = c[r3 + jb + 1]! + c31; c[r3 + jb + 2] = c[r3 + jb + 2]! + c32; c[r3 + jb + 3] = c[r3 + jb + 3]! + c33;
        } else {
          c[r0 + jb] = c00; c[r0 + jb + 1] = c01; c[r0 + jb + 2] = c02; c[r0 + jb + 3] = c03;
          c[r1 + jb] = c10; c[r1 + jb + 1] = c11; c[r1 + jb + 2] = c12; c[r1 + jb + 3] = c13;
          c[r2 + jb] = c20; c[r2 + jb + 1] = c21; c[r2 + jb + 2] = c22; c[r2 + jb + 3] = c23;
          c[r3 + jb] = c30; c[r3 + jb + 1] = c31; c[r3 + jb + 2] = c32; c[r3 + jb + 3] = c33;
        }
      }
    }

    // Edges: the last m % 4 rows (all panel columns) and the last w % 4 columns (the other rows).
    for (let i = 0; i < m; i++) {
      const jStart = i < m4 ? w4 : 0;
      const cr = cOff + i * n + j0;
      for (let jb = jStart; jb < w; jb++) {
        const s = dot(a, aOff + i * sai, sap, b, bOff + (j0 + jb) * sbj, sbp, k);
        c[cr + jb] = accumulate ? c[cr + jb]! + s : s;
      }
    }
  }
}

/** Below this many multiply-adds the copies and the call cost more than the arithmetic. */
const SIMD_MIN_WORK = 256;
/** Floats the scratch memory may hold for one call (512 MiB): a 32-bit memory tops out at 4 GiB. */
const SIMD_MAX_FLOATS = 2 ** 27;

/** Whether the SIMD kernel takes this product: float32 throughout, neither tiny nor huge. */
function simd(out: Tensor, a: Tensor, b: Tensor, m: number, n: number, k: number): WasmGemm | null {
  // Thin products (matrix-vector, outer products) still win: 256x16x1 ran in 4.4 µs
  // against 17.6 µs in JavaScript, 5120x1x8 in 17 µs against 130 µs.
  if (m * n * k < SIMD_MIN_WORK) return null;
  // The kernel sums each output in float32; a thin product with a long inner
  // dimension (a dot product over thousands of terms) keeps the float64 sums here.
  if ((m < 4 || n < 8) && k > 4096) return null;
  // A, B and C padded to the kernel's 4x8 tiles, plus slack (see matmul-f32.ts).
  if (m * k + 4 * (m + k) + (k + 1) * (n + 8) + (m + 4) * (n + 8) > SIMD_MAX_FLOATS) return null;
  if (!(out.data instanceof Float32Array && a.data instanceof Float32Array && b.data instanceof Float32Array)) return null;
  return wasmGemm();
}

/** Strides (of the row index, of the column index) of op(X) [rows, cols], stored as X or as Xᵀ. */
function strides(rows: number, cols: number, trans: boolean): [number, number] {
  return trans ? [1, rows] : [cols, 1];
}

export function matmul(out: Tensor, a: Tensor, b: Tensor, transA = false, transB = false, accumulate = false): void {
  const { m, k, n } = matmulDims('matmul', out, a, b, transA, transB, false);
  if (m === 0 || n === 0) return;
  const w = simd(out, a, b, m, n, k);
  if (w) {
    gemmF32(w, out.data as Float32Array, 0, a.data as Float32Array, 0, transA, b.data as Float32Array, 0, transB, m, n, k, accumulate);
    return;
  }
  const [sai, sap] = strides(m, k, transA);
  const [sbp, sbj] = strides(k, n, transB);
  gemm(out.data, 0, a.data, 0, sai, sap, b.data, 0, sbp, sbj, m, n, k, accumulate);
}

export function batchMatmul(out: Tensor, a: Tensor, b: Tensor, transA = false, transB = false, accumulate = false): void {
  const { batch, m, k, n } = matmulDims('batchMatmul', out, a, b, transA, transB, true);
  if (m === 0 || n === 0) return;
  const [sai, sap] = strides(m, k, transA);
  const [sbp, sbj] = strides(k, n, transB);
  // Many tiny products (attention's [1 x L] x [L x d] per user, RowDot's outer
  // products): one flat loop nest beats a packed gemm call per entry.
  if (m * n * k <= TINY) {
    // Float32 with enough work to pay for the copies: the same loop in WebAssembly.
    const o = out.data, x = a.data, y = b.data;
    const floats = batch * (m * k + k * n + m * n);
    const f32 = o instanceof Float32Array && x instanceof Float32Array && y instanceof Float32Array;
    const wasm = f32 && batch * m * n * k >= SIMD_MIN_WORK && floats <= SIMD_MAX_FLOATS ? wasmSmallGemm() : null;
    if (wasm) wasm.run(o as Float32Array, x as Float32Array, sai, sap, y as Float32Array, sbp, sbj, batch, m, n, k, accumulate);
    else smallBatch(o, x, sai, sap, y, sbp, sbj, batch, m, n, k, accumulate);
    return;
  }
  const w = simd(out, a, b, m, n, k);
  for (let t = 0; t < batch; t++) {
    if (w) {
      gemmF32(w, out.data as Float32Array, t * m * n, a.data as Float32Array, t * m * k, transA, b.data as Float32Array, t * k * n, transB, m, n, k, accumulate);
    } else {
      gemm(out.data, t * m * n, a.data, t * m * k, sai, sap, b.data, t * k * n, sbp, sbj, m, n, k, accumulate);
    }
  }
}

const TINY = 512;

function smallBatch(
  c: Data, a: Data, sai: number, sap: number, b: Data, sbp: number, sbj: number,
  batch: number, m: number, n: number, k: number, accumulate: boolean,
): void {
  for (let t = 0, aOff = 0, bOff = 0, cOff = 0; t < batch; t++, aOff += m * k, bOff += k * n, cOff += m * n) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0, pa = aOff + i * sai, pb = bOff + j * sbj; p < k; p++, pa += sap, pb += sbp) s += a[pa]! * b[pb]!;
        const o = cOff + i * n + j;
        c[o] = accumulate ? c[o]! + s : s;
      }
    }
  }
}
