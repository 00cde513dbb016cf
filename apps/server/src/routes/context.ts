/** What every route needs: the stores, the limits, and a JSON body parser with the body limit. */
import express, { type Request, type RequestHandler } from 'express';
import { HttpError } from '../http-error.js';
import { checkJsonDepth } from '../json-depth.js';
import type { JobManager } from '../jobs.js';
import type { Metrics } from '../metrics.js';
import type { PredictPool } from '../predict-pool.js';
import type { ModelStore } from '../model-store.js';

export interface RouteContext {
  store: ModelStore;
  jobs: JobManager;
  metrics: Metrics;
  /** Threads for large predictions and large bodies. */
  pool: PredictPool;
  /** Checks the bearer token of requests that change state. */
  auth: RequestHandler;
  /** Checks the read token (or the token) of requests that read, once a read token is set. */
  readAuth: RequestHandler;
  bodyLimit: number;
  maxRows: number;
  version: string;
  startedAt: number;
}

/** Parses application/json bodies up to the limit (objects and arrays only); bodyBytes(req) tells their size. */
export const jsonParser = (limit: number): RequestHandler =>
  express.json({
    limit,
    strict: true,
    verify: (req, _res, buffer) => {
      (req as { bodyBytes?: number }).bodyBytes = buffer.length;
    },
  });

/** Bytes of the request body jsonParser read (0 when there was none). */
export const bodyBytes = (req: Request): number => (req as { bodyBytes?: number }).bodyBytes ?? 0;

/** The JSON body (parsed, or raw bytes from express.raw), or a 415 when the request did not send JSON, or a 400 when it nests too deep. */
export function jsonBody(req: Request): unknown {
  if (!req.is('application/json')) {
    throw new HttpError(415, `${req.method} ${req.path} takes a JSON body (Content-Type: application/json), got ${req.get('content-type') === undefined ? 'no Content-Type' : JSON.stringify(req.get('content-type'))}`);
  }
  if (!(req.body instanceof Uint8Array)) checkJsonDepth(req.body);
  return req.body;
}
