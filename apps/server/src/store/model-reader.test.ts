/**
 * Stores read the model files they did not write (another process's, under --processes N or on
 * PostgreSQL) in the request pool's threads when large: the same Model, bytes and checksum as
 * reading them here, the same error for a damaged file, and a read here when the pool cannot take it.
 */
import { Model } from '@bpnn/core';
import { readCsvDataset, readModel, writeModel } from '@bpnn/serialize';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { IRIS_CSV, POOL_WORKER_FILE, tempFolder, waitFor } from '../../test/helpers.js';
import { INLINE_BODY_BYTES } from '../http/json-text.js';
import { readHere, readInPool } from './model-reader.js';
import { RequestPool } from '../request-pool.js';
import { FolderStore } from './folder.js';

const pool = new RequestPool({ workerFile: POOL_WORKER_FILE, threads: 1, queue: 4 });
const folder = tempFolder();
const stores: FolderStore[] = [];
afterAll(async () => {
  for (const store of stores) await store.close();
  await pool.close();
  folder.remove();
});

/** A 4-128-128-3 float64 network: a file well over 64 KiB. */
async function wide(): Promise<Uint8Array> {
  const data = await readCsvDataset(IRIS_CSV, { target: 'species' });
  return writeModel(Model.train(data, { hidden: [128, 128], epochs: 2, seed: 4, dtype: 'float64' }).model);
}

const inputs = [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]];

describe('reading a store\'s model files in the request pool', () => {
  it("reads another process's large model in the pool's thread: the same model, bytes and checksum", async () => {
    const file = await wide();
    expect(file.length).toBeGreaterThan(INLINE_BODY_BYTES);
    const writer = new FolderStore(folder.path, () => {}, { shared: true, pollMs: 50 });
    const reader = new FolderStore(folder.path, () => {}, { shared: true, pollMs: 50, read: readInPool(pool) });
    stores.push(writer, reader);
    await writer.load();
    await reader.load();
    const before = pool.done.readUpload;
    await writer.put('wide', readModel(file), file);
    const entry = await waitFor('the reader to load it', () => reader.get('wide'), 5000);
    expect(pool.done.readUpload - before).toBe(1);
    expect(Buffer.from(entry.bytes).equals(Buffer.from(file))).toBe(true);
    expect(entry.sha256).toBe(createHash('sha256').update(file).digest('hex'));
    expect(Buffer.from(writeModel(entry.model)).equals(Buffer.from(file))).toBe(true);
    expect(entry.model.predict(inputs)).toEqual(readModel(file).predict(inputs));
  });

  it('says what is wrong with a damaged large file in the same words as a read here', async () => {
    const damaged = (await wide()).slice();
    damaged[damaged.length - 20] ^= 0xff; // a flipped bit in the weights: the checksum does not match
    const here = await readHere(damaged, 'file x').then(() => 'read', (error: Error) => error.message);
    const there = await readInPool(pool)(damaged, 'file x').then(() => 'read', (error: Error) => error.message);
    expect(here).not.toBe('read');
    expect(there).toBe(here);
  });

  it('reads here when the pool cannot take the file (closed, or its queue full)', async () => {
    const file = await wide();
    const refusing = { readUpload: () => Promise.reject(new Error('the request threads are all busy')) };
    const read = await readInPool(refusing)(file, 'file y');
    expect(Buffer.from(writeModel(read.model)).equals(Buffer.from(file))).toBe(true);
  });
});
