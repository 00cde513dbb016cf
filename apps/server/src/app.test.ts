import { readModel, readModelJson, writeModel, writeModelJson } from '@bpnn/serialize';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iris, irisBytes, json, line, postJson, tempFolder, testServer, type TestServer } from '../test/helpers.js';
import { createApp } from './app.js';
import { JobFiles } from './jobs/job-files.js';
import { JobManager } from './jobs/jobs.js';
import { FolderStore } from './store/folder.js';

let server: TestServer;
let base: string;
const folder = tempFolder();

beforeAll(async () => {
  server = await testServer(folder.path);
  base = server.url;
  const put = await fetch(`${base}/v1/models/iris`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: await irisBytes() });
  expect(put.status).toBe(201);
});

afterAll(async () => {
  await server.close();
  folder.remove();
});

const predict = (name: string, body: unknown, headers?: Record<string, string>) => postJson(`${base}/v1/models/${name}/predict`, body, headers);

describe('service endpoints', () => {
  it('answers /healthz and /readyz', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await json(health)).toMatchObject({ status: 'ok', version: '9.9.9' });
    expect(await json(await fetch(`${base}/readyz`))).toEqual({ status: 'ready', models: 1 });
  });

  it('answers /readyz with 503 until the store has loaded', async () => {
    const other = tempFolder();
    const store = new FolderStore(other.path);
    const jobs = new JobManager({ store, files: new JobFiles(`${other.path}/.jobs`), workerFile: 'unused.js' });
    const app = createApp({ store, jobs });
    const listening = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => listening.once('listening', resolve));
    const url = `http://127.0.0.1:${(listening.address() as { port: number }).port}`;
    try {
      const before = await fetch(`${url}/readyz`);
      expect(before.status).toBe(503);
      expect(await json(before)).toEqual({ status: 'loading', models: 0 });
      await store.load();
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
    } finally {
      await new Promise((resolve) => listening.close(resolve));
      other.remove();
    }
  });

  it('answers an unknown route with a JSON 404 and a wrong method with a 405 naming the allowed ones', async () => {
    const missing = await fetch(`${base}/v2/nothing`);
    expect(missing.status).toBe(404);
    expect(await json(missing)).toEqual({ error: 'no route for GET /v2/nothing' });
    const wrong = await fetch(`${base}/v1/models`, { method: 'POST' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD');
    // The web page's paths too; a path that is neither the page's nor the API's stays a 404.
    for (const [method, path] of [['POST', '/'], ['OPTIONS', '/'], ['DELETE', '/app.js'], ['PUT', '/index.html']] as const) {
      const page = await fetch(`${base}${path}`, { method });
      expect(page.status, `${method} ${path}`).toBe(405);
      expect(page.headers.get('allow')).toBe('GET, HEAD');
      expect(await json(page)).toEqual({ error: `${method} is not allowed on ${path}; it takes GET, HEAD` });
    }
    expect((await fetch(`${base}/nope.js`, { method: 'POST' })).status).toBe(404);
  });

  it('counts requests, latencies, predictions and jobs in the Prometheus format', async () => {
    await predict('iris', { inputs: [[5, 3, 1, 0.2], [6, 3, 5, 2]] });
    const response = await fetch(`${base}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0.0.4/);
    const text = await response.text();
    expect(text).toMatch(/bpnn_http_requests_total\{route="\/v1\/models\/:name\/predict",method="POST",status="200"\} [1-9]/);
    expect(text).toMatch(/bpnn_http_request_duration_seconds_bucket\{le="0.005",route="\/v1\/models\/:name\/predict",method="POST"\} \d/);
    expect(text).toMatch(/bpnn_predictions_total\{model="iris"\} [2-9]/);
    expect(text).toContain('bpnn_jobs{state="running"} 0');
    expect(text).toContain('bpnn_models 1');
    expect(text).toMatch(/bpnn_http_requests_total\{route="unmatched",method="GET",status="404"\}/);
  });
});

describe('models', () => {
  it('lists, describes and downloads a model; the download reads back as the same model', async () => {
    const list = await json(await fetch(`${base}/v1/models`));
    expect(list.models).toEqual([expect.objectContaining({ name: 'iris', task: 'classification', layers: [4, 8, 3], labels: ['setosa', 'versicolor', 'virginica'] })]);
    const details = await json(await fetch(`${base}/v1/models/iris`));
    expect(details).toMatchObject({
      name: 'iris',
      task: 'classification',
      layers: [4, 8, 3],
      activations: ['relu', 'softmax'],
      loss: 'categorical-cross-entropy',
      inputs: ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'],
      targets: ['species'],
      training: expect.objectContaining({ epochs: 30, seed: 1, rows: 150 }),
      bytes: (await irisBytes()).length,
    });
    const file = await fetch(`${base}/v1/models/iris/file`);
    expect(file.headers.get('content-type')).toBe('application/octet-stream');
    expect(file.headers.get('content-disposition')).toBe('attachment; filename=iris.bpnn');
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect(bytes).toEqual(await irisBytes());
    const asJson = await fetch(`${base}/v1/models/iris/file`, { headers: { accept: 'application/json' } });
    const model = readModelJson(await asJson.text());
    expect(model.predict([[5.1, 3.5, 1.4, 0.2]])).toEqual(readModel(bytes).predict([[5.1, 3.5, 1.4, 0.2]]));
  });

  it('adds (201) and replaces (200) a model, from .bpnn bytes or the JSON form, and deletes it', async () => {
    const regression = line();
    const added = await fetch(`${base}/v1/models/line-1.0`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: writeModelJson(regression) });
    expect(added.status).toBe(201);
    expect(added.headers.get('location')).toBe('/v1/models/line-1.0');
    expect(await json(added)).toMatchObject({ name: 'line-1.0', task: 'regression', labels: null, targets: ['y'] });
    const replaced = await fetch(`${base}/v1/models/line-1.0`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: writeModel(regression) });
    expect(replaced.status).toBe(200);
    const prediction = await json(await predict('line-1.0', { rows: [{ a: 1, b: 0.5 }, { a: 2, b: 0, y: 99 }] }));
    expect(prediction.task).toBe('regression');
    expect(prediction.targets).toEqual(['y']);
    expect(prediction.outputs).toEqual(regression.predict([[1, 0.5], [2, 0]]).task === 'regression' ? (regression.predict([[1, 0.5], [2, 0]]) as any).values.toRows() : null);
    expect((await fetch(`${base}/v1/models/line-1.0`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${base}/v1/models/line-1.0`)).status).toBe(404);
    const again = await fetch(`${base}/v1/models/line-1.0`, { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(await json(again)).toEqual({ error: 'model "line-1.0" not found' });
  });

  it('refuses a damaged model file with 422 naming the problem, and keeps the model that was there', async () => {
    const bytes = await irisBytes();
    const damaged = bytes.slice();
    damaged[damaged.length - 1] ^= 0xff; // a weight changes: the checksum no longer matches
    const response = await fetch(`${base}/v1/models/iris`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: damaged });
    expect(response.status).toBe(422);
    const { error } = await json(response);
    expect(error).toMatch(/^uploaded model "iris": .*sha256/);
    expect(error).not.toMatch(/\n\s+at /);
    const notJson = await fetch(`${base}/v1/models/other`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"format": "bpnn"' });
    expect(notJson.status).toBe(422);
    expect((await json(await fetch(`${base}/v1/models/iris/file`).then((r) => r.arrayBuffer()).then(() => fetch(`${base}/v1/models/iris`)))).bytes).toBe(bytes.length);
  });

  it('refuses a model body of another type (415) or over the size limit (413)', async () => {
    const text = await fetch(`${base}/v1/models/x`, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(text.status).toBe(415);
    expect((await json(text)).error).toMatch(/application\/octet-stream.*application\/json.*"text\/plain"/);
    const untyped = await fetch(`${base}/v1/models/x`, { method: 'PUT', body: new Blob([await irisBytes()]) });
    expect(untyped.status).toBe(415);
    expect((await json(untyped)).error).toBe('PUT /v1/models/:name takes a .bpnn file (Content-Type: application/octet-stream) or its JSON form (application/json), got no Content-Type');
    const big = await fetch(`${base}/v1/models/x`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array(2 * 1024 * 1024) });
    expect(big.status).toBe(413);
    expect((await json(big)).error).toMatch(/more than the limit of 1048576 bytes/);
  });

  it('validates model names: no path traversal, no hidden files, at most 64 characters', async () => {
    for (const name of ['..', '.hidden', '%2E%2E%2Fetc', 'a%2Fb', 'x'.repeat(65), 'sp%20ace']) {
      const response = await fetch(`${base}/v1/models/${name}`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: await irisBytes() });
      expect([400, 404], name).toContain(response.status);
      if (response.status === 400) expect((await json(response)).error).toMatch(/model name must be 1 to 64 letters/);
    }
    const get = await fetch(`${base}/v1/models/..%2F..%2Fpasswd`);
    expect(get.status).toBe(400);
    for (const [path, value] of [['/v1/models/%zz', '%zz'], ['/v1/models/a%C3/predict', 'a%C3'], ['/v1/jobs/%', '%']]) {
      const response = await (path.endsWith('predict') ? postJson(`${base}${path}`, {}) : fetch(`${base}${path}`));
      expect(response.status, path).toBe(400);
      expect(await json(response)).toEqual({ error: `the request path's "${value}" is not valid percent-encoding: a "%" must be followed by two hexadecimal digits of UTF-8 ("%25" for "%" itself)` });
    }
    // The name in the path is the model's, whichever route it is on (a predict body has no "name").
    for (const path of ['..%2F..%2Fpasswd', '..%2F..%2Fpasswd/file', '..%2F..%2Fpasswd/predict', '..%2F..%2Fpasswd/explain']) {
      const response = await fetch(`${base}/v1/models/${path}`, { method: path.endsWith('predict') || path.endsWith('explain') ? 'POST' : 'GET', headers: { 'content-type': 'application/json' }, body: path.endsWith('predict') || path.endsWith('explain') ? '{}' : undefined });
      expect(await json(response), path).toEqual({ error: 'model name must be 1 to 64 letters, digits, ".", "_" or "-", not starting with ".", got "../../passwd"' });
    }
    expect((await json(await fetch(`${base}/v1/models`))).models.map((m: any) => m.name)).toEqual(['iris']);
  });

  it('refuses a new model whose name is a device name on Windows (400) or another model\'s in other case (409), by PUT or by a job', async () => {
    const bytes = await irisBytes();
    const upload = (name: string) => fetch(`${base}/v1/models/${name}`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    for (const name of ['CON', 'nul', 'Aux.v2', 'com1', 'LPT9.model']) {
      const response = await upload(name);
      expect(response.status, name).toBe(400);
      expect((await json(response)).error).toBe(`model name "${name}" is a device name on Windows (CON, PRN, AUX, NUL, COM0 to COM9, LPT0 to LPT9, alone or before a "."), which no file there can be named; choose another`);
    }
    for (const name of ['IRIS', 'Iris']) {
      const response = await upload(name);
      expect(response.status, name).toBe(409);
      expect((await json(response)).error).toBe(`model name "${name}" differs from the model "iris" only in case, which a case-insensitive file system (macOS, Windows) holds as one file; replace "iris" by its own name, or choose another`);
    }
    const job = await postJson(`${base}/v1/jobs`, { name: 'IrIs', rows: [{ a: 1, y: 2 }, { a: 2, y: 3 }], target: 'y', epochs: 1 });
    expect(job.status).toBe(409);
    expect((await json(job)).error).toMatch(/^name "IrIs" differs from the model "iris" only in case/);
    // Names like them that are none of these are fine: "console", "nulls", "COM10", "iris2".
    for (const name of ['console', 'nulls', 'COM10', 'iris2']) {
      expect((await upload(name)).status, name).toBe(201);
      expect((await fetch(`${base}/v1/models/${name}`, { method: 'DELETE' })).status).toBe(204);
    }
    expect((await upload('iris')).status).toBe(200); // replaced by its own name
    expect((await json(await fetch(`${base}/v1/models`))).models.map((m: any) => m.name)).toEqual(['iris']);
    expect(readdirSync(folder.path).filter((file) => file.endsWith('.bpnn'))).toEqual(['iris.bpnn']);
  });
});

