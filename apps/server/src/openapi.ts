/**
 * The OpenAPI 3.1 document served at /openapi.json. Request bodies that zod checks are described
 * by the very same zod schemas (z.toJSONSchema), so the document cannot drift from the checks;
 * responses are written out here. A test holds the document's paths against the app's routes.
 */
import * as z from 'zod';
import { explainSchema } from './explain.js';
import { MAX_EPOCHS, jobRequestSchema } from './job-request.js';
import { JOB_STATES } from './job-record.js';
import { MODEL_NAME } from './model-store.js';
import { predictSchema } from './routes/models.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ 'application/json': { schema } });
const errorResponse = (description: string) => ({ description, content: json(ref('Error')) });

/** The errors every route may answer with, by status. */
const ERRORS = {
  400: errorResponse('The request is malformed or a field is wrong; the message names the field, the constraint and the value.'),
  401: errorResponse('A token is configured and the request lacks `Authorization: Bearer <token>` or carries a wrong one.'),
  404: errorResponse('No such model or job.'),
  409: errorResponse('The job has finished already.'),
  413: errorResponse('The request body is larger than the configured limit.'),
  415: errorResponse('The Content-Type is not one the route takes.'),
  422: errorResponse('The uploaded model file is damaged or not a bpnn model (serialize\'s FileFormatError).'),
  429: errorResponse('The job queue is full; try again after Retry-After seconds.'),
  503: errorResponse('The server is shutting down.'),
} as const;
const errors = (...codes: Array<keyof typeof ERRORS>) => Object.fromEntries(codes.map((code) => [code, ERRORS[code]]));
const secured = [{ bearer: [] }];

const nameParameter = { name: 'name', in: 'path', required: true, description: 'The model name.', schema: { type: 'string', pattern: MODEL_NAME.source } };
const idParameter = { name: 'id', in: 'path', required: true, description: 'The job id (a UUID).', schema: { type: 'string' } };

function fromZod(schema: z.ZodType): object {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

const numberRows = { type: 'array', items: { type: 'array', items: { type: 'number' } } };
const epochInfo = {
  type: 'object',
  required: ['epoch', 'epochs', 'loss', 'seconds'],
  properties: {
    epoch: { type: 'integer', minimum: 1 },
    epochs: { type: 'integer' },
    loss: { type: 'number', description: 'Mean cost J over the epoch\'s batches.' },
    valLoss: { type: 'number' },
    valAccuracy: { type: 'number' },
    seconds: { type: 'number', description: 'Seconds since training started.' },
  },
};
const nullable = (schema: object) => ({ oneOf: [schema, { type: 'null' }] });
const modelSummary = {
  type: 'object',
  required: ['name', 'task', 'layers', 'inputs', 'labels', 'updatedAt'],
  properties: {
    name: { type: 'string' },
    task: { type: 'string', enum: ['classification', 'regression'] },
    layers: { type: 'array', items: { type: 'integer' }, description: 'Layer sizes, inputs first.' },
    inputs: { type: 'array', items: { type: 'string' }, description: 'Input column names, in order.' },
    labels: nullable({ type: 'array', items: { type: 'string' } }),
    updatedAt: { type: 'string', format: 'date-time' },
  },
};
const jobBase = {
  id: { type: 'string' },
  name: { type: 'string', description: 'The model name the result is stored under.' },
  state: { type: 'string', enum: [...JOB_STATES] },
  createdAt: { type: 'string', format: 'date-time' },
  startedAt: nullable({ type: 'string', format: 'date-time' }),
  finishedAt: nullable({ type: 'string', format: 'date-time' }),
  epoch: { type: 'integer', description: 'Epochs run so far.' },
  epochs: { type: 'integer', description: `Epochs asked for (at most ${MAX_EPOCHS}).` },
  loss: nullable({ type: 'number' }),
  valLoss: nullable({ type: 'number' }),
  options: { type: 'object', description: 'The request without its data.' },
  rows: nullable({ type: 'integer' }),
  stoppedBy: nullable({ type: 'string', description: 'epochs, early-stopping, target-loss or aborted.' }),
  error: nullable({ type: 'string', description: 'Why the job failed, was cancelled or interrupted.' }),
};
const numbers = { type: 'array', items: { type: 'number' } };
const explanation = {
  type: 'object',
  required: ['model', 'input', 'target', 'encodedTarget', 'prediction', 'cost', 'loss', 'outputRule', 'layers', 'topGradients'],
  properties: {
    model: { type: 'string' },
    input: { type: 'object', additionalProperties: { type: 'number' }, description: 'The raw inputs by column.' },
    target: { type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] } },
    encodedTarget: { ...numbers, description: 'y as the network learns it: one-hot classes or scaled numbers.' },
    prediction: { type: 'object', required: ['outputs'], properties: { label: { type: 'string' }, outputs: numbers } },
    cost: { type: 'number', description: "This sample's cost J." },
    loss: { type: 'string' },
    outputRule: { type: 'string', description: "How the output layer's residual is computed." },
    layers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['layer', 'size', 'activation', 'z', 'a', 'residual'],
        properties: { layer: { type: 'integer' }, size: { type: 'integer' }, activation: nullable({ type: 'string' }), z: nullable(numbers), a: { ...numbers, description: 'Activations (layer 0: the scaled inputs).' }, residual: nullable({ ...numbers, description: 'δ = ∂J/∂z.' }) },
      },
    },
    topGradients: {
      type: 'array',
      items: {
        type: 'object',
        required: ['layer', 'i', 'j', 'activation', 'residual', 'gradient'],
        description: '∂J/∂W[layer][i][j] = a_i^(layer) · δ_j^(layer+1).',
        properties: { layer: { type: 'integer' }, i: { type: 'integer' }, j: { type: 'integer' }, activation: { type: 'number' }, residual: { type: 'number' }, gradient: { type: 'number' } },
      },
    },
  },
};
const jobBrief = { type: 'object', required: Object.keys(jobBase), properties: jobBase };

