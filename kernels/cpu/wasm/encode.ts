/**
 * Just enough of the WebAssembly binary format to assemble the CPU backend's
 * kernels (gemm, element-wise, small products, Adam) from TypeScript at runtime:
 * LEB128 integers, sections, and the opcodes the kernels use. Keeping them as
 * source here (rather than prebuilt .wasm blobs) means no toolchain, no binary in
 * the repo, and one readable listing of every instruction.
 */
export const I32 = 0x7f;
export const V128 = 0x7b;
export const F64 = 0x7c;

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

/** Instructions, each returning its bytes. Loads and stores take their byte offset (the alignment hint is fixed per width). */
export const op = {
  localGet: (i: number) => [0x20, ...uleb(i)],
  localSet: (i: number) => [0x21, ...uleb(i)],
  localTee: (i: number) => [0x22, ...uleb(i)],
  i32Const: (v: number) => [0x41, ...sleb(v)],
  i32Add: [0x6a],
  i32Mul: [0x6c],
  i32LtU: [0x49],
  i32Eqz: [0x45],
  /** (a, b, cond) -> cond ? a : b */
  select: [0x1b],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  end: [0x0b],
  i32Load: (offset: number) => [0x28, 2, ...uleb(offset)],
  v128Load: (offset: number) => [0xfd, ...uleb(0x00), 4, ...uleb(offset)],
  v128Load32Splat: (offset: number) => [0xfd, ...uleb(0x09), 2, ...uleb(offset)],
  v128Store: (offset: number) => [0xfd, ...uleb(0x0b), 4, ...uleb(offset)],
  v128Zero: [0xfd, ...uleb(0x0c), ...new Array<number>(16).fill(0)],
  v128And: [0xfd, ...uleb(0x4e)],
  f32x4Gt: [0xfd, ...uleb(0x44)],
  f32x4Add: [0xfd, ...uleb(0xe4)],
  f32x4Mul: [0xfd, ...uleb(0xe6)],
  f64Load: (offset: number) => [0x2b, 3, ...uleb(offset)],
  f32Load: (offset: number) => [0x2a, 2, ...uleb(offset)],
  f32Store: (offset: number) => [0x38, 2, ...uleb(offset)],
  f64Const0: [0x44, 0, 0, 0, 0, 0, 0, 0, 0],
  f64PromoteF32: [0xbb],
  f32DemoteF64: [0xb6],
  f64Add: [0xa0],
  f64Mul: [0xa2],
  /** Two float32 into the low half of a v128, zeroing the rest. */
  v128Load64Zero: (offset: number) => [0xfd, ...uleb(0x5d), 3, ...uleb(offset)],
  /** Stores the low 64 bits (two float32 after a demote). */
  v128Store64Lane0: (offset: number) => [0xfd, ...uleb(0x5b), 3, ...uleb(offset), 0],
  f64x2Splat: [0xfd, ...uleb(0x14)],
  f64x2PromoteLowF32x4: [0xfd, ...uleb(0x5f)],
  f32x4DemoteF64x2Zero: [0xfd, ...uleb(0x5e)],
  f64x2Sqrt: [0xfd, ...uleb(0xef)],
  f64x2Add: [0xfd, ...uleb(0xf0)],
  f64x2Sub: [0xfd, ...uleb(0xf1)],
  f64x2Mul: [0xfd, ...uleb(0xf2)],
  f64x2Div: [0xfd, ...uleb(0xf3)],
};

/** `x = 0; block loop (if !(x < limit) break) body; x += 1; continue end end` */
export function forLoop(counter: number, limit: number, body: number[]): number[] {
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

export const addLocal = (target: number, amount: number): number[] => [
  ...op.localGet(target), ...op.localGet(amount), ...op.i32Add, ...op.localSet(target),
];

/** `target += bytes` for a constant. */
export const bump = (target: number, bytes: number): number[] => [
  ...op.localGet(target), ...op.i32Const(bytes), ...op.i32Add, ...op.localSet(target),
];

export interface FunctionDef {
  name: string;
  params: number;
  /** Extra locals in groups: [count, type]. */
  locals: Array<[number, number]>;
  body: number[];
}

/** A module of i32-parameter, no-result functions sharing one exported memory "mem". */
export function assemble(functions: FunctionDef[], memoryPages: number): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...vec(new Array<number>(f.params).fill(I32).map((t) => [t])), 0]);
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(5, vec([[0x00, ...uleb(memoryPages)]])),
    ...section(7, vec([[...name('mem'), 0x02, 0], ...functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)])])),
    ...section(
      10,
      vec(
        functions.map((f) => {
          const body = [...vec(f.locals.map(([n, t]) => [...uleb(n), t])), ...f.body, ...op.end];
          return [...uleb(body.length), ...body];
        }),
      ),
    ),
  ];
  return Uint8Array.from(bytes);
}
