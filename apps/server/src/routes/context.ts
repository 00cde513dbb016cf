/** What every route needs: the stores, the limits, and a JSON body parser with the body limit. */
import express, { type Request, type RequestHandler } from 'express';
import { HttpError } from '../http-error.js';
import type { JobManager } from '../jobs.js';
import type { Metrics } from '../metrics.js';
import type { ModelStore } from '../model-store.js';

export interface RouteContext {
  store: ModelStore;
  jobs: JobManager;
  metrics: Metrics;
  /** Checks the bearer token of requests that change state. */
  auth: RequestHandler;
  bodyLimit: number;
  maxRows: number;
  version: string;
  startedAt: number;
}

/** Parses application/json bodies up to the limit (objects and arrays only). */
export const jsonParser = (limit: number): RequestHandler => express.json({ limit, strict: true });

/** The parsed JSON body, or a 415 when the request did not send JSON. */
export function jsonBody(req: Request): unknown {
  if (!req.is('application/json')) {
    throw new HttpError(415, `${req.method} ${req.path} takes a JSON body (Content-Type: application/json), got ${req.get('content-type') === undefined ? 'no Content-Type' : JSON.stringify(req.get('content-type'))}`);
  }
  return req.body;
}
