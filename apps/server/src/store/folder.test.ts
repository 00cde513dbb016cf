import { readModel, writeModel } from '@bpnn/serialize';
import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { iris, line, tempFolder, waitFor } from '../../test/helpers.js';
import { sharedBytes } from './model-store.js';
import { HOST } from '../temporary-file.js';
import { FolderStore } from './folder.js';

describe('the folder store shared by processes', () => {
  const folders: Array<{ path: string; remove(): void }> = [];
  const stores: FolderStore[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const folder of folders.splice(0)) folder.remove();
  });
  const open = async (path: string, shared: boolean) => {
    const store = new FolderStore(path, () => {}, { shared, pollMs: 50 });
    stores.push(store);
    await store.load();
    return store;
  };

  it("sees another process's additions, replacements and deletions", async () => {
    const folder = tempFolder();
    folders.push(folder);
    const a = await open(folder.path, true);
    const b = await open(folder.path, true);
    const first = await a.put('m', await iris());
    await waitFor('b to load m', () => (b.get('m')?.sha256 === first.entry.sha256 ? true : undefined), 5000);
    const second = await b.put('m', line());
    expect(second.created).toBe(false);
    await waitFor('a to load the replacement', () => (a.get('m')?.sha256 === second.entry.sha256 ? true : undefined), 5000);
    expect(await a.delete('m')).toBe(true);
    await waitFor('b to drop m', () => (b.get('m') === undefined ? true : undefined), 5000);
    // A damaged file written by someone else is skipped; the store goes on.
    writeFileSync(join(folder.path, 'bad.bpnn'), writeModel(line()).subarray(0, 30));
    await a.put('good', line());
    await waitFor('b to load good', () => b.get('good'), 5000);
    expect(b.get('bad')).toBeUndefined();
  });

  it('stores bytes over shared memory with the checksum the request pool computed (a large upload), byte for byte', async () => {
    const folder = tempFolder();
    folders.push(folder);
    const a = await open(folder.path, false);
    const file = writeModel(await iris());
    const shared = sharedBytes(file);
    const sha256 = createHash('sha256').update(file).digest('hex');
    const { entry } = await a.put('pooled', readModel(file), shared, sha256);
    expect(entry.bytes).toBe(shared); // kept as it is: no second copy
    expect(entry.sha256).toBe(sha256);
    expect(Buffer.compare(readFileSync(join(folder.path, 'pooled.bpnn')), Buffer.from(file))).toBe(0);
    const again = await open(folder.path, false);
    expect(again.get('pooled')?.sha256).toBe(sha256);
  });

  it('deletes the temporary files of a crash, but not those another process may be writing', async () => {
    const folder = tempFolder();
    folders.push(folder);
    const gone = spawnSync(process.execPath, ['-e', '']).pid!; // a process of this host that has exited
    const uuid = () => randomUUID();
    const files = {
      deadWriter: `.a.bpnn.${HOST}-${gone}.${uuid()}.tmp`,
      liveWriter: `.b.bpnn.${HOST}-${process.ppid}.${uuid()}.tmp`, // vitest's main process: alive
      thisProcess: `.c.bpnn.${HOST}-${process.pid}.${uuid()}.tmp`,
      otherHostFresh: `.d.bpnn.elsewhere-${process.ppid}.${uuid()}.tmp`,
      otherHostOld: `.e.bpnn.elsewhere-${process.ppid}.${uuid()}.tmp`,
      unnamedFresh: `.f.bpnn.${uuid()}.tmp`, // as written before temporary files named their writer
      unnamedOld: `.g.bpnn.${uuid()}.tmp`,
    };
    for (const file of Object.values(files)) writeFileSync(join(folder.path, file), 'partial');
    const past = new Date(Date.now() - 120_000);
    for (const file of [files.otherHostOld, files.unnamedOld]) utimesSync(join(folder.path, file), past, past);
    const left = () => Object.entries(files).filter(([, file]) => existsSync(join(folder.path, file))).map(([what]) => what);
    const expected = ['liveWriter', 'otherHostFresh', 'unnamedFresh'];
    // A rescan (a shared store's) keeps this process's own: its write may be under way.
    const shared = await open(folder.path, true);
    writeFileSync(join(folder.path, files.thisProcess), 'partial');
    writeFileSync(join(folder.path, 'later.bpnn'), writeModel(line()));
    await waitFor('a rescan after it', () => shared.get('later'), 5000);
    expect(left()).toEqual([...expected.slice(0, 1), 'thisProcess', ...expected.slice(1)]);
    await shared.close();
    await open(folder.path, false); // a start: nothing of its own is being written
    expect(left()).toEqual(expected);
  });
});

describe('the folder store on any file system', () => {
  it("refuses to store a new model under another's name in other case, as a job's result would: both files stay as they were", async () => {
    const folder = tempFolder();
    try {
      const store = new FolderStore(folder.path, () => {});
      await store.load();
      const model = await iris();
      const bytes = writeModel(model);
      await store.put('iris', model, bytes);
      await expect(store.put('IRIS', model)).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/^name "IRIS" differs from the model "iris" only in case/) });
      await expect(store.put('nul', model)).rejects.toMatchObject({ status: 400 });
      expect(store.list().map((entry) => entry.name)).toEqual(['iris']);
      expect(readFileSync(join(folder.path, 'iris.bpnn'))).toEqual(Buffer.from(bytes));
      expect(existsSync(join(folder.path, 'IRIS.bpnn'))).toBe(false);
      await store.close();
    } finally {
      folder.remove();
    }
  });
});
