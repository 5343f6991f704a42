export { Popularity } from './popularity.js';
export { ItemKNN, UserKNN } from './knn.js';
export type { KnnOptions } from './knn.js';
export { Ease } from './ease.js';
export type { EaseOptions } from './ease.js';
export { columnSimilarity, keepTopK } from './similarity.js';
export type { SimilarityKind } from './similarity.js';
export { spdInverse } from './linalg.js';
export { denseMatrix } from './dense.js';
