import { assemble, type FunctionDef } from './encode.js';

/**
 * Assembles and compiles functions into a module, once per call site (the caller
 * caches the result); null where WebAssembly, or its SIMD extension that the
 * module uses, is unavailable, so the caller keeps its JavaScript loop.
 */
export function compile(functions: FunctionDef[]): WebAssembly.Module | null {
  try {
    if (typeof WebAssembly === 'undefined') return null;
    // WebAssembly memory is little-endian; the drivers copy through native typed
    // arrays, which a big-endian host would byte-swap. Keep the JavaScript loops there.
    if (new Uint8Array(Uint16Array.of(1).buffer)[0] !== 1) return null;
    const bytes = assemble(functions, 1);
    return WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    return null;
  }
}

/**
 * The scratch memory of a module whose operands are copied in per call: a float32
 * view of at least n elements, growing the memory on demand. Growing detaches every
 * earlier view of it, so callers take a fresh view per call and keep none.
 */
export class Scratch {
  private view = new Float32Array(0);
  private ints = new Int32Array(0);

  constructor(readonly memory: WebAssembly.Memory) {}

  f32(floats: number): Float32Array {
    const bytes = 4 * floats + 64; // slack for reads past the last whole vector
    const have = this.memory.buffer.byteLength;
    if (have < bytes) this.memory.grow(Math.ceil((bytes - have) / 65536));
    if (this.view.buffer !== this.memory.buffer) this.view = new Float32Array(this.memory.buffer);
    return this.view;
  }

  /** An int32 view of the same memory (ids next to float operands); call after f32(). */
  i32(): Int32Array {
    if (this.ints.buffer !== this.memory.buffer) this.ints = new Int32Array(this.memory.buffer);
    return this.ints;
  }
}
