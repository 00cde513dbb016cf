/**
 * Faults: the limits a client can run into. Deeply nested JSON (request bodies and uploaded
 * models), an idle server with --max-queue 0, a queue full of bytes, a warning for a server open
 * beyond loopback without a token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IRIS_CSV, irisBytes, json, longJob, postJson, tempFolder, testServer, jobIn, type TestServer } from '../../test/helpers.js';

const folder = tempFolder();
let server: TestServer;
beforeAll(async () => {
  server = await testServer(folder.path, { bodyLimit: 4 * 1024 * 1024 });
  const put = await fetch(`${server.url}/v1/models/iris`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: await irisBytes() });
  expect(put.status).toBe(201);
});
afterAll(async () => {
  await server.close();
  folder.remove();
});

/** `[[[…1…]]]`, `depth` arrays deep, as JSON text. */
const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

describe('deeply nested JSON', () => {
  it('is a 400 naming the limit, at 5,000 and 100,000 deep, in predict and job bodies; never a 500', async () => {
    const bodies = [5_000, 100_000].flatMap((depth) => [
      [`/v1/models/iris/predict`, `{"inputs":${nested(depth)}}`],
      [`/v1/models/iris/predict`, `{"rows":[{"a":${nested(depth)}}]}`],
      ['/v1/jobs', `{"name":"deep","rows":[{"a":${nested(depth)}}],"target":"a"}`],
      ['/v1/jobs', `{"name":"deep","csv":"a,b\\n1,2\\n","target":"b","activation":${nested(depth)}}`],
    ]);
    for (const [path, body] of bodies) {
      const response = await postJson(`${server.url}${path}`, body);
      expect(response.status, `${path} ${body.slice(0, 40)}`).toBe(400);
      expect((await json(response)).error).toBe('body nests arrays and objects more than 32 deep; this API takes at most 32');
    }
    expect(server.logs.filter((line) => line.includes('failed:'))).toEqual([]);
    expect((await postJson(`${server.url}/v1/models/iris/predict`, { inputs: [[5.1, 3.5, 1.4, 0.2]] })).status).toBe(200);
  });
});

describe('a deeply nested model upload (the JSON form)', () => {
  it('is a 422 naming the field, at 5,000 deep (read on the event loop) and 100,000 deep (in the request pool); never a 500', async () => {
    for (const depth of [5_000, 100_000]) {
      const body = `{"format":"bpnn","format_version":1,"dtype":"float64","model":{},"tensors":{"a":{"shape":[1],"data":${nested(depth)}}}}`;
      const response = await fetch(`${server.url}/v1/models/deep`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body });
      expect(response.status, `${depth} deep`).toBe(422);
      expect((await json(response)).error).toBe('uploaded model "deep": tensors."a".data[0] must be a finite number, got [[[[…]]]]. The file is damaged or was not written by bpnn: save or train the model again.');
    }
    expect(server.logs.filter((line) => line.includes('failed:'))).toEqual([]);
  });
});

describe('the job queue', () => {
  it('with --max-queue 0 takes a job on an idle server and refuses a second one while it runs', async () => {
    const own = tempFolder();
    const strict = await testServer(own.path, { maxJobs: 1, maxQueue: 0 });
    try {
      const first = await postJson(`${strict.url}/v1/jobs`, longJob('only'));
      expect(first.status).toBe(202);
      const { id } = await json(first);
      await jobIn(strict.url, id, ['running']);
      const second = await postJson(`${strict.url}/v1/jobs`, longJob('more'));
      expect(second.status).toBe(429);
      expect(second.headers.get('retry-after')).toBe('30');
      expect((await fetch(`${strict.url}/v1/jobs/${id}`, { method: 'DELETE' })).status).toBe(202);
      await jobIn(strict.url, id, ['cancelled']);
      expect((await postJson(`${strict.url}/v1/jobs`, { name: 'after', csv: IRIS_CSV, target: 'species', epochs: 1 })).status).toBe(202);
    } finally {
      await strict.close();
      own.remove();
    }
  });

  it('counts the bytes of queued data: beyond --max-queue-bytes a job is a 429 naming them', async () => {
    const own = tempFolder();
    const small = await testServer(own.path, { maxJobs: 1, maxQueue: 10, maxQueueBytes: 64 * 1024 });
    try {
      const running = await json(await postJson(`${small.url}/v1/jobs`, longJob('running')));
      await jobIn(small.url, running.id, ['running']);
      const [header, ...lines] = IRIS_CSV.trim().split(/\r?\n/);
      const csv = [header, ...Array(12).fill(lines).flat()].join('\n'); // about 44 KB
      const waiting = await postJson(`${small.url}/v1/jobs`, { ...longJob('waiting'), csv });
      expect(waiting.status, await waiting.clone().text()).toBe(202);
      const refused = await postJson(`${small.url}/v1/jobs`, { ...longJob('refused'), csv });
      expect(refused.status).toBe(429);
      expect((await json(refused)).error).toMatch(/^the jobs waiting hold \d+ bytes of data; with this one's \d+ that is more than the 65536 this server queues; try again later$/);
      // Cancelling the waiting job frees its bytes.
      expect((await fetch(`${small.url}/v1/jobs/${(await json(waiting)).id}`, { method: 'DELETE' })).status).toBe(200);
      expect((await postJson(`${small.url}/v1/jobs`, { ...longJob('now'), csv })).status).toBe(202);
    } finally {
      await small.close();
      own.remove();
    }
  });
});

describe('listening beyond loopback', () => {
  it('warns at start when there is no token, and not when there is one', async () => {
    const own = tempFolder();
    for (const token of [undefined, 't0ken']) {
      const open = await testServer(own.path, { host: '0.0.0.0', allowedHosts: undefined, token });
      await open.close();
      const warned = open.logs.some((line) => line === 'bpnn-server: warning: listening on 0.0.0.0, beyond loopback, without --token: anyone who reaches the port can change models and start jobs');
      expect(warned, `token ${token}`).toBe(token === undefined);
    }
    own.remove();
  });
});
