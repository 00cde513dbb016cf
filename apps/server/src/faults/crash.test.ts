/**
 * Faults: kill -9 at points chosen by a seeded generator, during uploads, job starts and job ends,
 * each followed by a restart over the same folder. After every restart: nothing skipped as
 * corrupt, no temporary file left, the replaced model whole (old or new), every upload that was
 * answered 2xx there, every job that was answered 202 there (finished, or interrupted with the
 * epochs it ran).
 */
import { Model } from '@bpnn/core';
import { writeModel } from '@bpnn/serialize';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IRIS_CSV, irisBytes, jobIn, json, longJob, postJson, tempFolder, waitFor } from '../../test/helpers.js';
import { killAll, seeded, startProcess } from '../../test/spawn.js';

const folder = tempFolder();
afterAll(() => {
  killAll();
  folder.remove();
});

/** A model of about 0.5 MB (4-256-256-3), so that a kill can land in the middle of writing it. */
function wideBytes(seed: number): Uint8Array {
  const inputs = Array.from({ length: 8 }, (_, i) => [i, i % 3, i % 2, 1]);
  const data = { inputNames: ['a', 'b', 'c', 'd'], inputs, targetNames: ['y'], targets: inputs.map((_, i) => [String(i % 3)]) };
  return writeModel(Model.train(data, { hidden: [256, 256], epochs: 1, seed }).model);
}

const put = (url: string, name: string, body: Uint8Array) =>
  fetch(`${url}/v1/models/${name}`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body });
const download = async (url: string, name: string) => new Uint8Array(await (await fetch(`${url}/v1/models/${name}/file`)).arrayBuffer());
const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0;
const temporaryFiles = (path: string) => readdirSync(path).filter((f) => f.endsWith('.tmp'));

describe('kill -9, then a restart', () => {
  it('keeps a running job\'s progress: interrupted, with the epochs and losses it ran', async () => {
    const models = join(folder.path, 'progress');
    const first = await startProcess(['--models-dir', models]);
    const { id } = await json(await postJson(`${first.url}/v1/jobs`, longJob('long')));
    await waitFor('epoch 5', async () => ((await json(await fetch(`${first.url}/v1/jobs/${id}`))).epoch >= 5 ? true : undefined), 20_000);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // one progress save (each second) after epoch 5
    await first.crash();
    const second = await startProcess(['--models-dir', models]);
    try {
      const record = await json(await fetch(`${second.url}/v1/jobs/${id}`));
      expect(record).toMatchObject({ state: 'interrupted', error: 'the server stopped while the job was running' });
      expect(record.epoch).toBeGreaterThanOrEqual(5);
      expect(record.losses).toHaveLength(record.epoch);
      expect(record.loss).toBe(record.losses.at(-1).loss);
    } finally {
      await second.stop();
    }
  });

  it('at random points of uploads: the replaced model is old or new, whole; every answered upload is there', async () => {
    const models = join(folder.path, 'uploads');
    const versions = [wideBytes(1), wideBytes(2)];
    const random = seeded(12);
    let server = await startProcess(['--models-dir', models]);
    expect((await put(server.url, 'a', versions[0])).status).toBe(201);
    const answered = new Map<string, Uint8Array>();
    for (let round = 0; round < 6; round++) {
      const fresh = await irisBytes();
      const uploads = [
        put(server.url, 'a', versions[(round + 1) % 2]).catch(() => {}), // cut off by the kill, or not
        put(server.url, `b-${round}`, fresh).then((response) => response.status === 201 && answered.set(`b-${round}`, fresh), () => {}),
      ];
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 40)));
      await server.crash();
      await Promise.allSettled(uploads);
      server = await startProcess(['--models-dir', models]);
      expect(server.stderr(), `round ${round}`).not.toContain('skipped');
      expect(temporaryFiles(models), `round ${round}`).toEqual([]);
      const a = await download(server.url, 'a');
      expect(sameBytes(a, versions[0]) || sameBytes(a, versions[1]), `round ${round}: a is one version, whole`).toBe(true);
      for (const [name, bytes] of answered) expect(sameBytes(await download(server.url, name), bytes), name).toBe(true);
    }
    // The bundled server's request pool serves a prediction too large for the event loop.
    const inputs = Array.from({ length: 100 }, (_, i) => [i, i % 3, i % 2, 1]);
    const predicted = await postJson(`${server.url}/v1/models/a/predict`, { inputs });
    expect(predicted.status).toBe(200);
    expect((await json(predicted)).outputs).toHaveLength(100);
    await server.stop();
  });

  it('at random points of job starts and ends: every job answered 202 is there, finished; its model whole if it succeeded', async () => {
    const models = join(folder.path, 'jobs');
    const random = seeded(34);
    const accepted: Array<{ id: string; name: string }> = [];
    let server = await startProcess(['--models-dir', models, '--max-queue', '8']);
    for (let round = 0; round < 6; round++) {
      const submissions = [0, 1].map(async (k) => {
        const name = `job-${round}-${k}`;
        const response = await postJson(`${server.url}/v1/jobs`, { name, csv: IRIS_CSV, target: 'species', hidden: [4], epochs: 3 });
        if (response.status === 202) accepted.push({ id: (await json(response)).id, name });
      }).map((submission) => submission.catch(() => {})); // cut off by the kill, or not
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 400)));
      await server.crash();
      await Promise.allSettled(submissions);
      server = await startProcess(['--models-dir', models, '--max-queue', '8']);
      expect(server.stderr(), `round ${round}`).not.toContain('skipped');
      expect(temporaryFiles(models).concat(temporaryFiles(join(models, '.jobs'))), `round ${round}`).toEqual([]);
      for (const { id, name } of accepted) {
        const record = await jobIn(server.url, id, ['succeeded', 'failed', 'cancelled', 'interrupted'], 5000);
        if (record.state === 'succeeded') expect((await json(await fetch(`${server.url}/v1/models/${name}`))).layers, name).toEqual([4, 4, 3]);
        else expect(record, name).toMatchObject({ state: 'interrupted' });
      }
    }
    expect(accepted.length).toBeGreaterThan(0);
    await server.stop();
  }, 60_000);
});