describe('predict', () => {
  it('predicts a batch from inputs or from rows keyed by column: outputs, labels and probabilities', async () => {
    const model = await iris();
    const inputs = [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3], [5.9, 3.0, 4.2, 1.5]];
    const expected = model.predict(inputs);
    if (expected.task !== 'classification') throw new Error('iris is a classifier');
    const byInputs = await json(await predict('iris', { inputs }));
    expect(byInputs).toEqual({
      model: 'iris',
      task: 'classification',
      classes: ['setosa', 'versicolor', 'virginica'],
      outputs: expected.probabilities.toRows(),
      labels: expected.labels,
      probabilities: expected.probabilities.toRows().map(([setosa, versicolor, virginica]) => ({ setosa, versicolor, virginica })),
    });
    const names = model.inputNames;
    const rows = inputs.map((row) => Object.fromEntries(names.map((name, i) => [name, row[i]])));
    expect(await json(await predict('iris', { rows }))).toEqual(byInputs);
    const many = Array.from({ length: 1000 }, (_, i) => [4 + (i % 40) / 10, 3, 1 + (i % 60) / 10, (i % 25) / 10]);
    const batch = await json(await predict('iris', { inputs: many }));
    expect(batch.labels).toHaveLength(1000);
  });

  it.each([
    ['a string where a number belongs', { inputs: [[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4], [1, 'abc', 3, 4]] }, 400, 'inputs[3][1] must be a finite number, got "abc"'],
    ['NaN as a string', { inputs: [[1, 'NaN', 3, 4]] }, 400, 'inputs[0][1] must be a finite number, got "NaN"'],
    ['null', { inputs: [[1, 2, null, 4]] }, 400, 'inputs[0][2] must be a finite number, got null'],
    ['a row too short', { inputs: [[1, 2, 3, 4], [1, 2, 3]] }, 400, 'inputs[1] has 3 values, the model takes 4 (sepal length (cm), sepal width (cm), petal length (cm), petal width (cm))'],
    ['a row that is not an array', { inputs: [5] }, 400, 'inputs[0] must be an array, got 5'],
    ['no rows', { inputs: [] }, 400, 'inputs must have at least 1 item, got 0 items'],
    ['too many rows', { inputs: Array.from({ length: 1001 }, () => [1, 2, 3, 4]) }, 400, 'inputs must have at most 1000 items, got 1001 items'],
    ['both inputs and rows', { inputs: [[1, 2, 3, 4]], rows: [{}] }, 400, 'body must have either "inputs" (rows of numbers) or "rows" (objects keyed by column name), exactly one of them'],
    ['rows that are not an array', { rows: 'abc' }, 400, 'rows must be an array, got "abc"'],
    ['rows as null', { rows: null }, 400, 'rows must be an array, got null'],
    ['neither', {}, 400, 'body must have either "inputs" (rows of numbers) or "rows" (objects keyed by column name), exactly one of them'],
    ['an unknown field', { inputs: [[1, 2, 3, 4]], input: 1 }, 400, 'body has unknown field "input"'],
    ['an array body', [[1, 2, 3, 4]], 400, 'body must be an object, got [[1, 2, 3, 4]]'],
    ['a missing column', { rows: [{ 'sepal length (cm)': 1 }] }, 400, 'row 0 is missing column "sepal width (cm)"'],
    ['an unknown column', { rows: [{ 'sepal length (cm)': 1, colour: 'red' }] }, 400, 'row 0 has columns the model does not know: "colour"'],
    ['a string in a row', { rows: [{ 'sepal length (cm)': 1, 'sepal width (cm)': '2', 'petal length (cm)': 3, 'petal width (cm)': 4 }] }, 400, 'row 0 column "sepal width (cm)" must be a finite number, got "2"'],
  ])('answers %s with a 4xx naming the field', async (_what, body, status, message) => {
    const response = await predict('iris', body);
    expect(response.status).toBe(status);
    expect(await json(response)).toEqual({ error: message });
  });

  it('cuts an error that would echo the body (a row of 3,000 unknown columns) at 2,000 characters, saying so', async () => {
    const columns = Array.from({ length: 3000 }, (_, i) => `c${i}`);
    const whole = `row 0 has columns the model does not know: ${columns.map((c) => `"${c}"`).join(', ')}`;
    const response = await predict('iris', { rows: [Object.fromEntries(columns.map((c) => [c, 1]))] });
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ error: `${whole.slice(0, 2000)}… (cut at 2000 of its ${whole.length} characters)` });
  });

  it('answers Infinity (1e999 in JSON), malformed JSON, another content type, an unknown model and a huge body with 4xx', async () => {
    const infinite = await predict('iris', '{"inputs": [[1, 1e999, 3, 4]]}');
    expect(infinite.status).toBe(400);
    expect((await json(infinite)).error).toBe('inputs[0][1] must be a finite number, got Infinity');
    const malformed = await predict('iris', '{"inputs": [[1, 2,');
    expect(malformed.status).toBe(400);
    expect((await json(malformed)).error).toMatch(/^request body is not valid JSON: /);
    // Latin-1 bytes (é as 0xE9) are no UTF-8: named, not read as U+FFFD; a UTF-8 byte-order mark is dropped.
    const latin = await fetch(`${base}/v1/models/iris/explain`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.from('{"row": {"Température": 1}}', 'latin1') });
    expect(latin.status).toBe(400);
    expect((await json(latin)).error).toBe('request body is not UTF-8 text, as JSON must be (RFC 8259): the byte after "{\\"row\\": {\\"Temp" is not UTF-8; send the text as UTF-8');
    const marked = await predict('iris', `\ufeff${JSON.stringify({ inputs: [[5.1, 3.5, 1.4, 0.2]] })}`);
    expect(marked.status).toBe(200);
    const text = await fetch(`${base}/v1/models/iris/predict`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: '1,2,3,4' });
    expect(text.status).toBe(415);
    expect((await json(text)).error).toBe('POST /v1/models/iris/predict takes a JSON body (Content-Type: application/json), got "text/csv"');
    const unknown = await predict('nope', { inputs: [[1, 2, 3, 4]] });
    expect(unknown.status).toBe(404);
    expect(await json(unknown)).toEqual({ error: 'model "nope" not found' });
    const huge = await predict('iris', { inputs: [['x'.repeat(1_100_000)]] });
    expect(huge.status).toBe(413);
  });
});

describe('a body over the limit without a Content-Length', () => {
  it('is refused with 413 while it streams', async () => {
    const chunks = (async function* () {
      for (let i = 0; i < 40; i++) yield new TextEncoder().encode(`${'['.repeat(i === 0 ? 1 : 0)}${'[1,2,3,4],'.repeat(3000)}`);
    })();
    const response = await fetch(`${base}/v1/models/iris/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: chunks as unknown as ReadableStream, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
    expect(await json(response)).toEqual({ error: 'request body is larger than the limit of 1048576 bytes' });
  });
});
