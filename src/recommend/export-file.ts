import { writeAtomic } from '../io/atomic.js';
import { recommendationsJson } from './export.js';
import type { Recommendation, RecommendationTable } from './types.js';

/**
 * Writes recommendationsJson's text to `path` atomically (a temporary file renamed
 * into place, so readers never see half a file).
 */
export async function writeRecommendations(path: string, recommendations: RecommendationTable | readonly Recommendation[]): Promise<void> {
  await writeAtomic(path, new TextEncoder().encode(recommendationsJson(recommendations)));
}
