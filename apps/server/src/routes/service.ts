/** The service's own endpoints: liveness, readiness, Prometheus metrics and the OpenAPI document. */
import type { Express } from 'express';
import { openApiDocument } from '../openapi.js';
import type { RouteContext } from './context.js';

export function serviceRoutes(app: Express, context: RouteContext): void {
  const { store, metrics, readAuth } = context;
  const document = openApiDocument(context);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', version: context.version, uptime: Math.round((Date.now() - context.startedAt) / 1000) });
  });

  // With PostgreSQL, also whether the database answers and the queue hears notifications: 503
  // when not, `unavailable` once the models are loaded (`loading` before).
  app.get('/readyz', async (_req, res) => {
    const checks = context.checks === undefined ? undefined : await context.checks();
    const shared = checks === undefined ? {} : { database: checks.database ? 'up' : 'down', queue: checks.queue ? 'up' : 'down' };
    const down = checks !== undefined && !(checks.database && checks.queue);
    if (!store.ready || down) {
      res.status(503).set('Retry-After', '1').json({ status: store.ready ? 'unavailable' : 'loading', models: store.size, ...shared });
      return;
    }
    res.json({ status: 'ready', models: store.size, ...shared });
  });

  app.get('/metrics', readAuth, async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
}
