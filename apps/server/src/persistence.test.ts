import { writeModel } from '@bpnn/serialize';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IRIS_CSV, iris, irisBytes, json, jobIn, postJson, tempFolder, testServer } from '../test/helpers.js';

const folder = tempFolder();
afterAll(() => folder.remove());

describe('the models folder across restarts', () => {
  it('keeps uploaded and trained models and finished job records; skips and reports corrupt files', async () => {
    const first = await testServer(folder.path);
    const put = await fetch(`${first.url}/v1/models/uploaded`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: await irisBytes() });
    expect(put.status).toBe(201);
    const job = await json(await postJson(`${first.url}/v1/jobs`, { name: 'trained', csv: IRIS_CSV, target: 'species', hidden: [5], epochs: 5 }));
    const finished = await jobIn(first.url, job.id, ['succeeded', 'failed']);
    expect(finished.state).toBe('succeeded');
    const before = await json(await postJson(`${first.url}/v1/models/trained/predict`, { inputs: [[6, 3, 4, 1]] }));
    await first.close();

    // Written whole: no temporary files left; the bytes on disk are the model's.
    expect(readdirSync(folder.path).sort()).toEqual(['.jobs', 'trained.bpnn', 'uploaded.bpnn']);
    expect(new Uint8Array(readFileSync(join(folder.path, 'uploaded.bpnn')))).toEqual(await irisBytes());
    // Damage: a truncated model, a text file posing as one, a bad name, a stray temp file.
    const bytes = writeModel(await iris());
    writeFileSync(join(folder.path, 'truncated.bpnn'), bytes.subarray(0, 100));
    writeFileSync(join(folder.path, 'notes.bpnn'), 'just some text\n');
    writeFileSync(join(folder.path, 'bad name.bpnn'), bytes);
    writeFileSync(join(folder.path, '.uploaded.bpnn.1234.tmp'), 'half a write');
    const past = new Date(Date.now() - 120_000); // a crash's of long ago (temporary-file.ts: its name names no writer)
    utimesSync(join(folder.path, '.uploaded.bpnn.1234.tmp'), past, past);
    writeFileSync(join(folder.path, 'README.txt'), 'not a model');

    const second = await testServer(folder.path);
    try {
      const names = (await json(await fetch(`${second.url}/v1/models`))).models.map((m: any) => m.name);
      expect(names).toEqual(['trained', 'uploaded']);
      expect(await json(await postJson(`${second.url}/v1/models/trained/predict`, { inputs: [[6, 3, 4, 1]] }))).toEqual(before);
      expect(await json(await fetch(`${second.url}/v1/jobs/${job.id}`))).toMatchObject({ state: 'succeeded', epoch: 5, losses: expect.any(Array) });
      const skipped = second.logs.filter((line) => line.startsWith('bpnn-server: skipped'));
      expect(skipped).toHaveLength(3);
      expect(skipped.find((l) => l.includes('truncated.bpnn'))).toMatch(/^bpnn-server: skipped .*truncated\.bpnn: .*truncated\.bpnn: /);
      expect(skipped.find((l) => l.includes('notes.bpnn'))).toMatch(/notes\.bpnn: .*header/);
      expect(skipped.find((l) => l.includes('bad name.bpnn'))).toMatch(/"bad name" is not a model name/);
      expect(second.logs).toContain(`bpnn-server: 2 models loaded from ${folder.path}, 3 skipped`);
      expect(existsSync(join(folder.path, '.uploaded.bpnn.1234.tmp'))).toBe(false);
      expect(await json(await fetch(`${second.url}/readyz`))).toEqual({ status: 'ready', models: 2 });
    } finally {
      await second.close();
    }
  });

  it('reports jobs that were queued or running when the process died as interrupted', async () => {
    const jobs = join(folder.path, '.jobs');
    mkdirSync(jobs, { recursive: true });
    const id = '00000000-0000-4000-8000-000000000001';
    const record = { id, name: 'lost', state: 'running', createdAt: '2025-01-01T00:00:00.000Z', startedAt: '2025-01-01T00:00:01.000Z', finishedAt: null, epoch: 3, epochs: 10, loss: 0.5, valLoss: null, options: {}, rows: null, stoppedBy: null, error: null, losses: [] };
    writeFileSync(join(jobs, `${id}.json`), JSON.stringify(record));
    writeFileSync(join(jobs, '00000000-0000-4000-8000-000000000002.json'), '{"broken"');
    const server = await testServer(folder.path);
    try {
      expect(await json(await fetch(`${server.url}/v1/jobs/${id}`))).toMatchObject({ state: 'interrupted', epoch: 3, error: 'the server stopped while the job was running' });
      expect(JSON.parse(readFileSync(join(jobs, `${id}.json`), 'utf8')).state).toBe('interrupted');
      expect(server.logs.some((l) => l.startsWith('bpnn-server: skipped job record') && l.includes('00000000-0000-4000-8000-000000000002.json'))).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('answers a failure of its own (the disk) with a bare 500, the stack in the log only, and keeps serving', async () => {
    const own = tempFolder();
    const server = await testServer(own.path);
    try {
      renameSync(own.path, `${own.path}-moved`);
      writeFileSync(own.path, 'the models folder is now a file'); // every write into it fails
      const response = await fetch(`${server.url}/v1/models/x`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: await irisBytes() });
      expect(response.status).toBe(500);
      expect(await response.text()).toBe('{"error":"internal error"}');
      expect(server.logs.some((l) => l.startsWith('bpnn-server: PUT /v1/models/x failed: Error: ENOTDIR') && l.includes('\n    at '))).toBe(true);
      expect((await fetch(`${server.url}/v1/models/x`)).status).toBe(404);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
      own.remove();
      rmSync(`${own.path}-moved`, { recursive: true, force: true });
    }
  });

  it('keeps only the newest --keep-jobs finished job records, in memory and on disk, also across a restart', async () => {
    const own = tempFolder();
    const jobsDir = join(own.path, '.jobs');
    const records = () => readdirSync(jobsDir).filter((f) => f.endsWith('.json')).sort();
    try {
      const first = await testServer(own.path, { keepJobs: 2 });
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const job = await json(await postJson(`${first.url}/v1/jobs`, { name: `kept-${i}`, csv: IRIS_CSV, target: 'species', hidden: [3], epochs: 2 }));
        expect((await jobIn(first.url, job.id, ['succeeded', 'failed'])).state).toBe('succeeded');
        ids.push(job.id);
      }
      // The oldest record goes once the third job has finished; its model stays.
      const gone = async () => (await fetch(`${first.url}/v1/jobs/${ids[0]}`)).status === 404;
      for (let tries = 0; !(await gone()) && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await gone()).toBe(true);
      expect((await json(await fetch(`${first.url}/v1/jobs`))).jobs.map((j: any) => j.id).sort()).toEqual([ids[1], ids[2]].sort());
      expect((await fetch(`${first.url}/v1/models/kept-0`)).status).toBe(200);
      await first.close();
      expect(records()).toEqual([`${ids[1]}.json`, `${ids[2]}.json`].sort());

      // A smaller limit applies to the records found at start.
      const second = await testServer(own.path, { keepJobs: 1 });
      try {
        expect((await json(await fetch(`${second.url}/v1/jobs`))).jobs.map((j: any) => j.id)).toEqual([ids[2]]);
        expect(records()).toEqual([`${ids[2]}.json`]);
      } finally {
        await second.close();
      }
    } finally {
      own.remove();
    }
  });

  it('keeps finished job records within --keep-job-bytes too: a record larger than the budget goes once its job ends', async () => {
    const own = tempFolder();
    const jobsDir = join(own.path, '.jobs');
    const server = await testServer(own.path, { keepJobBytes: 1 });
    try {
      const job = await json(await postJson(`${server.url}/v1/jobs`, { name: 'weighed', csv: IRIS_CSV, target: 'species', hidden: [3], epochs: 2 }));
      // Gone from memory, then from disk (the file is deleted after its last write).
      const records = () => readdirSync(jobsDir).filter((f) => f.endsWith('.json'));
      const gone = async () => (await fetch(`${server.url}/v1/jobs/${job.id}`)).status === 404 && records().length === 0;
      for (let tries = 0; !(await gone()) && tries < 250; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect((await fetch(`${server.url}/v1/jobs/${job.id}`)).status).toBe(404);
      expect(records()).toEqual([]);
      expect((await fetch(`${server.url}/v1/models/weighed`)).status).toBe(200); // its model stays
    } finally {
      await server.close();
      own.remove();
    }
  });
});
