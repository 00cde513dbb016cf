import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { createApp, routesOf } from './app.js';
import { JobFiles } from './job-files.js';
import { JobManager } from './jobs.js';
import { ModelStore } from './model-store.js';
import { openApiDocument } from './openapi.js';

const store = new ModelStore('/nonexistent');
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

  it('marks exactly the requests that change state as needing the bearer token', () => {
    const secured = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, { security?: unknown }>)
        .filter(([method, operation]) => METHODS.includes(method) && operation.security !== undefined)
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(secured.sort()).toEqual(['DELETE /v1/jobs/{id}', 'DELETE /v1/models/{name}', 'POST /v1/jobs', 'PUT /v1/models/{name}']);
  });

  it('describes request bodies with the same schemas zod checks them with', () => {
    const job = document.components.schemas.JobRequest as { properties: Record<string, unknown>; required: string[]; additionalProperties: boolean };
    expect(job.required.sort()).toEqual(['name', 'target']);
    expect(job.additionalProperties).toBe(false);
    expect(Object.keys(job.properties)).toEqual(expect.arrayContaining(['csv', 'rows', 'hidden', 'activation', 'optimizer', 'learningRate', 'epochs', 'earlyStopping', 'patience', 'seed', 'dtype', 'scaling']));
    const predict = document.components.schemas.PredictRequest as { properties: { inputs: { maxItems: number } } };
    expect(predict.properties.inputs.maxItems).toBe(10_000);
  });
});
