import type { Scorer } from '../eval/scorer.js';
import { positiveInt } from '../layers/checks.js';
import { Module } from '../layers/module.js';
import type { DType, Tensor } from '../tensor/tensor.js';
import type { TrainableModel } from '../train/types.js';
import type { Batch } from './batch.js';

/** A JSON-serialisable description from which the model registry rebuilds a model. */
export interface ModelConfig {
  readonly kind: string;
  readonly numUsers: number;
  readonly numItems: number;
  readonly [key: string]: unknown;
}

interface ScoreScratch {
  users: Int32Array;
  items: Int32Array;
  labels: Float32Array;
}

/**
 * The base of the gradient-trained recommenders. Subclasses define `forward`
 * (logits for a batch of (user, item) pairs), `backward` (from the logits'
 * gradient) and `config`; scoring for evaluation and serving comes from here:
 * batched forwards in eval mode, in chunks that bound memory.
 */
export abstract class RecModel extends Module implements TrainableModel, Scorer {
  abstract readonly kind: string;
  /** Pairs per forward when scoring. */
  protected scoreChunk = 4096;
  private scratch: ScoreScratch | undefined;

  constructor(
    readonly numUsers: number,
    readonly numItems: number,
    dtype: DType = 'float32',
  ) {
    super(dtype);
    positiveInt('model', 'numUsers', numUsers);
    positiveInt('model', 'numItems', numItems);
  }

  abstract forward(batch: Batch): Tensor;
  abstract backward(dLogits: Tensor): void;
  abstract config(): ModelConfig;

  /**
   * The item vectors similarity search uses ([numItems, dim]), or null when the
   * model has none. Cosine over these rows is `Recommender.similarItems`.
   */
  itemEmbeddings(): Tensor | null {
    return null;
  }

  /** Lets history-aware models attach each sample's history before a scoring forward. */
  protected prepareScoring(batch: Batch): Batch {
    return batch;
  }

  score(users: Int32Array, items: Int32Array, out: Float32Array): void {
    const wasTraining = this.training;
    this.eval();
    const chunk = this.scoreChunk;
    const s = (this.scratch ??= {
      users: new Int32Array(chunk),
      items: new Int32Array(chunk),
      labels: new Float32Array(chunk),
    });
    try {
      for (let start = 0; start < users.length; start += chunk) {
        const n = Math.min(chunk, users.length - start);
        s.users.set(users.subarray(start, start + n));
        s.items.set(items.subarray(start, start + n));
        const batch = this.prepareScoring({ size: n, users: s.users.subarray(0, n), items: s.items.subarray(0, n), labels: s.labels.subarray(0, n) });
        const logits = this.forward(batch);
        out.set(logits.data.subarray(0, n), start);
      }
    } finally {
      if (wasTraining) this.train();
    }
  }

  scoreAll(users: Int32Array, out: Float32Array): void {
    const m = this.numItems;
    const items = Int32Array.from({ length: m }, (_, i) => i);
    const u = new Int32Array(m);
    for (let r = 0; r < users.length; r++) {
      u.fill(users[r]!);
      this.score(u, items, out.subarray(r * m, (r + 1) * m));
    }
  }
}
