import SwaggerParser from '@apidevtools/swagger-parser';
import { Model } from '@bpnn/core';
import { writeModel, writeModelJson } from '@bpnn/serialize';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { OpenApiCheck } from '../test/openapi-check.js';
import { createApp, routesOf } from './app.js';
import { JobFiles } from './jobs/job-files.js';
import type { JobRecord } from './jobs/job-record.js';
import { jobOptions, jobRequestSchema } from './jobs/job-request.js';
import { JobManager } from './jobs/jobs.js';
import { modelDetails } from './models/model-info.js';
import { FolderStore } from './store/folder.js';
import { openApiDocument } from './openapi.js';
import { jobSchema } from './schemas/jobs.js';
import { modelDetailsSchema } from './schemas/models.js';
import { predictSchema } from './schemas/predict-request.js';

const store = new FolderStore('/nonexistent');
const app = createApp({ store, jobs: new JobManager({ store, files: new JobFiles('/nonexistent'), workerFile: 'unused.js' }) });
const document = openApiDocument({ version: '1.0.0', maxRows: 10_000 });
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document (every $ref resolves)', async () => {
    const api = await SwaggerParser.validate(structuredClone(document) as never);
    expect((api as { openapi?: string }).openapi).toBe('3.1.0');
  });

  it('documents every route of the app, and no route the app lacks', () => {
    const inApp = routesOf(app).map(([method, path]) => `${method.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}')}`).sort();
    const inDocument = Object.entries(document.paths)
      .flatMap(([path, item]) => Object.keys(item).filter((key) => METHODS.includes(key)).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(inDocument).toEqual(inApp);
    expect(inApp).toHaveLength(16);
  });

  it('has every route in the root README\'s route table, and the table no route the document lacks', () => {
    const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
    const start = readme.indexOf('| route | what it does |');
    const rows = readme.slice(start, readme.indexOf('\n\n', start)).split('\n').slice(2);
    expect(rows.length).toBeGreaterThan(10);
    // A row's first cell names one or more routes: `GET /v1/jobs`, `GET /v1/jobs/:id`.
    const inReadme = rows
      .flatMap((row) => [...row.split(' | ')[0].matchAll(/`(GET|PUT|POST|DELETE|PATCH) (\/[^`]*)`/g)].map(([, method, path]) => `${method} ${path.replace(/:(\w+)/g, '{$1}')}`))
      .filter((route) => route !== 'GET /') // the web page, outside the API
      .sort();
    const inDocument = Object.entries(document.paths)
      .flatMap(([path, item]) => Object.keys(item).filter((key) => METHODS.includes(key)).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(inReadme).toEqual(inDocument);
  });

  it('marks the requests that change state as needing the bearer token, and every other read but health, readiness and this document as needing it with a read token', () => {
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, { security?: object[] }>)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, security: operation.security })),
    );
    const named = (test: (security: object[] | undefined) => boolean) => operations.filter((o) => test(o.security)).map((o) => o.name).sort();
    const optional = (security: object[] | undefined) => security !== undefined && security.some((s) => Object.keys(s).length === 0);
    expect(named((s) => s !== undefined && !optional(s))).toEqual(['DELETE /v1/jobs/{id}', 'DELETE /v1/models/{name}', 'POST /v1/jobs', 'PUT /v1/models/{name}']);
    expect(named((s) => s === undefined)).toEqual(['GET /healthz', 'GET /openapi.json', 'GET /readyz']);
    expect(named(optional).length).toBe(operations.length - 7);
  });

  it('describes request bodies with the same schemas zod checks them with: ajv on the document and zod agree', () => {
    const check = new OpenApiCheck(document);
    const predict = predictSchema(10_000);
    const predictBodies: Array<[string, unknown, boolean]> = [
      ['rows of numbers', { inputs: [[1, 2]] }, true],
      ['records', { rows: [{ a: 1 }] }, true],
      ['neither', {}, false],
      ['both', { inputs: [[1]], rows: [{ a: 1 }] }, false],
      ['an unknown field', { inputs: [[1]], input: 1 }, false],
      ['a string for a number', { inputs: [['1']] }, false],
      ['no rows', { inputs: [] }, false],
      ['too many rows', { inputs: Array.from({ length: 10_001 }, () => [1]) }, false],
    ];
    for (const [what, body, valid] of predictBodies) {
      expect({ what, zod: predict.safeParse(body).success, document: check.schemaErrors('PredictRequest', body).length === 0 }).toEqual({ what, zod: valid, document: valid });
    }
    const job = { name: 'm', target: 'y' };
    const jobBodies: Array<[string, unknown, boolean]> = [
      ['csv', { ...job, csv: 'a,y\n1,2' }, true],
      ['rows', { ...job, rows: [{ a: 1, y: 'b' }], hidden: [4], optimizer: 'sgd', momentum: 0.9 }, true],
      ['neither', job, false],
      ['both', { ...job, csv: 'a,y\n1,2', rows: [{ a: 1, y: 2 }] }, false],
      ['no name', { target: 'y', csv: 'a,y\n1,2' }, false],
      ['a typo', { ...job, csv: 'a,y\n1,2', epoch: 5 }, false],
      ['too many epochs', { ...job, csv: 'a,y\n1,2', epochs: 1e6 }, false],
      ['a bad name', { ...job, name: '../x', csv: 'a,y\n1,2' }, false],
    ];
    for (const [what, body, valid] of jobBodies) {
      expect({ what, zod: jobRequestSchema.safeParse(body).success, document: check.schemaErrors('JobRequest', body).length === 0 }).toEqual({ what, zod: valid, document: valid });
    }
  });

  it('describes the answers the server builds: a model\'s details and a job record conform to the zod schema and the document', async () => {
    const check = new OpenApiCheck(document);
    const model = Model.train({ inputNames: ['a', 'b'], inputs: [[0, 1], [1, 0], [1, 1], [0, 0]], targetNames: ['y'], targets: [['x'], ['x'], ['z'], ['z']] }, { hidden: [3], epochs: 2, seed: 1 }).model;
    const bytes = writeModel(model);
    const entry = { name: 'm', model, bytes, sha256: 'a'.repeat(64), updatedAt: new Date().toISOString() };
    // Type level: what model-info.ts builds is what the schema says (tsc checks this file).
    const details: z.output<typeof modelDetailsSchema> = modelDetails(entry);
    expect(modelDetailsSchema.safeParse(details).error).toBeUndefined();
    expect(check.schemaErrors('ModelDetails', details)).toEqual([]);
    expect(check.schemaErrors('ModelJson', JSON.parse(writeModelJson(model)))).toEqual([]);
    const request = jobRequestSchema.parse({ name: 'm', target: 'y', csv: 'a,y\n1,2', hidden: [4] });
    const record: JobRecord = {
      id: randomUUID(), name: 'm', state: 'succeeded', createdAt: new Date().toISOString(), startedAt: new Date().toISOString(), finishedAt: new Date().toISOString(),
      epoch: 1, epochs: 1, loss: 0.5, valLoss: null, options: jobOptions(request), rows: 1, stoppedBy: 'epochs', error: null, losses: [{ epoch: 1, epochs: 1, loss: 0.5, seconds: 0.1 }],
    };
    const job: z.output<typeof jobSchema> = record;
    expect(jobSchema.safeParse(job).error).toBeUndefined();
    expect(check.schemaErrors('Job', record)).toEqual([]);
    expect(check.schemaErrors('Job', { ...record, surprise: 1 })).not.toEqual([]); // answers are closed: an undocumented field fails
  });

  it('declares each error once, with the headers clients need, and gives every operation a default error answer', () => {
    const responses = document.components.responses as Record<string, { headers?: Record<string, unknown>; content: unknown }>;
    expect(Object.keys(responses.Unauthorized.headers ?? {})).toEqual(['WWW-Authenticate']);
    expect(Object.keys(responses.MethodNotAllowed.headers ?? {})).toEqual(['Allow']);
    expect(Object.keys(responses.TooManyRequests.headers ?? {})).toEqual(['Retry-After']);
    for (const response of Object.values(responses)) expect(response.content).toEqual({ 'application/json': { schema: { $ref: '#/components/schemas/Error' } } });
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item as Record<string, { responses?: Record<string, unknown> }>)) {
        if (METHODS.includes(method)) expect({ path, method, default: operation.responses?.default }).toEqual({ path, method, default: { $ref: '#/components/responses/Error' } });
      }
    }
  });

  it('lets the contract test see an answer that breaks the document: a missing header, an undocumented field, a wrong content type', () => {
    const check = new OpenApiCheck(document);
    const error = JSON.stringify({ error: 'no' });
    const answer = (method: string, path: string | null, status: number, headers: Record<string, string>, body = error) => check.answerErrors({ method, path, status, headers: new Headers({ 'content-type': 'application/json', ...headers }), body });
    expect(answer('POST', '/v1/jobs', 429, { 'retry-after': '30' })).toEqual([]);
    expect(answer('POST', '/v1/jobs', 429, {})).toEqual(['POST /v1/jobs → 429: header Retry-After is missing']);
    expect(answer('PUT', '/v1/models/{name}', 401, {})).toEqual(['PUT /v1/models/{name} → 401: header WWW-Authenticate is missing']);
    expect(answer('POST', '/v1/models', 405, {})).toEqual(['POST /v1/models → 405: header Allow is missing']);
    expect(answer('GET', null, 404, {})).toEqual([]);
    expect(answer('GET', '/healthz', 200, {}, JSON.stringify({ status: 'ok', version: '1', uptime: 1, extra: 1 }))[0]).toMatch(/must NOT have additional properties/);
    expect(answer('GET', '/v1/models/{name}', 400, { 'content-type': 'text/html' })).toEqual(['GET /v1/models/{name} → 400: content type text/html is not one of application/json']);
  });
});
