/** The GroupLens archives downloadDataset knows, with their published checksums. */
export type DatasetName = 'ml-100k' | 'ml-1m' | 'ml-latest-small';

export interface DatasetSource {
  url: string;
  /** Folder the archive's files sit under (stripped on extraction). */
  folder: string;
  /**
   * GroupLens publishes an .md5 next to each frozen archive; these values match it and
   * are the ones torchtext and other public loaders verify. ml-latest-small is
   * re-released in place, so no fixed digest exists: pass `sha256` to pin one.
   */
  checksum: { algorithm: 'md5' | 'sha256'; hex: string } | null;
  /** The file the matching loader reads first, to check the extraction. */
  ratingsFile: string;
}

const BASE = 'https://files.grouplens.org/datasets/movielens';

export const DATASETS: Readonly<Record<DatasetName, DatasetSource>> = {
  'ml-100k': { url: `${BASE}/ml-100k.zip`, folder: 'ml-100k', checksum: { algorithm: 'md5', hex: '0e33842e24a9c977be4e0107933c0723' }, ratingsFile: 'u.data' },
  'ml-1m': { url: `${BASE}/ml-1m.zip`, folder: 'ml-1m', checksum: { algorithm: 'md5', hex: 'c4d9eecfca2ab87c1945afe126590906' }, ratingsFile: 'ratings.dat' },
  'ml-latest-small': { url: `${BASE}/ml-latest-small.zip`, folder: 'ml-latest-small', checksum: null, ratingsFile: 'ratings.csv' },
};
