/**
 * A large model upload is read in the request pool (model-upload.ts): the pool's task counter
 * shows it ran there (and that a small one did not); what is stored is what the event loop would
 * have stored, byte for byte, and predicts the same; /healthz and small predictions answer while
 * a 9 MB JSON model is read; a damaged large upload (chosen, and drawn at random with a fixed
 * seed) gets the 422 with readModel's own message on the event loop, word for word, and the model
 * there stays.
 */
import { Model, Network, type DType } from '@bpnn/core';
import { readModel, readModelJson, writeModel, writeModelJson } from '@bpnn/serialize';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { irisBytes, json, postJson, tempFolder, testServer, waitFor, type TestServer } from '../../test/helpers.js';
import { INLINE_BODY_BYTES } from '../http/json-text.js';

/** A 4-inputs, 3-classes model of the given hidden layers, its weights drawn from a fixed seed. */
function wideModel(hidden: number[], dtype: DType, seed: number): Model {
  const network = new Network({ layers: [4, ...hidden, 3], activation: 'relu', loss: 'categorical-cross-entropy', dtype, seed });
  return new Model({
    task: 'classification',
    network,
    inputNames: ['a', 'b', 'c', 'd'],
    targetNames: ['kind'],
    inputScaler: { kind: 'standard', offset: [1, 2, 3, 4], scale: [0.5, 1, 2, 4] },
    labels: ['x', 'y', 'z'],
  });
}

const folder = tempFolder();
let server: TestServer;
/** 4-1000-1000-3 in float64: an 8.1 MB .bpnn file. */
let big: Model;
let bigBytes: Uint8Array;
/** 4-650-650-3 in float32: a JSON form of about 9 MB. */
let wide: Model;
let wideJson: string;
beforeAll(async () => {
  server = await testServer(folder.path, { bodyLimit: 16 * 1024 * 1024, poolThreads: 1, poolQueue: 4 });
  big = wideModel([1000, 1000], 'float64', 1);
  bigBytes = writeModel(big);
  wide = wideModel([650, 650], 'float32', 2);
  wideJson = writeModelJson(wide);
  expect(bigBytes.length).toBeGreaterThan(8_000_000);
  expect(wideJson.length).toBeGreaterThan(8_000_000);
  expect((await put('iris', await irisBytes())).status).toBe(201);
}, 60_000);
afterAll(async () => {
  await server.close();
  folder.remove();
});

const put = (name: string, body: Uint8Array | string, type = 'application/octet-stream') =>
  fetch(`${server.url}/v1/models/${name}`, { method: 'PUT', headers: { 'content-type': type }, body });

/** How many uploads the pool's threads have read, from /metrics. */
async function uploadsReadInPool(): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return Number(/^bpnn_request_pool_tasks_total\{task="readUpload"\} (\d+)$/m.exec(text)?.[1] ?? Number.NaN);
}

const fileOf = async (name: string) => new Uint8Array(await (await fetch(`${server.url}/v1/models/${name}/file`)).arrayBuffer());
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const rows = [[0.5, -1, 2, 3], [4, 0.25, -2, 1]];

/** The server's answer to a predict of `rows` (2 rows: on the event loop, with the model it built) against the model's own. */
async function expectSamePredictions(name: string, model: Model): Promise<void> {
  const answer = await json(await postJson(`${server.url}/v1/models/${name}/predict`, { inputs: rows }));
  const expected = model.predict(rows);
  if (expected.task !== 'classification') throw new Error('a classifier was expected');
  expect(answer.labels).toEqual(expected.labels);
  expect(answer.outputs).toEqual(expected.probabilities.toRows());
}

