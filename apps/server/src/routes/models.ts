/**
 * /v1/models: list, upload (a .bpnn file or its JSON form), describe, download and delete models,
 * and predict with one.
 */
import { show } from '@bpnn/core';
import { modelFromTransfer, writeModelJson } from '@bpnn/serialize';
import type { Express } from 'express';
import { HttpError } from '../http/http-error.js';
import { checkCharset, hasNoBody, noBody } from '../http/request-body.js';
import { modelDetails, modelSummary } from '../models/model-info.js';
import { checkModelName, checkNewModelName } from '../store/model-store.js';
import { readUploadedModel } from '../models/model-upload.js';
import type { PredictResult } from '../pool-worker.js';
import { INLINE_BODY_BYTES, parseJsonText } from '../http/json-text.js';
import { checkPredictBody, predictAnswer, rowCount } from '../models/prediction.js';
import { jsonBody, rawBody, type RouteContext } from './context.js';

const MODEL_TYPES = ['application/octet-stream', 'application/json'];

/** Predictions up to this many rows × weights run on the event loop (a few milliseconds); more in the pool. */
export const INLINE_WORK = 2_000_000;

export function modelRoutes(app: Express, context: RouteContext): void {
  const { store, auth, readAuth } = context;

  app.get('/v1/models', readAuth, (_req, res) => {
    res.json({ models: store.list().map(modelSummary) });
  });

  app.get('/v1/models/:name', readAuth, (req, res) => {
    res.json(modelDetails(store.require(String(req.params.name))));
  });

  app.put('/v1/models/:name', auth, rawBody(context.bodyLimit, MODEL_TYPES), async (req, res) => {
    const name = checkModelName(req.params.name, 'model name');
    if (store.get(name) === undefined) checkNewModelName(store, name, 'model name');
    if (hasNoBody(req)) throw noBody(req, 'a .bpnn file (Content-Type: application/octet-stream) or its JSON form (application/json)');
    if (req.is('application/json')) checkCharset(req);
    if (!(req.body instanceof Uint8Array)) {
      throw new HttpError(415, `PUT /v1/models/:name takes a .bpnn file (Content-Type: application/octet-stream) or its JSON form (application/json), got ${req.get('content-type') === undefined ? 'no Content-Type' : show(req.get('content-type'))}`);
    }
    const json = req.is('application/json') !== false;
    const { created, entry } = req.body.length > INLINE_BODY_BYTES ? await putInPool(name, json, req.body) : await putInline(name, json, req.body);
    res.status(created ? 201 : 200).location(`/v1/models/${name}`).json(modelDetails(entry));
  });

  /** A small upload, read on the event loop (a millisecond at most). */
  function putInline(name: string, json: boolean, body: Uint8Array) {
    const bytes = new Uint8Array(body);
    return store.put(name, readUploadedModel(name, json, bytes), json ? undefined : bytes);
  }

  /**
   * A large upload, read, checked and hashed in the pool's threads (a JSON one also written as a
   * .bpnn file there): the body moves there, and the event loop builds the Model from what comes
   * back, a few milliseconds for 8 MB where reading it takes a hundred or more.
   */
  async function putInPool(name: string, json: boolean, body: Uint8Array) {
    const upload = await context.pool.readUpload({ name, json, body });
    if ('error' in upload) throw new HttpError(upload.status, upload.error);
    return store.put(name, modelFromTransfer(upload.model), upload.bytes, upload.sha256);
  }

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

  // Small requests on the event loop; large bodies or large predictions in the pool's threads.
  app.post('/v1/models/:name/predict', readAuth, rawBody(context.bodyLimit), async (req, res) => {
    const { name, model, bytes: modelBytes, sha256 } = store.require(String(req.params.name));
    const raw = jsonBody(req);
    const inPool = async () => answer(await context.pool.predict({ name, sha256, modelBytes, body: raw, maxRows: context.maxRows }));
    if (raw.length > INLINE_BODY_BYTES) return inPool();
    const body = checkPredictBody(parseJsonText(raw), context.maxRows);
    if (rowCount(body) * model.network.params.length > INLINE_WORK) return inPool();
    context.metrics.predictions.inc({ model: name }, rowCount(body));
    res.json(predictAnswer(name, model, body));

    function answer(result: PredictResult) {
      if (result.rows > 0) context.metrics.predictions.inc({ model: name }, result.rows);
      res.status(result.status).type('application/json').send(result.json);
    }
  });
}
