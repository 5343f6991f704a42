/**
 * Typed-array columns that grow while a file streams in. Storage is a list of
 * fixed-size chunks, so growth never copies what was already read (a doubling
 * array would briefly hold 1.5x the data); `toArray()` copies once at the end.
 */
type TypedCtor<T> = { new (n: number): T };
type Typed = Int32Array | Float32Array | Float64Array;

export class GrowableColumn<T extends Typed> {
  private readonly chunks: T[] = [];
  private current: T;
  private used = 0;
  length = 0;

  constructor(
    private readonly ctor: TypedCtor<T>,
    private readonly chunkSize = 1 << 20,
  ) {
    this.current = new ctor(Math.min(chunkSize, 1024));
  }

  push(v: number): void {
    if (this.used === this.current.length) this.grow();
    this.current[this.used++] = v;
    this.length++;
  }

  /** The value at row r (slow path; for merging duplicates and tests). */
  get(r: number): number {
    const full = this.chunks.length * this.chunkSize;
    if (r >= full) return this.current[r - full]!;
    return this.chunks[Math.floor(r / this.chunkSize)]![r % this.chunkSize]!;
  }

  private grow(): void {
    if (this.current.length < this.chunkSize) {
      // The first chunk starts small so tiny files stay tiny; it doubles up to chunkSize.
      const next = new this.ctor(Math.min(this.chunkSize, this.current.length * 2));
      next.set(this.current);
      this.current = next;
      return;
    }
    this.chunks.push(this.current);
    this.current = new this.ctor(this.chunkSize);
    this.used = 0;
  }

  /** One contiguous array of exactly `length` values; the chunks are released. */
  toArray(): T {
    const out = new this.ctor(this.length);
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    out.set(this.current.subarray(0, this.used) as never, o);
    this.chunks.length = 0;
    this.current = new this.ctor(0);
    this.used = 0;
    return out;
  }
}
