/**
 * Faults: a full disk, through the fault-injection point of writeFileAtomic. An upload is a 507
 * naming the cause and the model that was there stays whole; a job whose record cannot be written
 * is a 507 and does not exist (no 202 for a job that a restart would lose); a job whose model
 * cannot be stored fails with the reason in its record.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fileFaults } from '../atomic-file.js';
import { IRIS_CSV, irisBytes, jobIn, json, line, postJson, tempFolder, testServer, type TestServer } from '../../test/helpers.js';
import { writeModel } from '@bpnn/serialize';

const folder = tempFolder();
let server: TestServer;
beforeAll(async () => {
  server = await testServer(folder.path);
});
afterAll(async () => {
  await server.close();
  folder.remove();
});
afterEach(() => {
  fileFaults.hook = undefined;
});

/** Every write from now on fails as on a full disk, at the step given. */
const diskFull = (step = 'written') => {
  fileFaults.hook = (at) => {
    if (at === step) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
  };
};
const DISK_FULL = { error: "the server's disk is full (ENOSPC): nothing was stored; try again later" };
const temporaryFiles = (path: string) => readdirSync(path).filter((f) => f.endsWith('.tmp'));

describe('a full disk', () => {
  it('answers PUT with 507 and Retry-After, and keeps the model that was there, whole', async () => {
    const before = await irisBytes();
    expect((await fetch(`${server.url}/v1/models/kept`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: before })).status).toBe(201);
    for (const step of ['open', 'written', 'synced', 'renaming']) {
      diskFull(step);
      const response = await fetch(`${server.url}/v1/models/kept`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: writeModel(line()) });
      expect(response.status, step).toBe(507);
      expect(response.headers.get('retry-after')).toBe('60');
      expect(await json(response)).toEqual(DISK_FULL);
      const created = await fetch(`${server.url}/v1/models/new-${step}`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: before });
      expect(created.status).toBe(507);
    }
    fileFaults.hook = undefined;
    expect(new Uint8Array(readFileSync(join(folder.path, 'kept.bpnn')))).toEqual(before);
    expect(new Uint8Array(await (await fetch(`${server.url}/v1/models/kept/file`)).arrayBuffer())).toEqual(before);
    expect((await json(await fetch(`${server.url}/v1/models`))).models.map((m: any) => m.name)).toEqual(['kept']);
    expect(temporaryFiles(folder.path)).toEqual([]);
  });

  it('answers POST /v1/jobs with 507 when the record cannot be written: no job, no record, no queue slot taken', async () => {
    const jobsDir = join(folder.path, '.jobs');
    const recordsBefore = readdirSync(jobsDir);
    diskFull();
    for (let i = 0; i < 6; i++) {
      // More than --max-queue (4) refusals: a refused job must not hold a place in the queue.
      const response = await postJson(`${server.url}/v1/jobs`, { name: 'lost', csv: IRIS_CSV, target: 'species', epochs: 2 });
      expect(response.status).toBe(507);
      expect(await json(response)).toEqual(DISK_FULL);
    }
    expect((await json(await fetch(`${server.url}/v1/jobs`))).jobs).toEqual([]);
    expect(readdirSync(jobsDir)).toEqual(recordsBefore);
    fileFaults.hook = undefined;
    const accepted = await postJson(`${server.url}/v1/jobs`, { name: 'after', csv: IRIS_CSV, target: 'species', hidden: [3], epochs: 2 });
    expect(accepted.status).toBe(202);
    const { id } = await json(accepted);
    expect(readdirSync(jobsDir)).toContain(`${id}.json`); // on disk before the 202
    expect((await jobIn(server.url, id, ['succeeded', 'failed'])).state).toBe('succeeded');
  });

  it('fails a job whose trained model cannot be stored, with the reason in its record', async () => {
    const accepted = await json(await postJson(`${server.url}/v1/jobs`, { name: 'unstored', csv: IRIS_CSV, target: 'species', hidden: [3], epochs: 2 }));
    fileFaults.hook = (at, path) => {
      if (at === 'written' && path.endsWith('unstored.bpnn')) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    const record = await jobIn(server.url, accepted.id, ['succeeded', 'failed']);
    expect(record).toMatchObject({ state: 'failed', error: 'the trained model could not be stored: ENOSPC: no space left on device, write' });
    expect((await fetch(`${server.url}/v1/models/unstored`)).status).toBe(404);
    expect(temporaryFiles(folder.path)).toEqual([]);
  });
});
