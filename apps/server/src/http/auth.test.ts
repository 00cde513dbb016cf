import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IRIS_CSV, irisBytes, json, postJson, tempFolder, testServer, type TestServer } from '../../test/helpers.js';

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

describe('with BPNN_READ_TOKEN set too', () => {
  const READ = 'read-only-token';
  let guarded: TestServer;
  const own = tempFolder();
  beforeAll(async () => {
    guarded = await testServer(own.path, { token: TOKEN, readToken: READ });
    const put = await fetch(`${guarded.url}/v1/models/m`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${TOKEN}` }, body: await irisBytes() });
    expect(put.status).toBe(201);
  });
  afterAll(async () => {
    await guarded.close();
    own.remove();
  });

  const reads = ['/metrics', '/v1/models', '/v1/models/m', '/v1/models/m/file', '/v1/jobs', '/v1/jobs/00000000-0000-4000-8000-000000000000'];
  it('refuses every read (models, download, jobs, metrics, predict) without a token with 401', async () => {
    for (const path of reads) {
      const response = await fetch(`${guarded.url}${path}`);
      expect(response.status, path).toBe(401);
      expect(response.headers.get('www-authenticate'), path).toBe('Bearer realm="bpnn-server"');
    }
    expect((await postJson(`${guarded.url}/v1/models/m/predict`, { inputs: [[5, 3, 1, 0]] })).status).toBe(401);
    expect((await postJson(`${guarded.url}/v1/models/m/predict`, { inputs: [[5, 3, 1, 0]] }, { authorization: 'Bearer wrong' })).status).toBe(401);
    // Probes stay open, so that an orchestrator needs no secret.
    for (const path of ['/healthz', '/readyz']) expect((await fetch(`${guarded.url}${path}`)).status, path).toBe(200);
  });

  it('takes the read token or the token for reads, and only the token for writes', async () => {
    for (const token of [READ, TOKEN]) {
      const headers = { authorization: `Bearer ${token}` };
      for (const path of reads.slice(0, -1)) expect((await fetch(`${guarded.url}${path}`, { headers })).status, `${path} ${token}`).toBe(200);
      expect((await fetch(`${guarded.url}${reads.at(-1)}`, { headers })).status).toBe(404);
      expect((await postJson(`${guarded.url}/v1/models/m/predict`, { inputs: [[5, 3, 1, 0]] }, headers)).status).toBe(200);
    }
    // The read token is no wrong token: it may not change anything (403, RFC 6750's insufficient_scope).
    const write = await fetch(`${guarded.url}/v1/models/m`, { method: 'DELETE', headers: { authorization: `Bearer ${READ}` } });
    expect(write.status).toBe(403);
    expect(write.headers.get('www-authenticate')).toBe('Bearer realm="bpnn-server", error="insufficient_scope"');
    expect(await json(write)).toEqual({ error: 'the bearer token sent is the read token, which may only read: DELETE /v1/models/m needs the token that may change models and jobs' });
    const job = await postJson(`${guarded.url}/v1/jobs`, { name: 'j', csv: IRIS_CSV, target: 'species', epochs: 1 }, { authorization: `Bearer ${READ}` });
    expect(job.status).toBe(403);
    expect((await fetch(`${guarded.url}/v1/models/m`, { method: 'DELETE', headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${guarded.url}/v1/models/m`, { headers: { authorization: `Bearer ${READ}` } })).status).toBe(200);
  });
});

describe('the Host header', () => {
  it('bound to loopback, takes loopback names only: a DNS-rebound name is a 403 that names it', async () => {
    const headersFor = (host: string) => ({ host });
    const { request } = await import('node:http');
    const get = (host: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(`${base}/v1/models`, { headers: headersFor(host) }, (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        });
        req.on('error', reject);
        req.end();
      });
    const port = new URL(base).port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'LOCALHOST']) expect((await get(host)).status, host).toBe(200);
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1.evil.example:${port}`, 'localhost.evil.example']) {
      const answer = await get(host);
      expect(answer.status, host).toBe(403);
      expect(JSON.parse(answer.body).error).toBe(`the Host header ${JSON.stringify(host)}; this server answers to localhost, 127.0.0.1, [::1] only (set --allowed-hosts or BPNN_ALLOWED_HOSTS)`);
    }
  });
});
