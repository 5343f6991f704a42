import { finitePositive } from '../checks.js';
import { lastItems } from '../data/batch-history.js';
import { IdMap, type ExternalId } from '../data/id-map.js';
import type { Interactions } from '../data/interactions.js';
import { ArgumentError, UnsupportedOperationError } from '../errors.js';
import { ANCF, type UserHistories } from '../models/ancf.js';
import { RecModel } from '../models/model.js';
import { cosineTo, foldInMethod, itemTable, rowNorms, scoreHistory, type FoldInMethod } from './fold-in.js';
import { checkK, requireId, resolveOptions, lookupId, type ResolvedOptions } from './ids.js';
import { NcfServingScorer } from './ncf-serving.js';
import { ExclusionRows, selectTop, type TopRows } from './selection.js';
import type { ItemTitles, Recommendation, RecommendationTable, RecommenderOptions, RecommendOptions, ScoredItem, ServableModel } from './types.js';

/** Scores held at once when scoring many users: rows of numItems floats (4 MiB). */
const CHUNK_SCORES = 1 << 20;

/**
 * Serves a trained model: top-k lists with external ids, seen-item exclusion,
 * a popularity fallback for users it cannot personalise, fold-in for new users
 * from their history, and similar items by embedding cosine.
 *
 * Selection is the backend's topK kernel: ties go to the lower internal item
 * index (the item IdMap's order), NaN scores are never recommended, and a list
 * is shorter than k when fewer items are eligible. Users the model cannot
 * personalise (unknown ids, or no training interactions) get the most popular
 * training items, scored by their interaction counts, with coldStart: true.
 */
export class Recommender {
  readonly model: ServableModel;
  readonly train: Interactions;
  readonly userIds: IdMap;
  readonly itemIds: IdMap;
  readonly numUsers: number;
  readonly numItems: number;
  /** c in confidence = n / (n + c). */
  readonly confidenceHalfPoint: number;
  /** How recommendFromHistory scores a history for this model. */
  readonly foldIn: FoldInMethod;
  private readonly titles: ItemTitles | null;
  private readonly popularity: Float32Array;
  private readonly userCounts: Int32Array;
  private readonly seen: { offsets: Int32Array; indices: Int32Array };
  private readonly fast: NcfServingScorer | null;
  private readonly exclusions = new ExclusionRows();
  private scoreBuf = new Float32Array(0);

  constructor(options: RecommenderOptions) {
    const { model, train } = options;
    if (!model || typeof model.score !== 'function') throw new ArgumentError('model', 'must be a RecModel or a Scorer');
    if (model.numItems !== train.numItems) throw new ArgumentError('model', `has ${model.numItems} items, the training interactions ${train.numItems}`);
    if (model.numUsers !== train.numUsers) throw new ArgumentError('model', `has ${model.numUsers} users, the training interactions ${train.numUsers}`);
    this.model = model;
    this.train = train;
    this.numUsers = train.numUsers;
    this.numItems = train.numItems;
    this.userIds = train.userIds ?? IdMap.from(Array.from({ length: train.numUsers }, (_, i) => i), 'user');
    this.itemIds = train.itemIds ?? IdMap.from(Array.from({ length: train.numItems }, (_, i) => i), 'item');
    if (this.userIds.size !== this.numUsers) throw new ArgumentError('train.userIds', `holds ${this.userIds.size} ids for ${this.numUsers} users`);
    if (this.itemIds.size !== this.numItems) throw new ArgumentError('train.itemIds', `holds ${this.itemIds.size} ids for ${this.numItems} items`);
    this.titles = options.itemTitles ?? null;
    this.popularity = Float32Array.from(train.countsPerItem());
    this.userCounts = train.countsPerUser();
    const { offsets, indices } = train.byUser();
    this.seen = { offsets, indices };
    this.confidenceHalfPoint = options.confidenceHalfPoint ?? medianPositive(this.userCounts);
    finitePositive('confidenceHalfPoint', this.confidenceHalfPoint);
    // Histories live on the model, which several Recommenders may share: only an
    // explicit `histories`, or a model that has none yet, sets them.
    if (model instanceof ANCF && (options.histories !== undefined || model.userHistories === null)) {
      model.setHistories(options.histories ?? lastItems(train, { historyLength: model.historyLength }));
    }
    this.fast = model instanceof RecModel ? NcfServingScorer.for(model) : null;
    this.foldIn = foldInMethod(model);
  }

  /**
   * ANCF only: the per-user histories the model scores with (the latest explicit
   * `histories`, else those the model already had, else lastItems(train)); null
   * for other models. saveRecommender saves them.
   */
  get histories(): UserHistories | null {
    return this.model instanceof ANCF ? this.model.userHistories : null;
  }

