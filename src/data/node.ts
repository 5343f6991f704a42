// Node-only: readers of files on disk and dataset downloads (src/node.ts).
export { forEachLine } from './line-reader.js';
export { readDelimited } from './delimited.js';
export type { DelimitedOptions, ColumnMapping } from './delimited.js';
export { readJsonLines } from './jsonl.js';
export type { JsonLinesOptions } from './jsonl.js';
export { loadMovieLens100K } from './movielens-100k.js';
export { loadMovieLens1M, ML1M_GENRES, ML1M_OCCUPATIONS, splitGenres } from './movielens-1m.js';
export { loadMovieLensLatest } from './movielens-latest.js';
export { loadNcf } from './ncf.js';
export type { NcfData } from './ncf.js';
export { downloadDataset, hashFile } from './download.js';
export type { DownloadOptions, DownloadResult } from './download.js';
