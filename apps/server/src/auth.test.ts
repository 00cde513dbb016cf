import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IRIS_CSV, irisBytes, json, postJson, tempFolder, testServer, type TestServer } from '../test/helpers.js';

let server: TestServer;
let base: string;
const folder = tempFolder();
const TOKEN = 's3cret-token';

beforeAll(async () => {
  server = await testServer(folder.path, { token: TOKEN });
  base = server.url;
});

afterAll(async () => {
  await server.close();
  folder.remove();
});

const upload = async (headers: Record<string, string>) =>
  fetch(`${base}/v1/models/guarded`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream', ...headers }, body: await irisBytes() });

describe('with BPNN_TOKEN set', () => {
  it('refuses a PUT without a token, or with a wrong one, with 401 and a Bearer challenge; takes the right one', async () => {
    const missing = await upload({});
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="bpnn-server"');
    expect(await json(missing)).toEqual({ error: 'PUT /v1/models/guarded needs an Authorization: Bearer <token> header' });
    for (const wrong of ['Bearer s3cret-tokem', 'Bearer s3cret-token-and-more', 'Bearer ', 'Basic czNjcmV0LXRva2Vu', TOKEN]) {
      const response = await upload({ authorization: wrong });
      expect(response.status, wrong).toBe(401);
      expect(await json(response)).toEqual({ error: 'the Authorization header does not carry the right bearer token' });
    }
    expect((await fetch(`${base}/v1/models/guarded`)).status).toBe(404);
    expect((await upload({ authorization: `Bearer ${TOKEN}` })).status).toBe(201);
    expect((await upload({ authorization: `bearer ${TOKEN}` })).status).toBe(200);
  });

  it('guards DELETE and POST /v1/jobs, and checks the token before reading the body', async () => {
    expect((await fetch(`${base}/v1/models/guarded`, { method: 'DELETE' })).status).toBe(401);
    expect((await fetch(`${base}/v1/models/guarded`, { method: 'DELETE', headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    const job = { name: 'j', csv: IRIS_CSV, target: 'species', epochs: 1 };
    expect((await postJson(`${base}/v1/jobs`, job)).status).toBe(401);
    expect((await postJson(`${base}/v1/jobs`, '{not json', {})).status).toBe(401);
    expect((await fetch(`${base}/v1/jobs/x`, { method: 'DELETE' })).status).toBe(401);
    const accepted = await postJson(`${base}/v1/jobs`, job, { authorization: `Bearer ${TOKEN}` });
    expect(accepted.status).toBe(202);
    expect((await fetch(`${base}/v1/models/guarded`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(204);
  });

  it('leaves reads and predictions open', async () => {
    await upload({ authorization: `Bearer ${TOKEN}` });
    for (const path of ['/healthz', '/readyz', '/metrics', '/openapi.json', '/v1/models', '/v1/models/guarded', '/v1/models/guarded/file', '/v1/jobs']) {
      expect((await fetch(`${base}${path}`)).status, path).toBe(200);
    }
    expect((await postJson(`${base}/v1/models/guarded/predict`, { inputs: [[5, 3, 1, 0]] })).status).toBe(200);
  });
});
