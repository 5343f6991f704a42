import type { ExternalId } from '../data/id-map.js';
import type { Interactions } from '../data/interactions.js';
import type { Scorer } from '../eval/scorer.js';
import type { UserHistories } from '../models/ancf.js';
import type { RecModel } from '../models/model.js';
import type { Tensor } from '../tensor/tensor.js';

/** One recommended item: its external id and the model's score (higher is better). */
export interface ScoredItem {
  itemId: ExternalId;
  score: number;
  /** Present when the Recommender was given item titles and knows this item's. */
  title?: string;
}

export interface Recommendation {
  /** The external user id asked for; null for recommendations from a bare history. */
  userId: ExternalId | null;
  /** Best first; fewer than k when fewer items are eligible. */
  items: ScoredItem[];
  /** True when the list is the popularity fallback (unknown user, no training items, or empty history). */
  coldStart: boolean;
  /** In [0, 1]: n / (n + c) for a user with n training (or history) items, c the median per-user count; 0 for cold start. */
  confidence: number;
}

export interface RecommendOptions {
  /** Leave out the items the user interacted with in training (or the given history). Default true. */
  excludeSeen?: boolean;
  /** External item ids never to recommend; an unknown id is an UnknownIdError. */
  exclude?: ReadonlyArray<ExternalId>;
  /** Recommend only among these external item ids (duplicates ignored); an unknown id is an UnknownIdError. */
  candidates?: ReadonlyArray<ExternalId>;
}

/** Item titles for display: a map from external item id, or a function (returning undefined when unknown). */
export type ItemTitles = ReadonlyMap<ExternalId, string> | ((itemId: ExternalId) => string | undefined);

/**
 * What the Recommender can serve: a gradient-trained RecModel, or any Scorer
 * (the baselines: Popularity, ItemKNN, UserKNN, Ease). `kind` names it in errors
 * and checkpoints; `itemEmbeddings` enables similarItems and history fold-in.
 */
export type ServableModel = RecModel | (Scorer & { readonly kind?: string; itemEmbeddings?(): Tensor | null });

export interface RecommenderOptions {
  model: ServableModel;
  /** The training interactions: seen-item exclusion, popularity fallback, confidence, ANCF histories. Id maps default to identity (numeric ids 0..n-1). */
  train: Interactions;
  itemTitles?: ItemTitles;
  /**
   * c in confidence = n / (n + c): the per-user interaction count that gets confidence 0.5.
   * Default: the median count of users with at least one training interaction (at least 1).
   */
  confidenceHalfPoint?: number;
  /**
   * ANCF only: the histories to score with, set on the model. Without it the model
   * keeps the histories it has (another Recommender's, a checkpoint's), and only a
   * model with none gets lastItems(train, { historyLength }).
   */
  histories?: UserHistories;
}

/** The top-N lists of every user, keyed by String(external user id): the recommendations.json layout. */
export type RecommendationTable = Record<string, ScoredItem[]>;
