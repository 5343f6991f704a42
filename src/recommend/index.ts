export { Recommender } from './recommender.js';
export { saveRecommender, loadRecommender, RECOMMENDER_FORMAT_VERSION } from './checkpoint.js';
export type { RecommenderManifestExtra } from './checkpoint.js';
export { writeRecommendations } from './export.js';
export { NcfServingScorer } from './ncf-serving.js';
export { foldInMethod } from './fold-in.js';
export type { FoldInMethod } from './fold-in.js';
export { lookupId } from './ids.js';
export type {
  ScoredItem,
  Recommendation,
  RecommendOptions,
  RecommenderOptions,
  RecommendationTable,
  ItemTitles,
  ServableModel,
} from './types.js';
