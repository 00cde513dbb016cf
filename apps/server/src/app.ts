/**
 * The HTTP API as an express application, separate from listening (start.ts) so that tests and
 * embedders can mount it anywhere. Routes: the service's own (health, readiness, metrics, the
 * OpenAPI document), /v1/models (with /explain), /v1/jobs and the web page at /; then a JSON 404
 * or 405, and the error handler that turns every error into a JSON answer without a stack trace.
 */
import express, { type Express, type Request } from 'express';
import { requireToken } from './http/auth.js';
import { checkHost } from './http/host-check.js';
import { errorHandler, HttpError } from './http/http-error.js';
import type { JobService } from './jobs/job-service.js';
import { createMetrics } from './http/metrics.js';
import { closeAfterUnreadBody } from './http/request-body.js';
import { RequestPool } from './request-pool.js';
import { EventStreams } from './http/sse.js';
import type { ModelStore } from './store/model-store.js';
import type { RouteContext } from './routes/context.js';
import { explainRoutes } from './routes/explain.js';
import { jobRoutes } from './routes/jobs.js';
import { modelRoutes } from './routes/models.js';
import { serviceRoutes } from './routes/service.js';
import { shutdownGate, type Lifecycle } from './http/shutdown-gate.js';
import { webRoutes } from './web.js';

export interface AppOptions {
  store: ModelStore;
  jobs: JobService;
  /** When set, PUT, DELETE and POST /v1/jobs need `Authorization: Bearer <token>`. */
  token?: string;
  /** When set, reads (models, predict, jobs, metrics) need `Authorization: Bearer <readToken or token>`. */
  readToken?: string;
  /** Host names the Host header may carry; undefined: any. */
  allowedHosts?: string[];
  /** Threads for large predictions and bodies; default a new pool (its owner closes it). */
  pool?: RequestPool;
  /** With PostgreSQL: whether the database and the queue answer (/readyz reports them). */
  checks?: () => Promise<{ database: boolean; queue: boolean }>;
  /** Set `closing` to answer 503 with Connection: close (start.ts does on SIGTERM). */
  lifecycle?: Lifecycle;
  /** The largest request body in bytes, default 10 MiB. */
  bodyLimit?: number;
  /** The most event streams open at once (503 beyond), default 100. */
  maxStreams?: number;
  /** How long an event stream's client may leave its output unread before it is dropped, default 30 s. */
  streamTimeoutMs?: number;
  /** The most rows one predict call takes, default 10,000. */
  maxRows?: number;
  /** Version reported by /healthz. */
  version?: string;
  log?: (line: string) => void;
  /** The built web page served at /, default dist/web. */
  webDir?: string;
}

export const DEFAULT_BODY_LIMIT = 10 * 1024 * 1024;
export const DEFAULT_MAX_ROWS = 10_000;

export function createApp(options: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  const pool = options.pool ?? new RequestPool();
  const streams = new EventStreams(options.maxStreams, options.streamTimeoutMs);
  const metrics = createMetrics(options.store, options.jobs, pool, streams);
  const context: RouteContext = {
    store: options.store,
    jobs: options.jobs,
    metrics,
    pool,
    auth: requireToken(options.token, [], options.readToken),
    readAuth: requireToken(options.readToken, [options.token]),
    streams,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    maxRows: options.maxRows ?? DEFAULT_MAX_ROWS,
    version: options.version ?? '0.0.0',
    startedAt: Date.now(),
    checks: options.checks,
  };
  app.use(metrics.middleware);
  app.use(checkHost(options.allowedHosts));
  app.use(shutdownGate(options.lifecycle ?? { closing: false }));
  app.use(closeAfterUnreadBody());
  serviceRoutes(app, context);
  modelRoutes(app, context);
  jobRoutes(app, context);
  explainRoutes(app, context);
  webRoutes(app, options.webDir);
  app.use((req, _res, next) => {
    const allowed = methodsFor(app, req);
    if (allowed.length > 0) next(new HttpError(405, `${req.method} is not allowed on ${req.path}; it takes ${allowed.join(', ')}`, { Allow: allowed.join(', ') }));
    else next(new HttpError(404, `no route for ${req.method} ${req.path}`));
  });
  app.use(errorHandler(options.log ?? ((line) => process.stderr.write(`${line}\n`))));
  return app;
}

/** Every route of an app as [method, express path], e.g. ['get', '/v1/models/:name']. */
export function routesOf(app: Express): Array<[string, string]> {
  const routes: Array<[string, string]> = [];
  for (const layer of routerStack(app)) {
    if (layer.route === undefined) continue;
    for (const method of Object.keys(layer.route.methods)) routes.push([method, String(layer.route.path)]);
  }
  return routes;
}

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
  match(path: string): boolean;
}

function routerStack(app: Express): RouteLayer[] {
  return (app as unknown as { router: { stack: RouteLayer[] } }).router.stack;
}

/** The methods the routes at this path take (for a 405's Allow header). */
function methodsFor(app: Express, req: Request): string[] {
  const methods = new Set<string>();
  for (const layer of routerStack(app)) {
    if (layer.route !== undefined && layer.match(req.path)) for (const m of Object.keys(layer.route.methods)) methods.add(m.toUpperCase());
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods];
}
