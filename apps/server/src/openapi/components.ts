/**
 * `components.schemas` of the OpenAPI document, generated from the zod schemas the server checks
 * requests with and builds answers to (z.toJSONSchema, JSON Schema 2020-12 as OpenAPI 3.1 takes it):
 * request bodies as zod reads them (io: input), answers as zod writes them (io: output, so objects
 * are closed). A schema named here and used inside another becomes a $ref.
 */
import * as z from 'zod';
import { jobRequestSchema, jobOptionsSchema } from '../jobs/job-request.js';
import { explainSchema } from '../models/explain.js';
import { errorSchema } from '../schemas/error.js';
import { explanationSchema } from '../schemas/explain.js';
import { jobSnapshotSchema } from '../schemas/job-snapshot.js';
import { epochInfoSchema, jobBriefSchema, jobListSchema, jobSchema } from '../schemas/jobs.js';
import { modelJsonSchema } from '../schemas/model-json.js';
import { modelDetailsSchema, modelListSchema, modelSummarySchema, predictionSchema, trainingRecordSchema } from '../schemas/models.js';
import { predictSchema } from '../schemas/predict-request.js';
import { healthSchema, readySchema } from '../schemas/service.js';

export function schemaComponents(options: { maxRows: number }): Record<string, unknown> {
  // JobSnapshot is an answer (an event's data), listed with the requests so that its model is a $ref
  // to ModelJson, the one JSON form of a model both ways (PUT and GET …/file); it is closed either way.
  const requests = { JobRequest: jobRequestSchema, PredictRequest: predictSchema(options.maxRows), ExplainRequest: explainSchema, ModelJson: modelJsonSchema, JobSnapshot: jobSnapshotSchema };
  const answers = {
    Error: errorSchema,
    Health: healthSchema,
    Ready: readySchema,
    ModelSummary: modelSummarySchema,
    ModelList: modelListSchema,
    ModelDetails: modelDetailsSchema,
    TrainingRecord: trainingRecordSchema,
    Prediction: predictionSchema,
    Explanation: explanationSchema,
    EpochInfo: epochInfoSchema,
    JobOptions: jobOptionsSchema,
    JobBrief: jobBriefSchema,
    Job: jobSchema,
    JobList: jobListSchema,
  };
  return { ...toJsonSchemas(requests, 'input'), ...toJsonSchemas(answers, 'output') };
}

function toJsonSchemas(schemas: Record<string, z.ZodType>, io: 'input' | 'output'): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const generated = z.toJSONSchema(registry, { io, target: 'draft-2020-12', unrepresentable: 'throw', uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(Object.entries(generated.schemas).map(([id, { $schema: _schema, $id: _id, ...schema }]) => [id, absentAsFalse(schema)]));
}

/**
 * zod writes a field that must be absent (z.never) as `{ "not": {} }`; JSON Schema's `false` says
 * the same, and openapi-typescript types it `never` (it types `{ "not": {} }` as `unknown`, which
 * would let a client send both of two exclusive fields).
 */
function absentAsFalse(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(absentAsFalse);
  if (schema === null || typeof schema !== 'object') return schema;
  const entries = Object.entries(schema);
  if (entries.length === 1 && entries[0][0] === 'not' && isEmptyObject(entries[0][1])) return false;
  return Object.fromEntries(entries.map(([key, value]) => [key, absentAsFalse(value)]));
}

const isEmptyObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;
