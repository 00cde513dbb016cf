/**
 * Prometheus metrics (prom-client), one registry per app: requests by route, method and status;
 * request latency as a histogram; rows predicted per model; jobs by state; the job queue's depth
 * and retries; models loaded and the store's cache hits; the request pool's queue, its tasks in
 * hand and the tasks it answered; the event streams open; and the process's own metrics (CPU, memory, event-loop lag).
 */
import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { JOB_STATES } from '../jobs/job-record.js';
import type { JobService } from '../jobs/job-service.js';
import type { ModelStore } from '../store/model-store.js';
import type { EventStreams } from './sse.js';
import { POOL_TASKS, type PoolTask, type RequestPool } from '../request-pool.js';

export interface Metrics {
  registry: Registry;
  /** Counts and times every request, labelled by the route that answered it. */
  middleware: RequestHandler;
  predictions: Counter<'model'>;
}

export function createMetrics(store: ModelStore, jobs: JobService, pool: RequestPool, streams: EventStreams): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'bpnn_server_' });
  const requests = new Counter({
    name: 'bpnn_http_requests_total',
    help: 'HTTP requests answered, by route, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'bpnn_http_request_duration_seconds',
    help: 'Time from a request arriving to its response finishing, by route and method.',
    labelNames: ['route', 'method'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const predictions = new Counter({
    name: 'bpnn_predictions_total',
    help: 'Rows predicted, by model.',
    labelNames: ['model'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'bpnn_jobs',
    help: 'Training jobs known to the server, by state.',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const counts = await jobs.countByState();
      for (const state of JOB_STATES) this.set({ state }, counts[state]);
    },
  });
  new Gauge({
    name: 'bpnn_request_pool_queue',
    help: 'Requests waiting for a thread of the request pool (large predictions and bodies); beyond --pool-queue they get 503.',
    registers: [registry],
    collect() {
      this.set(pool.queueSize);
    },
  });
  new Gauge({
    name: 'bpnn_request_pool_active',
    help: 'Tasks handed to the request pool and not yet answered: running on its threads or waiting in its queue.',
    registers: [registry],
    collect() {
      this.set(pool.active);
    },
  });
  const counted: Record<PoolTask, number> = { predict: 0, checkJob: 0, readUpload: 0 };
  new Counter({
    name: 'bpnn_request_pool_tasks_total',
    help: 'Tasks the request pool\'s threads answered, by task: predict (large predictions), checkJob (large job bodies), readUpload (large model uploads, and large model files the store reads).',
    labelNames: ['task'] as const,
    registers: [registry],
    collect() {
      for (const task of POOL_TASKS) {
        this.inc({ task }, pool.done[task] - counted[task]);
        counted[task] = pool.done[task];
      }
    },
  });
  new Gauge({
    name: 'bpnn_job_queue_depth',
    help: 'Training jobs waiting for a worker (with PostgreSQL: in the shared queue).',
    registers: [registry],
    async collect() {
      this.set((await jobs.stats()).queued);
    },
  });
  new Gauge({
    name: 'bpnn_job_retries',
    help: 'Attempts beyond the first of the jobs known (a worker died or stopped mid-job and another took it up).',
    registers: [registry],
    async collect() {
      this.set((await jobs.stats()).retries);
    },
  });
  let countedHits = 0;
  new Counter({
    name: 'bpnn_model_cache_hits_total',
    help: "Models the store did not parse again because it had parsed the same bytes (by SHA-256) before.",
    registers: [registry],
    collect() {
      this.inc(store.cacheHits - countedHits);
      countedHits = store.cacheHits;
    },
  });
  new Gauge({
    name: 'bpnn_event_streams',
    help: 'Job event streams open (GET /v1/jobs/:id/events); beyond --max-streams they get 503.',
    registers: [registry],
    collect() {
      this.set(streams.open);
    },
  });
  new Gauge({
    name: 'bpnn_models',
    help: 'Models loaded.',
    registers: [registry],
    collect() {
      this.set(store.size);
    },
  });
  const middleware: RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      // The route pattern, not the path: one series per endpoint, whatever the model or job.
      const route = req.route?.path !== undefined ? String(req.route.path) : 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      requests.inc({ route, method: req.method, status: String(res.statusCode) });
      latency.observe({ route, method: req.method }, seconds);
    });
    next();
  };
  return { registry, middleware, predictions };
}
