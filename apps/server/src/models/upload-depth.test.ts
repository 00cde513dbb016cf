/**
 * An uploaded model whose training record nests 5,000 deep (the JSON form's `training.options`, a
 * .bpnn file's `__metadata__.training`), small enough to be read on the event loop or large
 * enough for the request pool, is a 422 naming the limit, never a 500 from a stack overflow where
 * the model is written again; nothing is stored, and the server keeps serving. A model nested
 * anywhere else is refused by the reader's schema (a 4xx) or dropped by it (unknown members of
 * `model` are not kept): never a 500, and a model taken is shown and downloaded.
 */
import { writeModel, writeModelJson } from '@bpnn/serialize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, line, tempFolder, testServer, type TestServer } from '../../test/helpers.js';

const folder = tempFolder();
let server: TestServer;
beforeAll(async () => {
  server = await testServer(folder.path, { bodyLimit: 4 * 1024 * 1024 });
});
afterAll(async () => {
  await server.close();
  folder.remove();
});

const DEEP = `${'['.repeat(5000)}${']'.repeat(5000)}`;
/** Pads an upload beyond 64 KiB, so that the request pool reads it. */
const PAD = `"note": ${JSON.stringify('x'.repeat(70_000))},`;

/** A .bpnn file with its metadata's training record replaced by `training` (JSON text): the tensors' checksum still holds. */
function withTraining(file: Uint8Array, training: string): Uint8Array {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const length = Number(view.getBigUint64(0, true));
  const header = JSON.parse(Buffer.from(file.subarray(8, 8 + length)).toString('utf8'));
  header.__metadata__.training = training;
  const text = Buffer.from(JSON.stringify(header), 'utf8');
  const out = new Uint8Array(8 + text.length + file.length - 8 - length);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  out.set(file.subarray(8 + length), 8 + text.length);
  return out;
}

const put = (name: string, body: string | Uint8Array, type: string) => fetch(`${server.url}/v1/models/${name}`, { method: 'PUT', headers: { 'content-type': type }, body });

describe('an upload nested 5,000 deep', () => {
  it('in the JSON form\'s training.options is a 422 naming the limit, read inline or in the pool', async () => {
    const text = writeModelJson(line());
    for (const [name, pad] of [['inline', ''], ['pooled', PAD]] as const) {
      const deep = text.replace('"options": {', `"options": {${pad} "deep": ${DEEP},`);
      expect(deep).not.toBe(text);
      const response = await put(name, deep, 'application/json');
      expect(response.status, name).toBe(422);
      expect(await json(response)).toEqual({ error: `uploaded model "${name}": training nests arrays and objects more than 32 deep; a training record has a few levels. The file is damaged or was not written by bpnn: save or train the model again.` });
      expect((await fetch(`${server.url}/v1/models/${name}`)).status).toBe(404);
    }
  });

  it('in a .bpnn file\'s metadata is a 422 naming the limit, read inline or in the pool', async () => {
    const file = writeModel(line());
    const training = JSON.parse(writeModelJson(line())).training;
    for (const [name, pad] of [['small', ''], ['large', PAD]] as const) {
      const deep = JSON.stringify(training).replace('"options":{', `"options":{${pad}"deep":${DEEP},`);
      const response = await put(name, withTraining(file, deep), 'application/octet-stream');
      expect(response.status, name).toBe(422);
      expect(await json(response)).toEqual({ error: `uploaded model "${name}": training nests arrays and objects more than 32 deep; a training record has a few levels. The file is damaged or was not written by bpnn: save or train the model again.` });
    }
    // The same file with a shallow record is taken: only the depth was wrong.
    const shallow = await put('shallow', withTraining(file, JSON.stringify(training)), 'application/octet-stream');
    expect(shallow.status).toBe(201);
  });

  it('anywhere else in the model is refused or dropped by the reader, never a 500, and the server keeps serving', async () => {
    const text = writeModelJson(line());
    for (const [field, deep] of [
      ['model', text.replace('"model": {', `"model": {"deep": ${DEEP},`)],
      ['checkpoint', text.replace(/"checkpoint": \{/, `"checkpoint": {"deep": ${DEEP},`)],
      ['root', `{"deep": ${DEEP}}`],
    ] as const) {
      const response = await put('elsewhere', deep, 'application/json');
      const body = await json(response);
      if (response.status >= 400) {
        expect(response.status, field).toBeLessThan(500);
        expect(typeof body.error).toBe('string');
      } else {
        expect(response.status, field).toBeOneOf([200, 201]);
        expect((await fetch(`${server.url}/v1/models/elsewhere`)).status).toBe(200);
        expect((await fetch(`${server.url}/v1/models/elsewhere/file`, { headers: { accept: 'application/json' } })).status).toBe(200);
      }
    }
    expect(server.logs.filter((line) => line.includes(' failed: '))).toEqual([]);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