  /**
   * The same Recommender (model, training data, confidenceHalfPoint, and the
   * model's current ANCF histories, left as they are) with other item titles.
   */
  withItemTitles(itemTitles: ItemTitles | null): Recommender {
    const { model, train, confidenceHalfPoint } = this;
    return new Recommender({ model, train, confidenceHalfPoint, ...(itemTitles ? { itemTitles } : {}) });
  }

  /** The model's kind for messages ("neumf", "popularity", ...). */
  get kind(): string {
    return ('kind' in this.model && typeof this.model.kind === 'string' ? this.model.kind : null) ?? this.model.constructor.name;
  }

  /** Forgets cached precomputations (the NeuMF item part); they are also rebuilt on their own when weights change. */
  invalidate(): void {
    this.fast?.invalidate();
  }

  recommend(userId: ExternalId, k: number, opts?: RecommendOptions): Recommendation {
    return this.recommendBatch([userId], k, opts)[0]!;
  }

  /**
   * One list per requested user, in order. Known users are scored together in
   * chunks (the model's whole-catalogue scoring, then one topK call per chunk
   * with each user's exclusions); unknown users get the popularity fallback.
   */
  recommendBatch(userIds: ReadonlyArray<ExternalId>, k: number, opts?: RecommendOptions): Recommendation[] {
    checkK(k);
    if (!Array.isArray(userIds)) throw new ArgumentError('userIds', 'must be an array');
    const o = resolveOptions(this.itemIds, opts);
    const out: Recommendation[] = new Array(userIds.length);
    const known: number[] = [];
    const rows: number[] = [];
    userIds.forEach((id, r) => {
      if (typeof id !== 'string' && typeof id !== 'number') throw new ArgumentError('userIds', `entry ${r} must be a string or a number, got ${JSON.stringify(id)}`);
      const u = lookupId(this.userIds, id);
      if (u === undefined || this.userCounts[u] === 0) out[r] = this.coldStart(u === undefined ? id : this.userIds.toExternal(u), k, o);
      else {
        known.push(u);
        rows.push(r);
      }
    });
    const m = this.numItems;
    const chunk = Math.max(1, Math.floor(CHUNK_SCORES / m));
    for (let c0 = 0; c0 < known.length; c0 += chunk) {
      const users = Int32Array.from(known.slice(c0, c0 + chunk));
      const scores = this.scoreUsers(users);
      this.exclusions.reset();
      for (const u of users) this.exclusions.push(o.excludeSeen ? this.seenOf(u) : EMPTY, o.exclude);
      const top = selectTop(scores, users.length, m, this.cap(k, o), this.exclusions, o.candidates);
      for (let r = 0; r < users.length; r++) {
        const u = users[r]!;
        out[rows[c0 + r]!] = { userId: this.userIds.toExternal(u), items: this.toItems(top, r), coldStart: false, confidence: this.confidence(this.userCounts[u]!) };
      }
    }
    return out;
  }

  /**
   * A list for someone the model never saw, from the items they interacted with
   * (external ids, oldest first; an unknown id is an UnknownIdError). How the
   * history is used depends on the model (see `foldIn` and fold-in.ts): ANCF
   * folds the user in through its attention, ItemKNN and EASE apply their
   * item-item weights, other models with item embeddings rank by mean cosine
   * similarity to the history. Models with none of these, and an empty history,
   * get the popularity fallback (coldStart: true). excludeSeen leaves out the
   * history's own items.
   */
  recommendFromHistory(itemIds: ReadonlyArray<ExternalId>, k: number, opts?: RecommendOptions): Recommendation {
    checkK(k);
    if (!Array.isArray(itemIds)) throw new ArgumentError('itemIds', 'must be an array of item ids');
    const history = Int32Array.from(itemIds, (id) => requireId(this.itemIds, id));
    const o = resolveOptions(this.itemIds, opts);
    const scores = new Float32Array(this.numItems);
    if (history.length === 0 || !scoreHistory(this.model, history, scores)) return this.coldStart(null, k, o, history);
    this.exclusions.reset();
    this.exclusions.push(o.excludeSeen ? history : EMPTY, o.exclude);
    const top = selectTop(scores, 1, this.numItems, this.cap(k, o), this.exclusions, o.candidates);
    return { userId: null, items: this.toItems(top, 0), coldStart: false, confidence: this.confidence(new Set(history).size) };
  }

