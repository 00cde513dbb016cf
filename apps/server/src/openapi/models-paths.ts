/** The OpenAPI paths of /v1/models: list, upload, describe, download, delete, predict. */
import { MODEL_NAME } from '../store/model-store.js';
import { mayNeedToken, needsToken } from './security.js';
import { errors, jsonContent, schemaRef } from './responses.js';

const nameParameter = { name: 'name', in: 'path', required: true, description: 'The model name.', schema: { type: 'string', pattern: MODEL_NAME.source } };
/**
 * Bytes are described without a type: OpenAPI 3.1 describes binary content by its media type
 * alone, and generated clients then take any body (openapi-typescript: `unknown`) such as a
 * Uint8Array or a Blob. `type: string` would make them demand a string.
 */
const bpnnFile = { 'application/octet-stream': { schema: { description: 'A .bpnn file: safetensors with the model in its metadata (DESIGN.md).' } } };

export function modelPaths(options: { maxRows: number }) {
  return {
    '/v1/models': {
      get: { tags: ['models'], operationId: 'listModels', summary: 'The models loaded.', security: mayNeedToken, responses: { 200: { description: 'Models by name.', content: jsonContent('ModelList') }, ...errors(401) } },
    },
    '/v1/models/{name}': {
      parameters: [nameParameter],
      get: {
        tags: ['models'],
        operationId: 'getModel',
        summary: 'A model\'s metadata: task, layers, activations, inputs, labels, training record.',
        security: mayNeedToken,
        responses: { 200: { description: 'The model.', content: jsonContent('ModelDetails') }, ...errors(400, 401, 404) },
      },
      put: {
        tags: ['models'],
        operationId: 'putModel',
        summary: 'Adds (201) or replaces (200) a model from a .bpnn file or its JSON form.',
        security: needsToken,
        requestBody: { required: true, content: { ...bpnnFile, 'application/json': { schema: schemaRef('ModelJson') } } },
        responses: {
          200: { description: 'Replaced.', content: jsonContent('ModelDetails') },
          201: { description: 'Added.', headers: { Location: { description: 'The model\'s URL.', required: true, schema: { type: 'string' } } }, content: jsonContent('ModelDetails') },
          ...errors(400, 401, 409, 413, 415, 422, 507),
        },
      },
      delete: {
        tags: ['models'],
        operationId: 'deleteModel',
        summary: 'Deletes a model and its file.',
        security: needsToken,
        responses: { 204: { description: 'Deleted.' }, ...errors(400, 401, 404) },
      },
    },
    '/v1/models/{name}/file': {
      parameters: [nameParameter],
      get: {
        tags: ['models'],
        operationId: 'downloadModel',
        summary: 'Downloads the .bpnn file (or its JSON form, with Accept: application/json).',
        security: mayNeedToken,
        responses: {
          200: { description: 'The model file.', content: { ...bpnnFile, 'application/json': { schema: schemaRef('ModelJson') } } },
          ...errors(400, 401, 404),
        },
      },
    },
    '/v1/models/{name}/predict': {
      parameters: [nameParameter],
      post: {
        tags: ['models'],
        operationId: 'predict',
        summary: `Predicts a batch of up to ${options.maxRows} rows.`,
        requestBody: { required: true, content: jsonContent('PredictRequest') },
        security: mayNeedToken,
        responses: { 200: { description: 'One output row per input row.', content: jsonContent('Prediction') }, ...errors(400, 401, 404, 413, 415) },
      },
    },
    '/v1/models/{name}/explain': {
      parameters: [nameParameter],
      post: {
        tags: ['models'],
        operationId: 'explain',
        summary: "One sample's forward and backward pass: every neuron's z, activation and residual δ = ∂J/∂z, and the largest weight gradients a_i·δ_j (as `bpnn explain --json`).",
        requestBody: { required: true, content: jsonContent('ExplainRequest') },
        security: mayNeedToken,
        responses: { 200: { description: 'The explanation.', content: jsonContent('Explanation') }, ...errors(400, 401, 404, 413, 415) },
      },
    },
  };
}
