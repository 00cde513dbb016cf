/**
 * A client program written only against the types openapi-typescript generates from the served
 * /openapi.json (generated/api.ts, made by contract.test.ts), with openapi-fetch and no casts: it
 * uses every route (explain too), uploads a model as bytes (a Uint8Array) and as its JSON form, reads a job's
 * options, and provokes every documented error. `tsc --strict` must accept it, and the lines marked
 * @ts-expect-error must be type errors (a body the server refuses must not type-check). It records
 * every answer for the test to hold against the document.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './generated/api.js';

export interface Exchange {
  method: string;
  url: string;
  status: number;
  headers: Headers;
  body: string;
}

export interface ContractOptions {
  baseUrl: string;
  token: string;
  /** A .bpnn file, and a model's input columns with one row of values. */
  modelBytes: Uint8Array;
  columns: string[];
  row: number[];
  csv: string;
  target: string;
  /** A predict body larger than the server's body limit. */
  oversizedRows: number;
}

export async function exercise(options: ContractOptions): Promise<Exchange[]> {
  const exchanges: Exchange[] = [];
  const record: Middleware = {
    async onResponse({ request, response }) {
      exchanges.push({ method: request.method, url: request.url, status: response.status, headers: response.headers, body: await response.clone().text() });
    },
  };
  const authorization = { Authorization: `Bearer ${options.token}` };
  const api = createClient<paths>({ baseUrl: options.baseUrl, headers: authorization });
  const anonymous = createClient<paths>({ baseUrl: options.baseUrl });
  // The same API read as JSON only, so that the model file's JSON form is typed as such.
  const jsonApi = createClient<paths, 'application/json'>({ baseUrl: options.baseUrl, headers: authorization });
  for (const client of [api, anonymous, jsonApi]) client.use(record);
  const iris = { params: { path: { name: 'iris' } } };
  const fail = (what: string): never => {
    throw new Error(`contract client: ${what}`);
  };

  // The service.
  await api.GET('/healthz');
  await api.GET('/readyz');
  await api.GET('/metrics', { parseAs: 'text' });
  const { data: document } = await api.GET('/openapi.json');
  if (document?.openapi !== '3.1.0') fail(`openapi.json says ${String(document?.openapi)}`);

  // Models: a .bpnn file as bytes, its details, its JSON form back in as a second model.
  const put = await api.PUT('/v1/models/{name}', { ...iris, body: options.modelBytes, bodySerializer: (bytes) => bytes, headers: { 'Content-Type': 'application/octet-stream' } });
  if (put.response.status !== 201) fail(`PUT .bpnn answered ${put.response.status}`);
  const { data: list } = await api.GET('/v1/models');
  if (list?.models[0]?.name !== 'iris') fail('the model is not listed');
  const { data: details } = await api.GET('/v1/models/{name}', iris);
  const trainedEpochs: unknown = details?.training?.options.epochs;
  if (details?.inputs.join() !== options.columns.join() || typeof trainedEpochs !== 'number') fail(`inputs ${details?.inputs.join()}, epochs ${String(trainedEpochs)}`);
  const { data: modelJson } = await jsonApi.GET('/v1/models/{name}/file', { ...iris, headers: { Accept: 'application/json' } });
  if (modelJson === undefined) return fail('no JSON form');
  const layers: number[] = modelJson.model.layers;
  const putJson = await api.PUT('/v1/models/{name}', { params: { path: { name: 'iris-json' } }, body: modelJson, headers: { 'Content-Type': 'application/json' } });
  if (putJson.data?.layers.join() !== layers.join()) fail('the JSON form did not read back');
  const { data: file } = await api.GET('/v1/models/{name}/file', { ...iris, parseAs: 'arrayBuffer' });
  if (file?.byteLength !== options.modelBytes.byteLength) fail(`downloaded ${file?.byteLength} bytes`);

  // Predictions: rows of numbers, records keyed by column.
  const { data: byInputs } = await api.POST('/v1/models/{name}/predict', { ...iris, body: { inputs: [options.row] } });
  if (byInputs?.task !== 'classification' || byInputs.labels.length !== 1) fail('no label');
  const { data: byRows } = await api.POST('/v1/models/{name}/predict', { ...iris, body: { rows: [Object.fromEntries(options.columns.map((column, i) => [column, options.row[i]]))] } });
  if (byRows?.outputs[0]?.length !== byInputs?.outputs[0]?.length) fail('rows and inputs disagree');

  // One sample explained: every layer's z, activations and residuals, and the largest weight gradients.
  const label = byInputs?.task === 'classification' ? byInputs.labels[0] : fail('no label');
  const sample = { ...Object.fromEntries(options.columns.map((column, i) => [column, options.row[i]])), [options.target]: label };
  const { data: explained } = await api.POST('/v1/models/{name}/explain', { ...iris, body: { row: sample, top: 3 } });
  if (explained?.layers.length !== layers.length || explained.topGradients.length !== 3) fail('no explanation');

  // Bodies the server refuses are type errors first; sent anyway, each is a 400.
  // @ts-expect-error neither inputs nor rows
  await api.POST('/v1/models/{name}/predict', { ...iris, body: {} });
  // @ts-expect-error both inputs and rows
  await api.POST('/v1/models/{name}/predict', { ...iris, body: { inputs: [options.row], rows: [{}] } });
  await api.POST('/v1/models/{name}/predict', { ...iris, body: { inputs: [[Number.NaN]] } }); // JSON null: a 400

  // Jobs: train, read the options back, follow the events to their end, list, cancel a finished job.
  const job = { name: 'trained', target: options.target, hidden: [4], epochs: 3, seed: 1 };
  const { data: queued } = await api.POST('/v1/jobs', { body: { ...job, csv: options.csv } });
  if (queued === undefined) return fail('no job');
  const hidden: number[] | undefined = queued.options.hidden;
  if (hidden?.[0] !== 4 || queued.options.epochs !== 3) fail('the job\'s options did not come back');
  const id = { params: { path: { id: queued.id } } };
  await api.GET('/v1/jobs/{id}/events', { ...id, parseAs: 'text' }); // until the result; then the stream closes
  const { data: finished } = await api.GET('/v1/jobs/{id}', id);
  if (finished?.state !== 'succeeded' || finished.losses.length !== 3) fail(`job ${finished?.state}`);
  const again = await api.GET('/v1/jobs/{id}/events', { ...id, headers: { 'Last-Event-ID': 'result' }, parseAs: 'text' });
  if (again.response.status !== 204) fail(`a reconnect after the result answered ${again.response.status}`);
  await api.GET('/v1/jobs');
  await api.DELETE('/v1/jobs/{id}', id); // 409: finished already
  // @ts-expect-error neither csv nor rows
  await api.POST('/v1/jobs', { body: job });
  // @ts-expect-error both csv and rows
  await api.POST('/v1/jobs', { body: { ...job, csv: options.csv, rows: [{ a: 1 }] } });

  // A full queue: long jobs until one is refused with 429, then cancel them.
  const long = { ...job, name: 'long', csv: options.csv, hidden: [64, 64], epochs: 100_000 };
  const started: string[] = [];
  for (let i = 0; i < 4; i++) {
    const { data, response } = await api.POST('/v1/jobs', { body: long });
    if (data !== undefined) started.push(data.id);
    if (response.status === 429) break;
  }
  for (const started_ of started) await api.DELETE('/v1/jobs/{id}', { params: { path: { id: started_ } } });

  // Errors: 401, 404, 413, 415, 422, and the model deleted (204, then 404).
  await anonymous.PUT('/v1/models/{name}', { ...iris, body: options.modelBytes, bodySerializer: (bytes) => bytes, headers: { 'Content-Type': 'application/octet-stream' } });
  await api.PUT('/v1/models/{name}', { params: { path: { name: 'damaged' } }, body: options.modelBytes.slice(0, 40), bodySerializer: (bytes) => bytes, headers: { 'Content-Type': 'application/octet-stream' } });
  await api.GET('/v1/models/{name}', { params: { path: { name: 'missing' } } });
  await api.POST('/v1/models/{name}/predict', { ...iris, body: { inputs: Array.from({ length: options.oversizedRows }, () => options.row) } });
  await api.POST('/v1/models/{name}/predict', { ...iris, body: { inputs: [options.row] }, headers: { 'Content-Type': 'text/plain' } });
  await api.DELETE('/v1/models/{name}', { params: { path: { name: 'iris-json' } } });
  await api.GET('/v1/models/{name}/file', { params: { path: { name: 'iris-json' } } });

  // What a typed client cannot ask: a method a path does not take (405) and a path the API lacks (404).
  for (const [method, path] of [['POST', '/v1/models'], ['GET', '/v2/nothing']]) {
    const response = await fetch(`${options.baseUrl}${path}`, { method });
    exchanges.push({ method, url: response.url, status: response.status, headers: response.headers, body: await response.text() });
  }
  return exchanges;
}
