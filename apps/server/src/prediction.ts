/**
 * A prediction request and its answer, apart from HTTP so that the same code runs on the event
 * loop (small requests) and in the prediction pool's worker threads (large ones): the body's
 * schema, the check of each row's width, and the JSON answer: outputs, and for classifiers the
 * labels and per-class probabilities.
 */
import type { Model } from '@bpnn/core';
import * as z from 'zod';
import { HttpError } from './http-error.js';
import { parseBody } from './validation.js';

export function predictSchema(maxRows: number) {
  return z
    .strictObject({
      inputs: z.array(z.array(z.number())).min(1).max(maxRows).optional().describe('Rows of numbers, one per sample, in the order of the model\'s inputs.'),
      rows: z.array(z.record(z.string(), z.unknown())).min(1).max(maxRows).optional().describe('Rows keyed by column name (target columns are ignored).'),
    })
    .check((ctx) => {
      if ((ctx.value.inputs === undefined) === (ctx.value.rows === undefined)) {
        ctx.issues.push({ code: 'custom', path: [], message: 'must have either "inputs" (rows of numbers) or "rows" (objects keyed by column name), exactly one of them', input: ctx.value });
      }
    });
}

export type PredictBody = z.infer<ReturnType<typeof predictSchema>>;

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
