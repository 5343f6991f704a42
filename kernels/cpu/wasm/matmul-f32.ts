import type { WasmGemm } from './gemm.js';

/**
 * Drives the WebAssembly micro-kernel for float32 operands: packs op(A) into
 * 4-row strips and op(B) into 8-column blocks in the module's memory (zero
 * padded to whole tiles), runs the kernel, and copies the valid [m, n] region
 * of C out (adding to it when accumulating). Packing and copying are O(mk + kn
 * + mn) against the kernel's O(mnk). Strides as in the JS kernel:
 * A(i, p) = a[aOff + i·sai + p·sap], B(p, j) = b[bOff + p·sbp + j·sbj].
 */
let memView = new Float32Array(0);

/** A float32 view of the module memory, grown to `bytes` (growing detaches old views). */
function view(w: WasmGemm, bytes: number): Float32Array {
  const have = w.memory.buffer.byteLength;
  if (have < bytes) w.memory.grow(Math.ceil((bytes - have) / 65536));
  if (memView.buffer !== w.memory.buffer) memView = new Float32Array(w.memory.buffer);
  return memView;
}

export function gemmF32(
  w: WasmGemm,
  c: Float32Array, cOff: number,
  a: Float32Array, aOff: number, sai: number, sap: number,
  b: Float32Array, bOff: number, sbp: number, sbj: number,
  m: number, n: number, k: number,
  accumulate: boolean,
): void {
  const m4 = (m + 3) >> 2;
  const n8 = (n + 7) >> 3;
  const aFloats = m4 * 4 * k;
  const bFloats = n8 * 8 * k;
  const cFloats = m4 * 4 * n8 * 8;
  const bytes = 4 * (aFloats + bFloats + cFloats);
  const mem = view(w, bytes);
  const pbF = aFloats;
  const pcF = aFloats + bFloats;

  // A strips: mem[strip·4k + p·4 + r] = A(4·strip + r, p), zero past row m.
  for (let s = 0; s < m4; s++) {
    const base = s * 4 * k;
    for (let r = 0; r < 4; r++) {
      const row = s * 4 + r;
      if (row < m) {
        let src = aOff + row * sai;
        for (let p = 0, o = base + r; p < k; p++, o += 4, src += sap) mem[o] = a[src]!;
      } else {
        for (let p = 0, o = base + r; p < k; p++, o += 4) mem[o] = 0;
      }
    }
  }
  // B blocks: mem[pb + blk·8k + p·8 + q] = B(p, 8·blk + q), zero past column n.
  for (let blk = 0; blk < n8; blk++) {
    const base = pbF + blk * 8 * k;
    for (let q = 0; q < 8; q++) {
      const col = blk * 8 + q;
      if (col < n) {
        let src = bOff + col * sbj;
        for (let p = 0, o = base + q; p < k; p++, o += 8, src += sbp) mem[o] = b[src]!;
      } else {
        for (let p = 0, o = base + q; p < k; p++, o += 8) mem[o] = 0;
      }
    }
  }

  w.gemm(0, 4 * pbF, 4 * pcF, m4, n8, k);

  const ldc = n8 * 8;
  for (let row = 0; row < m; row++) {
    const src = pcF + row * ldc;
    const dst = cOff + row * n;
    // Plain loops: a subarray per row would allocate, and dominate small products.
    if (accumulate) {
      for (let j = 0; j < n; j++) c[dst + j] = c[dst + j]! + mem[src + j]!;
    } else {
      for (let j = 0; j < n; j++) c[dst + j] = mem[src + j]!;
    }
  }
}
