/** POST /v1/models/:name/explain: one sample's z, activations, residuals δ and largest ∂J/∂W. */
import type { Express } from 'express';
import { explainRecord, explainSchema } from '../models/explain.js';
import { parseJsonText } from '../http/json-text.js';
import { parseBody } from '../http/validation.js';
import { jsonBody, rawBody, type RouteContext } from './context.js';

/** One sample's body is small: parsed on the event loop, up to 1 MiB (or the server's lower limit). */
const EXPLAIN_BODY_LIMIT = 1024 * 1024;

export function explainRoutes(app: Express, context: RouteContext): void {
  app.post('/v1/models/:name/explain', context.readAuth, rawBody(Math.min(context.bodyLimit, EXPLAIN_BODY_LIMIT)), (req, res) => {
    const { name, model } = context.store.require(String(req.params.name));
    const body = parseBody(explainSchema, parseJsonText(jsonBody(req)));
    res.json({ model: name, ...explainRecord(model, body) });
  });
}
