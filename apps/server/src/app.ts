/**
 * The HTTP API as an express application, separate from listening so that tests (and embedders)
 * can mount it anywhere. Health endpoints first; models, prediction and training jobs follow.
 */
import express, { type Express } from 'express';

export interface AppOptions {
  /** Version reported by /healthz. */
  version?: string;
}

export function createApp(options: AppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', version: options.version ?? '0.0.0' });
  });
  app.get('/readyz', (_req, res) => {
    res.json({ status: 'ready', models: 0 });
  });
  app.use((req, res) => {
    res.status(404).json({ error: `no route for ${req.method} ${req.path}` });
  });
  return app;
}
