/**
 * Fuzzing, with fixed seeds (fast-check): request bodies drawn at random, and near-valid ones with
 * one field replaced by a random value, sent to every route that takes a body; truncated and
 * bit-flipped model uploads. Each answer must be a documented status (2xx, or a 4xx with a JSON
 * `error` string; 429/503 when full) and carry no stack trace; the server keeps serving, and the
 * model that was there stays whole.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IRIS_CSV, irisBytes, postJson, tempFolder, testServer, type TestServer } from '../../test/helpers.js';

const folder = tempFolder();
let server: TestServer;
let good: Uint8Array;
beforeAll(async () => {
  server = await testServer(folder.path, { maxJobs: 1, maxQueue: 2 });
  good = await irisBytes();
  expect((await put('iris', good, 'application/octet-stream')).status).toBe(201);
});
afterAll(async () => {
  await server.close();
  folder.remove();
});

const put = (name: string, body: Uint8Array | string, type: string) => fetch(`${server.url}/v1/models/${name}`, { method: 'PUT', headers: { 'content-type': type }, body });
const SEED = 20261201;

/** Checks one answer: a status the README documents, a JSON error naming something, no stack. */
async function checkAnswer(response: Response, what: string): Promise<number> {
  const text = await response.text();
  expect(response.status, `${what}: ${text.slice(0, 300)}`).toBeLessThan(500);
  expect(text, what).not.toMatch(/\n\s+at |node:internal|\.ts:\d+/);
  if (response.status >= 400) {
    const body = JSON.parse(text);
    expect(typeof body.error, what).toBe('string');
    expect(body.error.length, what).toBeGreaterThan(5);
    expect(body.error, what).not.toBe('internal error');
  }
  return response.status;
}

/** A job or prediction accepted by chance is cancelled at once, so that fuzzing trains nothing for long. */
async function cancelIfAccepted(status: number, response: Response): Promise<void> {
  if (status !== 202) return;
  const location = response.headers.get('location');
  if (location !== null) await fetch(`${server.url}${location}`, { method: 'DELETE' });
}

const predictBase = { inputs: [[5.1, 3.5, 1.4, 0.2]] };
const jobBase = { name: 'fuzzed', csv: IRIS_CSV, target: 'species', hidden: [2], epochs: 1 };
/** A near-valid body: the base with one field (existing or not) set to an arbitrary JSON value. */
const nearValid = (base: Record<string, unknown>) =>
  fc.tuple(fc.oneof(fc.constantFrom(...Object.keys(base), 'hidden', 'optimizer', 'learningRate', 'rows', 'activation', 'seed', 'validationSplit', 'patience'), fc.string()), fc.jsonValue({ maxDepth: 4 }))
    .map(([key, value]) => ({ ...base, [key]: value }));

describe('fuzzed request bodies (fixed seed)', () => {
  it('POST /v1/models/:name/predict: any JSON, and near-valid bodies: 200 or a 4xx naming the problem', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue({ maxDepth: 5 }), nearValid(predictBase), fc.array(fc.array(fc.oneof(fc.double(), fc.string(), fc.constant(null)), { maxLength: 6 }), { maxLength: 4 }).map((inputs) => ({ inputs }))), async (body) => {
        const response = await postJson(`${server.url}/v1/models/iris/predict`, JSON.stringify(body) ?? 'null');
        await checkAnswer(response, `predict ${JSON.stringify(body)?.slice(0, 200)}`);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('POST /v1/jobs: any JSON, and near-valid bodies: 202, 429, or a 4xx naming the problem', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue({ maxDepth: 5 }), nearValid(jobBase)), async (body) => {
        const response = await postJson(`${server.url}/v1/jobs`, JSON.stringify(body) ?? 'null');
        const status = await checkAnswer(response, `job ${JSON.stringify(body)?.slice(0, 200)}`);
        await cancelIfAccepted(status, response);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('raw bytes and odd content types on every route with a body: never a 5xx', async () => {
    const routes: Array<[string, string]> = [['POST', '/v1/models/iris/predict'], ['POST', '/v1/jobs'], ['PUT', '/v1/models/fuzz-raw']];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.uint8Array({ maxLength: 2048 }), fc.constantFrom('application/json', 'application/octet-stream', 'text/plain', 'application/json; charset=latin1'), async ([method, path], bytes, type) => {
        const response = await fetch(`${server.url}${path}`, { method, headers: { 'content-type': type }, body: bytes });
        const status = await checkAnswer(response, `${method} ${path} ${type} ${bytes.length} bytes`);
        await cancelIfAccepted(status, response);
        if (method === 'PUT' && status < 300) await fetch(`${server.url}${path}`, { method: 'DELETE' });
      }),
      { seed: SEED, numRuns: 120 },
    );
  });

  it('model names and job ids of any characters: 404 or 400, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 80 }), async (name) => {
        const segment = encodeURIComponent(name);
        for (const path of [`/v1/models/${segment}`, `/v1/models/${segment}/file`, `/v1/jobs/${segment}`]) await checkAnswer(await fetch(`${server.url}${path}`), `GET ${path}`);
        await checkAnswer(await fetch(`${server.url}/v1/models/${segment}`, { method: 'DELETE' }), `DELETE ${segment}`);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});

describe('damaged model uploads (fixed seed)', () => {
  it('truncated at any length, or with any bit flipped: 4xx naming the problem; the model there stays whole', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.nat({ max: good.length - 1 }).map((cut) => ({ cut })), fc.nat({ max: good.length * 8 - 1 }).map((bit) => ({ bit }))), async (damage) => {
        const bytes = new Uint8Array(good);
        const body = 'cut' in damage ? bytes.subarray(0, damage.cut) : (bytes[damage.bit >> 3] ^= 1 << (damage.bit & 7), bytes);
        const response = await put('iris', body, 'application/octet-stream');
        const status = await checkAnswer(response, `upload ${JSON.stringify(damage)}`);
        // A flipped bit can land in a place the format does not check (JSON whitespace, a key's case): a 200 is then
        // an upload of a valid model; otherwise the old one must be there, byte for byte.
        // Cut to nothing, the upload has no body: a 400 that says so.
        if (status >= 400) expect(status, JSON.stringify(damage)).toBe(body.length === 0 ? 400 : 422);
        if (status === 200) await put('iris', good, 'application/octet-stream');
        const kept = new Uint8Array(await (await fetch(`${server.url}/v1/models/iris/file`)).arrayBuffer());
        expect(Buffer.compare(kept, good), JSON.stringify(damage)).toBe(0);
      }),
      { seed: SEED, numRuns: 200 },
    );
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(server.logs.filter((line) => line.includes(' failed: '))).toEqual([]);
  });

  it('the JSON form, truncated or with a character changed: 4xx naming the problem', async () => {
    const text = await (await fetch(`${server.url}/v1/models/iris/file`, { headers: { accept: 'application/json' } })).text();
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: text.length - 1 }), fc.string({ minLength: 1, maxLength: 1 }), fc.boolean(), async (at, char, cut) => {
        const body = cut ? text.slice(0, at) : text.slice(0, at) + char + text.slice(at + 1);
        const response = await put('iris-json', body, 'application/json');
        await checkAnswer(response, `json upload at ${at} ${cut ? 'cut' : JSON.stringify(char)}`);
      }),
      { seed: SEED, numRuns: 120 },
    );
  });
});
