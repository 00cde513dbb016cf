import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { fileFaults, WRITE_STEPS, writeFileAtomic, type WriteStep } from './atomic-file.js';
import { tempFolder, waitFor } from '../test/helpers.js';

const folder = tempFolder();
afterAll(() => folder.remove());
afterEach(async () => {
  fileFaults.hook = undefined;
  await endStoppedWriters();
});

/** 4 MiB of a byte pattern: large enough that a write in place would be seen half done. */
const content = (seed: number) => new Uint8Array(4 * 1024 * 1024).map((_, i) => (i * 31 + seed) & 0xff);

/**
 * The writers stopped by stopAt: each one's way to end it with an error, and its promise. A
 * stopped writer holds its temporary file's FileHandle; were it dropped, the garbage collector
 * would close it, which Node 24 warns about (DEP0137) and Node 26 throws for as an uncaught
 * error. So the test holds each writer until its checks are done, then ends it (after the
 * checks, as the process's exit would after a crash) and lets it close its handle.
 */
const stopped: { end: (error: Error) => void; done: Promise<unknown> }[] = [];

async function endStoppedWriters(): Promise<void> {
  const writers = stopped.splice(0);
  for (const writer of writers) writer.end(new Error('the test is over'));
  await Promise.all(writers.map((writer) => writer.done));
}

/** Starts a write that stops at `step` until the test ends (as a crash there would); resolves once it has stopped. */
async function stopAt(step: WriteStep, path: string, data: Uint8Array): Promise<void> {
  let end: ((error: Error) => void) | undefined;
  fileFaults.hook = (at) => {
    if (at !== step) return;
    return new Promise<void>((_, reject) => (end = reject)); // the writer does not go on
  };
  const done = writeFileAtomic(path, data).catch((error: unknown) => error);
  stopped.push({ end: await waitFor(`the writer to reach ${step}`, () => end, 5000), done });
}

describe('writeFileAtomic', () => {
  it('stopped at any step, leaves the old file or the new one whole, never a mix', async () => {
    const old = content(1);
    const fresh = content(2);
    for (const step of WRITE_STEPS) {
      const path = join(folder.path, `replace-${step}.bin`);
      writeFileSync(path, old);
      await stopAt(step, path, fresh);
      const seen = new Uint8Array(readFileSync(path));
      const expected = step === 'renamed' ? fresh : old; // the rename is the one moment it changes
      expect(seen.length, `after ${step}`).toBe(expected.length);
      expect(Buffer.compare(seen, expected), `after ${step}: the file is the ${step === 'renamed' ? 'new' : 'old'} one, whole`).toBe(0);
    }
  });

  it('stopped before the rename, leaves no file where there was none; only dot-named .tmp files beside', async () => {
    for (const step of WRITE_STEPS.slice(0, -1)) {
      const path = join(folder.path, `new-${step}.bin`);
      await stopAt(step, path, content(3));
      expect(existsSync(path), `after ${step}`).toBe(false);
    }
    const strays = readdirSync(folder.path).filter((f) => f.startsWith('.'));
    expect(strays.every((f) => f.endsWith('.tmp'))).toBe(true);
  });

  it('on an error at any step (a full disk), keeps the old file and leaves no temporary file', async () => {
    for (const step of WRITE_STEPS.slice(0, -1)) {
      const own = join(folder.path, `error-${step}`);
      const { mkdirSync } = await import('node:fs');
      mkdirSync(own);
      const path = join(own, 'model.bin');
      writeFileSync(path, 'old');
      fileFaults.hook = (at) => {
        if (at === step) throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC' });
      };
      await expect(writeFileAtomic(path, 'new'), `at ${step}`).rejects.toMatchObject({ code: 'ENOSPC' });
      expect(readFileSync(path, 'utf8')).toBe('old');
      expect(readdirSync(own)).toEqual(['model.bin']);
    }
  });
});
