import type { WasmGemm } from './gemm.js';

/**
 * Bᵀ stored as [n, k] (B(p, j) = b[bOff + j·k + p]) packed into blocks of 8 columns,
 * [k][8] each and zero-padded: mem[bF + (j >> 3)·8k + 8p + (j & 7)].
 */
function packTransposed(mem: Float32Array, bF: number, b: Float32Array, bOff: number, n: number, k: number): void {
  const n8 = (n + 7) >> 3;
  for (let t = 0; t < n8; t++) {
    const base = bF + t * 8 * k;
    const cols = Math.min(8, n - 8 * t);
    for (let q = 0; q < 8; q++) {
      if (q < cols) {
        let src = bOff + (8 * t + q) * k;
        for (let p = 0, o = base + q; p < k; p++, o += 8, src++) mem[o] = b[src]!;
      } else {
        for (let p = 0, o = base + q; p < k; p++, o += 8) mem[o] = 0;
      }
    }
  }
}

/**
 * Drives the WebAssembly micro-kernel for float32 C[m, n] = op(A) op(B).
 *
 * A is block-copied into the module memory as stored (a native copy) and read in
 * place through its strides, transposed or not. So is a row-major B; a transposed
 * one is packed into blocks of 8 columns so the kernel still reads 8 contiguous floats.
 * C comes back through one block copy when its rows are whole tiles, through a
 * loop otherwise (or when accumulating). A is followed by slack so the kernel's
 * reads past its last row (whose results are discarded) stay inside the memory.
 */
export function gemmF32(
  w: WasmGemm,
  c: Float32Array, cOff: number,
  a: Float32Array, aOff: number, transA: boolean,
  b: Float32Array, bOff: number, transB: boolean,
  m: number, n: number, k: number,
  accumulate: boolean,
): void {
  const m4 = (m + 3) >> 2;
  const n8 = (n + 7) >> 3;
  const aF = 0;
  // Slack after A: the kernel computes whole 4-row tiles, reading up to 3 rows (or,
  // transposed, 3 columns) past A's end, at most 4·max(m, k) floats.
  const bF = aF + m * k + 4 * (m + k) + 16;
  const cF = bF + n8 * 8 * k + 8;
  const ldcF = n8 * 8;
  const mem = w.scratch.f32(cF + m4 * 4 * ldcF);

  mem.set(a.subarray(aOff, aOff + m * k), aF);
  // Strides in bytes: A(i, p) = a[i·sai + p·sap].
  const sai = transA ? 4 : 4 * k;
  const sap = transA ? 4 * m : 4;
  if (!transB) {
    // Row-major B is read in place, row p at 4n·p bytes: one native copy, no packing.
    // The last block's columns past n read the next row (or the slack after B) and
    // land in columns of C that are discarded.
    mem.set(b.subarray(bOff, bOff + k * n), bF);
    w.gemm(4 * aF, sai, sap, 4 * bF, 32, 4 * cF, 4 * ldcF, m4, n8, k, 4 * n);
  } else {
    packTransposed(mem, bF, b, bOff, n, k);
    w.gemm(4 * aF, sai, sap, 4 * bF, 32 * k, 4 * cF, 4 * ldcF, m4, n8, k, 32);
  }

  if (!accumulate && n === ldcF) {
    c.set(mem.subarray(cF, cF + m * n), cOff);
    return;
  }
  for (let row = 0; row < m; row++) {
    const src = cF + row * ldcF;
    const dst = cOff + row * n;
    if (accumulate) for (let j = 0; j < n; j++) c[dst + j] = c[dst + j]! + mem[src + j]!;
    else for (let j = 0; j < n; j++) c[dst + j] = mem[src + j]!;
  }
}
