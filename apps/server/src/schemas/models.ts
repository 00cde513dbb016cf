/**
 * Bodies of /v1/models answers: a model's summary (the list), its details (architecture, columns,
 * scaling, training record, file) and a prediction. model-info.ts and the predict route build
 * them; the OpenAPI document shows them and the contract test holds real answers against them.
 */
import { ACTIVATION_NAMES, DTYPES, LOSS_NAMES, SCALER_KINDS, TASKS } from '@bpnn/core';
import * as z from 'zod';

const names = z.array(z.string());
/** Rows of numbers: (rows, columns). */
const numberRows = z.array(z.array(z.number()));

export const activationSpecSchema = z.union([z.enum(ACTIVATION_NAMES), z.strictObject({ name: z.enum(ACTIVATION_NAMES), alpha: z.number().optional() })]);

/** What a model remembers of its training; `options` are those it was trained with, as JSON. */
export const trainingRecordSchema = z.strictObject({
  options: z.record(z.string(), z.unknown()).meta({ description: 'The options training was given (core\'s TrainOptions as JSON): a job\'s options, or those of `bpnn train`.' }),
  rows: z.int().min(0),
  epochs: z.int().min(0),
  bestEpoch: z.int().min(0),
  stoppedBy: z.string().meta({ description: 'epochs, early-stopping, target-loss, bit-fail or aborted.' }),
  loss: z.number(),
  valLoss: z.number().optional(),
  seed: z.int(),
  seconds: z.number().min(0),
});

export const modelSummarySchema = z.strictObject({
  name: z.string(),
  task: z.enum(TASKS),
  layers: z.array(z.int().min(1)).meta({ description: 'Layer sizes, inputs first.' }),
  inputs: names.meta({ description: 'Input column names, in order: the network\'s inputs, the values of a row of a predict call\'s `inputs`.' }),
  columns: names.meta({ description: 'The columns of a row of raw data (the keys of a predict call\'s `rows`): `inputs`, with each categorical column in place of its 0/1 inputs.' }),
  categorical: z.array(z.strictObject({ name: z.string(), categories: names })).meta({ description: 'Each categorical input column and its categories, whose 0/1 inputs are named "name=category" among `inputs`; empty when none.' }),
  labels: names.nullable().meta({ description: 'A classifier\'s classes, in output order; null for regression.' }),
  updatedAt: z.iso.datetime(),
});

export const modelListSchema = z.strictObject({ models: z.array(modelSummarySchema) });

export const modelDetailsSchema = modelSummarySchema.extend({
  activations: z.array(activationSpecSchema).meta({ description: 'The activation of each layer after the inputs.' }),
  loss: z.enum(LOSS_NAMES),
  dtype: z.enum(DTYPES),
  parameters: z.int().min(0).meta({ description: 'Weights and biases.' }),
  targets: names.meta({ description: 'Target column names.' }),
  inputScaling: z.enum(SCALER_KINDS),
  targetScaling: z.enum(SCALER_KINDS).nullable(),
  fill: z.array(z.number()).nullable().meta({ description: 'A model trained with missing: "mean": the value each input takes when a predicted row leaves it missing (null), its training mean; null for a model that refuses missing values.' }),
  training: trainingRecordSchema.nullable(),
  bytes: z.int().min(0).meta({ description: 'Size of the .bpnn file.' }),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).meta({ description: 'SHA-256 of the .bpnn file.' }),
});

export const predictionSchema = z.discriminatedUnion('task', [
  z.strictObject({
    model: z.string(),
    task: z.literal('classification'),
    classes: names.meta({ description: 'The class of each output column.' }),
    outputs: numberRows.meta({ description: 'Class probabilities, one row per input row, columns as in classes.' }),
    labels: names.meta({ description: 'The most probable class of each row.' }),
    probabilities: z.array(z.record(z.string(), z.number())).meta({ description: 'Each row\'s probabilities keyed by class.' }),
  }),
  z.strictObject({
    model: z.string(),
    task: z.literal('regression'),
    targets: names,
    outputs: numberRows.meta({ description: 'Predicted values in the targets\' units, one row per input row.' }),
  }),
]);