export function openApiDocument(options: { version: string; maxRows: number }) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'bpnn-server',
      version: options.version,
      description: 'Serve and train back-propagation neural networks (bpnn models) over HTTP. Every error is JSON, `{"error": message}`, and names the field, the constraint and the value.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'http://127.0.0.1:8080' }],
    tags: [{ name: 'service' }, { name: 'models' }, { name: 'jobs' }],
    paths: {
      '/healthz': { get: { tags: ['service'], operationId: 'health', summary: 'The process is alive.', responses: { 200: { description: 'Alive.', content: json(ref('Health')) } } } },
      '/readyz': {
        get: {
          tags: ['service'],
          operationId: 'ready',
          summary: 'The models have been loaded.',
          responses: { 200: { description: 'Ready.', content: json(ref('Ready')) }, 503: { description: 'Still loading the models folder.', content: json(ref('Ready')) } },
        },
      },
      '/metrics': {
        get: {
          tags: ['service'],
          operationId: 'metrics',
          summary: 'Prometheus metrics: requests by route/method/status, latency histogram, rows predicted, jobs by state, models loaded.',
          responses: { 200: { description: 'Prometheus text exposition format 0.0.4.', content: { 'text/plain': { schema: { type: 'string' } } } } },
        },
      },
      '/openapi.json': { get: { tags: ['service'], operationId: 'openapi', summary: 'This document.', responses: { 200: { description: 'OpenAPI 3.1.', content: json({ type: 'object' }) } } } },
      '/v1/models': {
        get: { tags: ['models'], operationId: 'listModels', summary: 'The models loaded.', responses: { 200: { description: 'Models by name.', content: json(ref('ModelList')) } } },
      },
      '/v1/models/{name}': {
        parameters: [nameParameter],
        get: {
          tags: ['models'],
          operationId: 'getModel',
          summary: 'A model\'s metadata: task, layers, activations, inputs, labels, training record.',
          responses: { 200: { description: 'The model.', content: json(ref('ModelDetails')) }, ...errors(400, 404) },
        },
        put: {
          tags: ['models'],
          operationId: 'putModel',
          summary: 'Adds (201) or replaces (200) a model from a .bpnn file or its JSON form.',
          security: secured,
          requestBody: {
            required: true,
            content: {
              'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream', description: 'A .bpnn file (safetensors).' } },
              'application/json': { schema: { type: 'object', description: 'The JSON form of a model, as writeModelJson writes it.' } },
            },
          },
          responses: {
            200: { description: 'Replaced.', content: json(ref('ModelDetails')) },
            201: { description: 'Added.', content: json(ref('ModelDetails')) },
            ...errors(400, 401, 413, 415, 422),
          },
        },
        delete: {
          tags: ['models'],
          operationId: 'deleteModel',
          summary: 'Deletes a model and its file.',
          security: secured,
          responses: { 204: { description: 'Deleted.' }, ...errors(400, 401, 404) },
        },
      },
      '/v1/models/{name}/file': {
        parameters: [nameParameter],
        get: {
          tags: ['models'],
          operationId: 'downloadModel',
          summary: 'Downloads the .bpnn file (or its JSON form, with Accept: application/json).',
          responses: {
            200: {
              description: 'The model file.',
              content: { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } }, 'application/json': { schema: { type: 'object' } } },
            },
            ...errors(400, 404),
          },
        },
      },
      '/v1/models/{name}/predict': {
        parameters: [nameParameter],
        post: {
          tags: ['models'],
          operationId: 'predict',
          summary: `Predicts a batch of up to ${options.maxRows} rows.`,
          requestBody: { required: true, content: json(ref('PredictRequest')) },
          responses: { 200: { description: 'One output row per input row.', content: json(ref('Prediction')) }, ...errors(400, 404, 413, 415) },
        },
      },
      '/v1/models/{name}/explain': {
        parameters: [nameParameter],
        post: {
          tags: ['models'],
          operationId: 'explain',
          summary: "One sample's forward and backward pass: every neuron's z, activation and residual δ = ∂J/∂z, and the largest weight gradients a_i·δ_j (as `bpnn explain --json`).",
          requestBody: { required: true, content: json(ref('ExplainRequest')) },
          responses: { 200: { description: 'The explanation.', content: json(ref('Explanation')) }, ...errors(400, 404, 413, 415) },
        },
      },
      '/v1/jobs': {
        get: { tags: ['jobs'], operationId: 'listJobs', summary: 'Every job this server knows, without per-epoch losses.', responses: { 200: { description: 'Jobs.', content: json(ref('JobList')) } } },
        post: {
          tags: ['jobs'],
          operationId: 'createJob',
          summary: 'Trains a model in a worker thread and stores it under `name`.',
          description: 'JSON rows and CSV text of up to 256 KiB are read before the job is queued: a bad cell or a missing column is a 400. A larger CSV is read by the worker, and bad data there fails the job.',
          security: secured,
          requestBody: { required: true, content: json(ref('JobRequest')) },
          responses: { 202: { description: 'Queued.', content: json(ref('Job')) }, ...errors(400, 401, 413, 415, 429, 503) },
        },
      },
      '/v1/jobs/{id}': {
        parameters: [idParameter],
        get: { tags: ['jobs'], operationId: 'getJob', summary: 'A job: its state, epoch and losses.', responses: { 200: { description: 'The job.', content: json(ref('Job')) }, ...errors(404) } },
        delete: {
          tags: ['jobs'],
          operationId: 'cancelJob',
          summary: 'Cancels a job: at once when queued, at the next batch when running. Nothing is stored.',
          security: secured,
          responses: {
            200: { description: 'Cancelled.', content: json(ref('JobBrief')) },
            202: { description: 'Cancelling: the worker stops at its next batch.', content: json(ref('JobBrief')) },
            ...errors(401, 404, 409),
          },
        },
      },
      '/v1/jobs/{id}/events': {
        parameters: [idParameter, { name: 'Last-Event-ID', in: 'header', required: false, description: 'Resume after this epoch.', schema: { type: 'string' } }],
        get: {
          tags: ['jobs'],
          operationId: 'jobEvents',
          summary: 'Server-Sent Events: `state` (the job as it is), one `epoch` per epoch so far and then live (id: the epoch), and `result` (the job as it ended); then the stream closes.',
          responses: {
            200: {
              description: 'An event stream; every `data:` is JSON: state and result carry a JobBrief, epoch an EpochInfo.',
              content: { 'text/event-stream': { schema: { type: 'string' }, example: 'event: state\ndata: {"id":"…","state":"running",…}\n\nid: 1\nevent: epoch\ndata: {"epoch":1,"epochs":50,"loss":1.02,"seconds":0.01}\n\n' } },
            },
            ...errors(404),
          },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Required for PUT, DELETE and POST /v1/jobs when the server has BPNN_TOKEN.' } },
      schemas: {
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'string', examples: ['inputs[3][1] must be a finite number, got "abc"'] } } },
        Health: { type: 'object', required: ['status', 'version', 'uptime'], properties: { status: { const: 'ok' }, version: { type: 'string' }, uptime: { type: 'integer', description: 'Seconds.' } } },
        Ready: { type: 'object', required: ['status', 'models'], properties: { status: { type: 'string', enum: ['ready', 'loading'] }, models: { type: 'integer' } } },
        ModelSummary: modelSummary,
        ModelList: { type: 'object', required: ['models'], properties: { models: { type: 'array', items: ref('ModelSummary') } } },
        ModelDetails: {
          allOf: [
            ref('ModelSummary'),
            {
              type: 'object',
              required: ['activations', 'loss', 'dtype', 'parameters', 'targets', 'inputScaling', 'targetScaling', 'training', 'bytes', 'sha256'],
              properties: {
                activations: { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'object', properties: { name: { type: 'string' }, alpha: { type: 'number' } } }] } },
                loss: { type: 'string' },
                dtype: { type: 'string', enum: ['float32', 'float64'] },
                parameters: { type: 'integer', description: 'Weights and biases.' },
                targets: { type: 'array', items: { type: 'string' } },
                inputScaling: { type: 'string' },
                targetScaling: nullable({ type: 'string' }),
                training: nullable(ref('TrainingRecord')),
                bytes: { type: 'integer', description: 'Size of the .bpnn file.' },
                sha256: { type: 'string', description: 'SHA-256 of the .bpnn file.' },
              },
            },
          ],
        },
        TrainingRecord: {
          type: 'object',
          properties: {
            options: { type: 'object' },
            rows: { type: 'integer' },
            epochs: { type: 'integer' },
            bestEpoch: { type: 'integer' },
            stoppedBy: { type: 'string' },
            loss: { type: 'number' },
            valLoss: { type: 'number' },
            seed: { type: 'integer' },
            seconds: { type: 'number' },
          },
        },
        PredictRequest: fromZod(predictSchema(options.maxRows)),
        Prediction: {
          oneOf: [
            {
              type: 'object',
              required: ['model', 'task', 'classes', 'outputs', 'labels', 'probabilities'],
              properties: {
                model: { type: 'string' },
                task: { const: 'classification' },
                classes: { type: 'array', items: { type: 'string' }, description: 'The class of each output column.' },
                outputs: { ...numberRows, description: 'Class probabilities, one row per input row, columns as in classes.' },
                labels: { type: 'array', items: { type: 'string' }, description: 'The most probable class of each row.' },
                probabilities: { type: 'array', items: { type: 'object', additionalProperties: { type: 'number' } }, description: 'Each row\'s probabilities keyed by class.' },
              },
            },
            {
              type: 'object',
              required: ['model', 'task', 'targets', 'outputs'],
              properties: {
                model: { type: 'string' },
                task: { const: 'regression' },
                targets: { type: 'array', items: { type: 'string' } },
                outputs: { ...numberRows, description: 'Predicted values in the targets\' units, one row per input row.' },
              },
            },
          ],
        },
        ExplainRequest: fromZod(explainSchema),
        Explanation: explanation,
        JobRequest: fromZod(jobRequestSchema),
        EpochInfo: epochInfo,
        JobBrief: jobBrief,
        Job: { type: 'object', required: [...Object.keys(jobBase), 'losses'], properties: { ...jobBase, losses: { type: 'array', items: ref('EpochInfo') } } },
        JobList: { type: 'object', required: ['jobs'], properties: { jobs: { type: 'array', items: ref('JobBrief') } } },
      },
    },
  };
}
