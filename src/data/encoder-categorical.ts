import { ArgumentError } from '../errors.js';

/**
 * Vocabulary to id with an unknown bucket: id 0 is "unknown" (unseen at fit time, or
 * rarer than minCount), known values are 1..size-1 in first-seen order. `size` is the
 * embedding table height a model needs.
 */
export class CategoricalEncoder {
  private readonly index = new Map<string, number>();
  readonly vocabulary: string[] = [];

  static fit(values: Iterable<string>, opts: { minCount?: number } = {}): CategoricalEncoder {
    const minCount = opts.minCount ?? 1;
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    const e = new CategoricalEncoder();
    for (const [v, c] of counts) if (c >= minCount) e.add(v);
    return e;
  }

  static fromJSON(json: { vocabulary: string[] }): CategoricalEncoder {
    if (!json || !Array.isArray(json.vocabulary)) throw new ArgumentError('json', 'expected { vocabulary: string[] }');
    const e = new CategoricalEncoder();
    for (const v of json.vocabulary) {
      if (typeof v !== 'string' || e.index.has(v)) throw new ArgumentError('json', `bad or duplicate vocabulary entry ${JSON.stringify(v)}`);
      e.add(v);
    }
    return e;
  }

  private add(v: string): void {
    this.index.set(v, this.vocabulary.push(v));
  }

  /** Known values plus the unknown bucket. */
  get size(): number {
    return this.vocabulary.length + 1;
  }

  encode(v: string): number {
    return this.index.get(v) ?? 0;
  }

  encodeAll(values: readonly string[]): Int32Array {
    const out = new Int32Array(values.length);
    for (let k = 0; k < values.length; k++) out[k] = this.encode(values[k]!);
    return out;
  }

  /** The value of id k (k >= 1), or null for the unknown bucket. */
  decode(k: number): string | null {
    return k >= 1 ? (this.vocabulary[k - 1] ?? null) : null;
  }

  toJSON(): { vocabulary: string[] } {
    return { vocabulary: this.vocabulary.slice() };
  }
}
