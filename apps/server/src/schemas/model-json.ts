/**
 * The JSON form of a model (serialize's writeModelJson; DESIGN.md "The model file"): the body of
 * PUT /v1/models/:name as application/json and of GET /v1/models/:name/file with Accept:
 * application/json. The server reads an upload with serialize's readModelJson, which checks far more
 * (shapes against the layers, finite numbers, the checksum) and names the field; this schema is the
 * shape a client builds or reads, held against real downloads by the contract test.
 */
import { DTYPES, LOSS_NAMES, SCALER_KINDS, TASKS } from '@bpnn/core';
import * as z from 'zod';
import { activationSpecSchema, trainingRecordSchema } from './models.js';

const scalerSchema = z.object({
  kind: z.enum(SCALER_KINDS),
  offset: z.array(z.number()).meta({ description: 'Subtracted from each column.' }),
  scale: z.array(z.number()).meta({ description: 'Then each column is divided by this.' }),
});

/** A tensor: its shape and its numbers nested in that shape (a weight matrix [n_l, n_{l+1}] as n_l rows). */
const tensorSchema = z.object({
  dtype: z.literal('U32').optional().meta({ description: 'Only on "checkpoint.order" (row indices, whole numbers); every other tensor is of the file\'s dtype.' }),
  shape: z.array(z.int().min(0)),
  data: z.array(z.union([z.number(), z.array(z.number())])),
});

export const modelJsonSchema = z.object({
  format: z.literal('bpnn'),
  format_version: z.int().min(1),
  created_by: z.string().optional(),
  model: z.object({
    layers: z.array(z.int().min(1)).meta({ description: 'Layer sizes, inputs first.' }),
    activations: z.array(activationSpecSchema),
    loss: z.enum(LOSS_NAMES),
    task: z.enum(TASKS),
    inputNames: z.array(z.string()),
    targetNames: z.array(z.string()),
    inputScaler: scalerSchema,
    categorical: z.array(z.object({ name: z.string(), categories: z.array(z.string()) })).optional().meta({ description: 'Categorical input columns: each one\'s categories, whose 0/1 inputs "name=category" are among inputNames.' }),
    fill: z.array(z.number()).optional().meta({ description: 'Trained with missing: "mean": each input\'s fill, its training mean.' }),
    labels: z.array(z.string()).optional(),
    targetScaler: scalerSchema.optional(),
  }),
  training: trainingRecordSchema.nullable().optional(),
  dtype: z.enum(DTYPES),
  sha256: z.string().optional().meta({ description: 'SHA-256 of the tensor bytes; checked when present (remove it after editing a weight).' }),
  tensors: z.record(z.string(), tensorSchema).meta({ description: '"layers.{l}.weight" and "layers.{l}.bias" for each layer l; a model with a checkpoint also has "optimizer.*" and "checkpoint.order".' }),
});
