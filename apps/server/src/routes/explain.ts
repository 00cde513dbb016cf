/** POST /v1/models/:name/explain: one sample's z, activations, residuals δ and largest ∂J/∂W. */
import type { Express } from 'express';
import { explainRecord, explainSchema } from '../explain.js';
import { parseBody } from '../validation.js';
import { jsonBody, jsonParser, type RouteContext } from './context.js';

export function explainRoutes(app: Express, context: RouteContext): void {
  app.post('/v1/models/:name/explain', jsonParser(context.bodyLimit), (req, res) => {
    const { name, model } = context.store.require(String(req.params.name));
    const body = parseBody(explainSchema, jsonBody(req));
    res.json({ model: name, ...explainRecord(model, body) });
  });
}