  /**
   * The k items most similar to `itemId` by cosine over the model's item
   * embeddings, the item itself left out (a zero embedding has similarity 0).
   */
  similarItems(itemId: ExternalId, k: number): { itemId: ExternalId; items: ScoredItem[] } {
    checkK(k);
    const i = requireId(this.itemIds, itemId);
    const e = itemTable(this.model);
    if (!e) throw new UnsupportedOperationError('similarItems', this.kind, 'it has no item embeddings (itemEmbeddings() is missing or returns null)');
    if (e.rank !== 2 || e.rows !== this.numItems) throw new ArgumentError('itemEmbeddings', `expected [${this.numItems}, d], got [${e.shape.join(', ')}]`);
    const norms = rowNorms(e);
    const d = e.cols;
    const query = new Float64Array(d);
    const inv = norms[i]! > 0 ? 1 / norms[i]! : 0;
    for (let t = 0; t < d; t++) query[t] = e.data[i * d + t]! * inv;
    const scores = new Float32Array(this.numItems);
    cosineTo(scores, e, norms, query);
    this.exclusions.reset();
    this.exclusions.push(Int32Array.of(i));
    const top = selectTop(scores, 1, this.numItems, Math.min(k, this.numItems), this.exclusions, null);
    return { itemId: this.itemIds.toExternal(i), items: this.toItems(top, 0) };
  }

  /** Top-k for every user in the user map, keyed by String(user id): the recommendations.json table. */
  exportAll(k: number, opts?: RecommendOptions): RecommendationTable {
    const ids = this.userIds.ids();
    const recs = this.recommendBatch(ids, k, opts);
    const table: RecommendationTable = {};
    recs.forEach((rec, r) => {
      const key = String(ids[r]);
      if (Object.hasOwn(table, key)) throw new ArgumentError('userIds', `two users both export under the key ${JSON.stringify(key)} (the number and the string form of one id)`);
      table[key] = rec.items;
    });
    return table;
  }

  /** n / (n + c): 0 without interactions, 1/2 at the median user, towards 1 for heavy users. */
  confidence(n: number): number {
    return n > 0 ? n / (n + this.confidenceHalfPoint) : 0;
  }

  /** The title of an item, when titles were given and know it. */
  titleOf(itemId: ExternalId): string | undefined {
    if (!this.titles) return undefined;
    return typeof this.titles === 'function' ? this.titles(itemId) : this.titles.get(itemId);
  }

  /** Scores of all items for each user, [users.length, numItems], in a buffer reused across calls. */
  private scoreUsers(users: Int32Array): Float32Array {
    const m = this.numItems;
    const need = users.length * m;
    if (this.scoreBuf.length < need) this.scoreBuf = new Float32Array(need);
    const out = this.scoreBuf.subarray(0, need);
    if (this.fast) this.fast.scoreAll(users, out);
    else if (this.model.scoreAll) this.model.scoreAll(users, out);
    else {
      const u = new Int32Array(need);
      const items = new Int32Array(need);
      for (let r = 0; r < users.length; r++) {
        u.fill(users[r]!, r * m, (r + 1) * m);
        for (let i = 0; i < m; i++) items[r * m + i] = i;
      }
      this.model.score(u, items, out);
    }
    return out;
  }

  private coldStart(userId: ExternalId | null, k: number, o: ResolvedOptions, history: Int32Array = EMPTY): Recommendation {
    this.exclusions.reset();
    this.exclusions.push(o.excludeSeen ? history : EMPTY, o.exclude);
    const top = selectTop(this.popularity, 1, this.numItems, this.cap(k, o), this.exclusions, o.candidates);
    return { userId, items: this.toItems(top, 0), coldStart: true, confidence: 0 };
  }

  /** k, but never more than the items that could fill it (so a huge k allocates nothing huge). */
  private cap(k: number, o: ResolvedOptions): number {
    return Math.max(1, Math.min(k, o.candidates?.length ?? this.numItems));
  }

  private seenOf(u: number): Int32Array {
    return this.seen.indices.subarray(this.seen.offsets[u]!, this.seen.offsets[u + 1]!);
  }

  private toItems(top: TopRows, r: number): ScoredItem[] {
    const items: ScoredItem[] = [];
    for (let t = r * top.k; t < (r + 1) * top.k; t++) {
      const i = top.idx[t]!;
      if (i < 0) break;
      const itemId = this.itemIds.toExternal(i);
      const title = this.titleOf(itemId);
      items.push(title === undefined ? { itemId, score: top.scores[t]! } : { itemId, score: top.scores[t]!, title });
    }
    return items;
  }
}

const EMPTY = new Int32Array(0);

function medianPositive(counts: Int32Array): number {
  const active = Array.from(counts).filter((c) => c > 0).sort((a, b) => a - b);
  if (active.length === 0) return 1;
  const mid = active.length >> 1;
  const med = active.length % 2 === 1 ? active[mid]! : (active[mid - 1]! + active[mid]!) / 2;
  return Math.max(1, med);
}
