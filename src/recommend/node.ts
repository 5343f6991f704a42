// Node-only: recommenders and recommendation lists on disk (src/node.ts).
export { saveRecommender, loadRecommender } from './checkpoint.js';
export { writeRecommendations } from './export-file.js';
