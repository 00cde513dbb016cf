/**
 * /v1/models: list, upload (a .bpnn file or its JSON form), describe, download and delete models,
 * and predict with one.
 */
import { show } from '@bpnn/core';
import { readModel, readModelJson, writeModelJson } from '@bpnn/serialize';
import express, { type Express } from 'express';
import * as z from 'zod';
import { HttpError } from '../http-error.js';
import { modelDetails, modelSummary } from '../model-info.js';
import { checkModelName } from '../model-store.js';
import { parseBody } from '../validation.js';
import { jsonBody, jsonParser, type RouteContext } from './context.js';

const MODEL_TYPES = ['application/octet-stream', 'application/json'];

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

export function modelRoutes(app: Express, context: RouteContext): void {
  const { store, auth, readAuth } = context;
  const predictBody = predictSchema(context.maxRows);

  app.get('/v1/models', readAuth, (_req, res) => {
    res.json({ models: store.list().map(modelSummary) });
  });

  app.get('/v1/models/:name', readAuth, (req, res) => {
    res.json(modelDetails(store.require(String(req.params.name))));
  });

  app.put('/v1/models/:name', auth, express.raw({ type: MODEL_TYPES, limit: context.bodyLimit }), async (req, res) => {
    const name = checkModelName(req.params.name, 'model name');
    if (!(req.body instanceof Uint8Array)) {
      throw new HttpError(415, `PUT /v1/models/:name takes a .bpnn file (Content-Type: application/octet-stream) or its JSON form (application/json), got ${show(req.get('content-type') ?? 'no Content-Type')}`);
    }
    const source = `uploaded model ${JSON.stringify(name)}`;
    const isJson = req.is('application/json') !== false;
    const bytes = new Uint8Array(req.body);
    const model = isJson ? readModelJson(bytes, { source }) : readModel(bytes, { source });
    const { created, entry } = await store.put(name, model, isJson ? undefined : bytes);
    res.status(created ? 201 : 200).location(`/v1/models/${name}`).json(modelDetails(entry));
  });

  app.delete('/v1/models/:name', auth, async (req, res) => {
    const name = checkModelName(req.params.name, 'model name');
    if (!(await store.delete(name))) throw new HttpError(404, `model ${show(name)} not found`);
    res.status(204).end();
  });

  app.get('/v1/models/:name/file', readAuth, (req, res) => {
    const entry = store.require(String(req.params.name));
    if (req.accepts(MODEL_TYPES) === 'application/json') {
      res.type('application/json').attachment(`${entry.name}.json`).send(writeModelJson(entry.model));
      return;
    }
    res.type('application/octet-stream').attachment(`${entry.name}.bpnn`).set('ETag', `"${entry.sha256}"`).send(Buffer.from(entry.bytes));
  });

  app.post('/v1/models/:name/predict', readAuth, jsonParser(context.bodyLimit), (req, res) => {
    const { name, model } = store.require(String(req.params.name));
    const body = parseBody(predictBody, jsonBody(req));
    const width = model.inputNames.length;
    if (body.inputs !== undefined) {
      body.inputs.forEach((row, r) => {
        if (row.length !== width) throw new HttpError(400, `inputs[${r}] has ${row.length} values, the model takes ${width} (${model.inputNames.join(', ')})`);
      });
    }
    const inputs = body.inputs ?? model.inputsFromRecords(body.rows!);
    const prediction = model.predict(inputs);
    const rows = body.inputs?.length ?? body.rows!.length;
    context.metrics.predictions.inc({ model: name }, rows);
    if (prediction.task === 'regression') {
      res.json({ model: name, task: 'regression', targets: model.targetNames, outputs: prediction.values.toRows() });
      return;
    }
    const outputs = prediction.probabilities.toRows();
    const classes = model.labels!;
    res.json({
      model: name,
      task: 'classification',
      classes,
      outputs,
      labels: prediction.labels,
      probabilities: outputs.map((row) => Object.fromEntries(classes.map((label, i) => [label, row[i]]))),
    });
  });
}
