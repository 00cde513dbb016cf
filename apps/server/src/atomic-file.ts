/**
 * Replacing a file without ever leaving a half-written one: write a temporary file in the same
 * folder, fsync it, rename it over the target (atomic on POSIX file systems), then fsync the
 * folder so that the rename itself survives a crash. The temporary file's name says which process
 * writes it (temporary-file.ts), so that a crash's can be told from a write under way.
 *
 * Each step passes through `fileFaults.at(step, path)`, a fault-injection point for the tests: a
 * hook there can throw (a full disk: ENOSPC) or never return (a crash at that very step). In
 * production no hook is set and the point costs one property read.
 */
import { randomUUID } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { temporaryName } from './temporary-file.js';

/** The steps of writeFileAtomic, in order. */
export const WRITE_STEPS = ['open', 'written', 'synced', 'renaming', 'renamed'] as const;
export type WriteStep = (typeof WRITE_STEPS)[number];

/** The fault-injection point: tests set `hook`; nothing else does. */
export const fileFaults: { hook?: (step: WriteStep, path: string) => void | Promise<void> } = {};
const at = async (step: WriteStep, path: string) => {
  if (fileFaults.hook !== undefined) await fileFaults.hook(step, path);
};

export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const temp = join(dirname(path), temporaryName(basename(path), randomUUID()));
  await at('open', path);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(data);
    await at('written', path);
    await handle.sync();
    await at('synced', path);
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await at('renaming', path);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await at('renamed', path);
  await syncFolder(dirname(path));
}

/** fsync on a folder makes its entries (a rename, a deletion) durable; not every platform allows it. */
export async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open a folder for fsync; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}
