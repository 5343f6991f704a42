import { open, rename, unlink } from 'node:fs/promises';

let sequence = 0;

/** The temporary name a file is staged under before its rename (same directory, so rename is atomic). */
export function stagingPath(path: string): string {
  return `${path}.${process.pid}.${sequence++}.tmp`;
}

/** Writes bytes to a new temporary file and flushes it to disk; returns its path. */
export async function stage(path: string, bytes: Uint8Array): Promise<string> {
  const tmp = stagingPath(path);
  const fh = await open(tmp, 'wx');
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } catch (e) {
    await fh.close();
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await fh.close();
  return tmp;
}

/** Flushes a directory entry list (the renames) where the platform allows it. */
export async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Some platforms cannot open or fsync a directory; the renames still happened.
  }
}

/** Atomic replace of one file: readers see the old or the new content, never a mix. */
export async function writeAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = await stage(path, bytes);
  try {
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}
