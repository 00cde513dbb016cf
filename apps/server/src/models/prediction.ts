/**
 * A prediction request and its answer, apart from HTTP so that the same code runs on the event
 * loop (small requests) and in the prediction pool's worker threads (large ones): the body's
 * schema (schemas/predict-request.ts), the check of each row's width, and the JSON answer: outputs, and for classifiers the
 * labels and per-class probabilities.
 */
import type { Model } from '@bpnn/core';
import { HttpError } from '../http/http-error.js';
import { predictSchema, type PredictRequest } from '../schemas/predict-request.js';
import { parseBody } from '../http/validation.js';

export type PredictBody = PredictRequest;

const schemas = new Map<number, ReturnType<typeof predictSchema>>();

/** The checked body of a predict call: a 400 naming the first problem. */
export function checkPredictBody(value: unknown, maxRows: number): PredictBody {
  let schema = schemas.get(maxRows);
  if (schema === undefined) schemas.set(maxRows, (schema = predictSchema(maxRows)));
  return parseBody(schema, value);
}

/** How many rows a checked body holds. */
export const rowCount = (body: PredictBody) => body.inputs?.length ?? body.rows!.length;

/** The answer to a checked predict body; a row of the wrong width is a 400 naming it. */
export function predictAnswer(name: string, model: Model, body: PredictBody) {
  const width = model.inputNames.length;
  if (body.inputs !== undefined) {
    body.inputs.forEach((row, r) => {
      if (row.length !== width) throw new HttpError(400, `inputs[${r}] has ${row.length} values, the model takes ${width} (${model.inputNames.join(', ')})`);
    });
  }
  const inputs = body.inputs ?? model.inputsFromRecords(body.rows!);
  const prediction = model.predict(inputs);
  if (prediction.task === 'regression') return { model: name, task: 'regression' as const, targets: model.targetNames, outputs: prediction.values.toRows() };
  const outputs = prediction.probabilities.toRows();
  const classes = model.labels!;
  return {
    model: name,
    task: 'classification' as const,
    classes,
    outputs,
    labels: prediction.labels,
    probabilities: outputs.map((row) => Object.fromEntries(classes.map((label, i) => [label, row[i]]))),
  };
}
