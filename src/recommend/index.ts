export { Recommender } from './recommender.js';
export { recommenderCheckpoint, recommenderFromCheckpoint, RECOMMENDER_FORMAT_VERSION } from './recommender-checkpoint.js';
export type { RecommenderManifestExtra } from './recommender-checkpoint.js';
export { recommendationsJson } from './export.js';
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
