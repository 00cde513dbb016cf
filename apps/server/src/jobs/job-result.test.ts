/**
 * Issue 12: a finished job's model is not read on the event loop. The training worker sends it
 * back ready for the store (train-worker.ts, job-worker.ts); these tests check that what is stored
 * and served is exactly the model trained (against the same request trained with core directly),
 * and count the calls: no readModel on the job-end path, one modelFromTransfer per job.
 */
import * as serialize from '@bpnn/serialize';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IRIS_CSV, json, jobIn, postJson, tempFolder, testServer, type TestServer } from '../../test/helpers.js';
import { expectTrainedAs, referenceModel } from '../../test/trained-reference.js';

vi.mock('@bpnn/serialize', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@bpnn/serialize')>();
  return { ...actual, readModel: vi.fn(actual.readModel), modelFromTransfer: vi.fn(actual.modelFromTransfer) };
});

let server: TestServer;
const folder = tempFolder();

beforeAll(async () => {
  server = await testServer(folder.path);
});

afterAll(async () => {
  await server.close();
  folder.remove();
});

const inputs = [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3], [5.9, 3.0, 4.2, 1.5]];

describe('a finished job (in-process queue)', () => {
  it('stores the model the worker trained, without reading it on the event loop', async () => {
    const body = { name: 'iris-result', csv: IRIS_CSV, target: 'species', hidden: [8], epochs: 20, seed: 11, dtype: 'float64', validationSplit: 0.2 };
    vi.mocked(serialize.readModel).mockClear();
    vi.mocked(serialize.modelFromTransfer).mockClear();
    const job = await json(await postJson(`${server.url}/v1/jobs`, body));
    expect(await jobIn(server.url, job.id, ['succeeded', 'failed'])).toMatchObject({ state: 'succeeded', error: null });
    // The model came back as modelForTransfer's parts: rebuilt once, never parsed from its bytes.
    expect(serialize.readModel).not.toHaveBeenCalled();
    expect(serialize.modelFromTransfer).toHaveBeenCalledTimes(1);

    // What is served is what was stored: the file, its checksum, and the Model in memory that writes that very file.
    const entry = server.store.require('iris-result');
    const file = new Uint8Array(await (await fetch(`${server.url}/v1/models/iris-result/file`)).arrayBuffer());
    expect(Buffer.from(entry.bytes).equals(Buffer.from(file))).toBe(true);
    expect(Buffer.from(serialize.writeModel(entry.model)).equals(Buffer.from(file)), 'the served Model writes the stored file').toBe(true);
    const info = await json(await fetch(`${server.url}/v1/models/iris-result`));
    // And that file is the model core trains from the same request, to the bit.
    expectTrainedAs(file, info.sha256, await referenceModel(body), inputs);
    const served = await json(await postJson(`${server.url}/v1/models/iris-result/predict`, { inputs }));
    expect(served.labels).toEqual((serialize.readModel(file, { source: 'the stored model' }).predict(inputs) as { labels: string[] }).labels);
  });
});
