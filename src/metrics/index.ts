export { summarizeMetric, meanDefined } from './summary.js';
export type { MetricSummary } from './summary.js';
export {
  hitPositions,
  hitRateAtK,
  precisionAtK,
  recallAtK,
  ndcgAtK,
  ndcgGradedAtK,
  reciprocalRank,
  averagePrecisionAtK,
  rankingMetrics,
} from './ranking.js';
export type { GainKind, RankingMetrics } from './ranking.js';
export { auc } from './auc.js';
export type { TieRule } from './auc.js';
export { rmse, mae } from './rating.js';
export { catalogueCoverage } from './coverage.js';
export { intraListDiversity, meanIntraListDiversity } from './diversity.js';
export { novelty, averagePopularity, meanNovelty, meanAveragePopularity, itemPopularity } from './novelty.js';
export { fairnessBreakdown } from './fairness.js';
export type { FairnessBreakdown, GroupMean } from './fairness.js';
export { logGamma, regularizedIncompleteBeta, studentTCdf, studentTTwoSidedP } from './stats.js';
export { compareModels, bootstrapMeanInterval } from './abtest.js';
export type { ComparisonOptions, ModelComparison } from './abtest.js';
