import { saveCheckpoint, loadCheckpoint } from '../io/checkpoint.js';
import { recommenderCheckpoint, recommenderFromCheckpoint, type RecommenderManifestExtra } from './recommender-checkpoint.js';
import type { Recommender } from './recommender.js';

/** Saves a Recommender as a checkpoint directory (recommenderCheckpoint says what it holds). */
export async function saveRecommender(dir: string, recommender: Recommender, extra: RecommenderManifestExtra = {}): Promise<void> {
  await saveCheckpoint(dir, recommenderCheckpoint(recommender, extra));
}

/** Loads what saveRecommender wrote (recommenderFromCheckpoint says what is checked). */
export async function loadRecommender(dir: string): Promise<Recommender> {
  return recommenderFromCheckpoint(await loadCheckpoint(dir));
}
