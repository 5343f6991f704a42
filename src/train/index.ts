export { fit } from './fit.js';
export type { FitOptions, LossName } from './fit.js';
export { earlyStopping, bestCheckpoint, Monitor } from './callbacks.js';
export type { EarlyStoppingOptions, MonitorOptions } from './callbacks.js';
export { gridSearch, gridPoints, formatGrid } from './grid.js';
export type { GridSpace, GridRow } from './grid.js';
export { progressSink } from './progress.js';
export type { ProgressSink } from './progress.js';
export type { TrainableModel, EpochSource, EpochLog, Callback, TrainingHistory, Metrics } from './types.js';