describe('a large model upload', () => {
  it('is read in the pool, a small one on the event loop; the .bpnn file is stored byte for byte and predicts as the model', async () => {
    const before = await uploadsReadInPool();
    expect((await put('iris-again', await irisBytes())).status).toBe(201);
    expect((await irisBytes()).length).toBeLessThanOrEqual(INLINE_BODY_BYTES);
    expect(await uploadsReadInPool(), 'a small upload stays on the event loop').toBe(before);

    const response = await put('big', bigBytes);
    expect(response.status).toBe(201);
    expect(await uploadsReadInPool(), 'the upload was read by a pool thread').toBe(before + 1);
    const details = await json(response);
    expect(details).toMatchObject({ name: 'big', layers: [4, 1000, 1000, 3], dtype: 'float64', parameters: big.network.params.length, bytes: bigBytes.length, sha256: sha256(bigBytes) });
    expect(Buffer.compare(await fileOf('big'), bigBytes)).toBe(0);
    await expectSamePredictions('big', big);
  });

  it('in JSON form is written as the .bpnn file the event loop would write (writeModel of readModelJson), byte for byte', async () => {
    const before = await uploadsReadInPool();
    const response = await put('wide', wideJson, 'application/json');
    expect(response.status).toBe(201);
    expect(await uploadsReadInPool()).toBe(before + 1);
    const inline = writeModel(readModelJson(wideJson)); // what PUT stores for a small JSON upload
    const stored = await fileOf('wide');
    expect(Buffer.compare(stored, inline)).toBe(0);
    expect(Buffer.compare(stored, writeModel(wide))).toBe(0);
    expect((await json(await fetch(`${server.url}/v1/models/wide`))).sha256).toBe(sha256(inline));
    await expectSamePredictions('wide', wide);
  });

  it('leaves /healthz and small predictions answering while a 9 MB JSON model is read', async () => {
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    let answered = false;
    const upload = put('wide-2', wideJson, 'application/json').then((response) => {
      answered = true;
      return response;
    });
    // The pool holds the upload once the whole body has arrived: from then until the answer, the
    // event loop has handed the reading away.
    const active = async () => /^bpnn_request_pool_active 1$/m.test(await (await fetch(`${server.url}/metrics`)).text());
    await waitFor('the upload in the pool', async () => ((await active()) || answered ? true : undefined));
    let answeredDuring = 0;
    while (!answered) {
      const health = await fetch(`${server.url}/healthz`);
      const small = await postJson(`${server.url}/v1/models/iris/predict`, { inputs: [[5.1, 3.5, 1.4, 0.2]] });
      if (health.status === 200 && small.status === 200 && !answered && (await active())) answeredDuring++;
    }
    delay.disable();
    expect((await upload).status).toBe(201);
    console.log(`event loop: longest delay ${(delay.max / 1e6).toFixed(0)} ms while a ${(wideJson.length / 1e6).toFixed(1)} MB JSON model was uploaded, read and stored; ${answeredDuring} /healthz and small predictions answered while the pool read it`);
    expect(answeredDuring, 'health checks and small predictions answered while the pool read the upload').toBeGreaterThan(0);
  });

  it('damaged (truncated, a bit flipped, broken JSON) gets the 422 readModel gives on the event loop, word for word; the model there stays', async () => {
    const flip = (at: number) => {
      const bytes = new Uint8Array(bigBytes);
      bytes[at] ^= 0x10;
      return bytes;
    };
    const header = Number(new DataView(bigBytes.buffer, bigBytes.byteOffset).getBigUint64(0, true));
    const brokenJson = wideJson.replace('"tensors": {', '"tensors": {,');
    const cases: { what: string; body: Uint8Array | string; type?: string }[] = [
      { what: 'truncated', body: bigBytes.subarray(0, 5_000_000) },
      { what: 'a weight bit flipped', body: flip(bigBytes.length - 1000) },
      { what: 'a header bit flipped', body: flip(8 + Math.floor(header / 2)) },
      { what: 'JSON cut short', body: wideJson.slice(0, 7_000_000), type: 'application/json' },
      { what: 'JSON with a stray comma', body: brokenJson, type: 'application/json' },
    ];
    expect(brokenJson).not.toBe(wideJson);
    const before = await uploadsReadInPool();
    for (const { what, body, type } of cases) {
      const response = await put('big', body, type);
      const reference = thrownBy(() => (type === undefined ? readModel(body as Uint8Array, { source: 'uploaded model "big"' }) : readModelJson(body as string, { source: 'uploaded model "big"' })));
      expect({ what, status: response.status, body: await json(response) }).toEqual({ what, status: 422, body: { error: reference } });
    }
    expect(await uploadsReadInPool(), 'each was read in the pool').toBe(before + cases.length);
    expect(Buffer.compare(await fileOf('big'), bigBytes)).toBe(0);
    expect(server.logs.filter((line) => line.includes(' failed: '))).toEqual([]);
  });
});

describe('a damaged upload just over the inline limit (fixed seed)', () => {
  it('truncated at any length or with any bit flipped: the answer readModel gives on the event loop, in the pool', async () => {
    const mid = writeModel(wideModel([100, 100], 'float64', 3)); // 87 KB: read in the pool
    expect(mid.length).toBeGreaterThan(INLINE_BODY_BYTES);
    expect((await put('mid', mid)).status).toBe(201);
    const before = await uploadsReadInPool();
    let damaged = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.integer({ min: INLINE_BODY_BYTES + 1, max: mid.length - 1 }).map((cut) => ({ cut })), fc.nat({ max: mid.length * 8 - 1 }).map((bit) => ({ bit }))), async (damage) => {
        const bytes = new Uint8Array(mid);
        const body = 'cut' in damage ? bytes.subarray(0, damage.cut) : (bytes[damage.bit >> 3] ^= 1 << (damage.bit & 7), bytes);
        let reference: string | undefined;
        try {
          readModel(body, { source: 'uploaded model "mid"' });
        } catch (error) {
          reference = (error as Error).message;
        }
        const response = await put('mid', body);
        damaged++;
        if (reference === undefined) {
          // A bit the format does not check (JSON whitespace, padding): a valid model, stored as sent.
          expect(response.status, JSON.stringify(damage)).toBe(200);
          expect(Buffer.compare(await fileOf('mid'), body)).toBe(0);
          expect((await put('mid', mid)).status).toBe(200);
          damaged++;
        } else {
          expect({ status: response.status, body: await json(response) }, JSON.stringify(damage)).toEqual({ status: 422, body: { error: reference } });
        }
      }),
      { seed: 20261201, numRuns: 60 },
    );
    expect(await uploadsReadInPool()).toBe(before + damaged);
    expect(Buffer.compare(await fileOf('mid'), mid)).toBe(0);
  });
});

/** The message of what `call` throws. */
function thrownBy(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the reference reader to throw');
}
