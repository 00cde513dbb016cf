/** What every route needs: the stores, the limits, the request pool, and the reading of JSON bodies as bytes. */
import express, { type Request, type RequestHandler } from 'express';
import { HttpError } from '../http/http-error.js';
import { checkCharset, hasNoBody, noBody, refuseLongBody, stopLongStream } from '../http/request-body.js';
import type { JobService } from '../jobs/job-service.js';
import type { Metrics } from '../http/metrics.js';
import type { EventStreams } from '../http/sse.js';
import type { RequestPool } from '../request-pool.js';
import type { ModelStore } from '../store/model-store.js';

export interface RouteContext {
  store: ModelStore;
  jobs: JobService;
  metrics: Metrics;
  /** Threads for large predictions and large bodies. */
  pool: RequestPool;
  /** Checks the bearer token of requests that change state. */
  auth: RequestHandler;
  /** Checks the read token (or the token) of requests that read, once a read token is set. */
  readAuth: RequestHandler;
  /** The open event streams, bounded. */
  streams: EventStreams;
  bodyLimit: number;
  maxRows: number;
  version: string;
  startedAt: number;
  /** With PostgreSQL: whether the database and the queue answer. */
  checks?: () => Promise<{ database: boolean; queue: boolean }>;
}

/**
 * Reads a body as bytes (of any type, or of `types` only: another is left unread), up to the
 * limit: 413 above, at once when Content-Length says so, or as soon as a body without one passes
 * it. JSON is parsed where it is cheap (json-text.ts).
 */
export function rawBody(limit: number, types?: string[]): RequestHandler {
  const check = refuseLongBody(limit);
  const read = express.raw({ type: types ?? (() => true), limit });
  return (req, res, next) =>
    check(req, res, (error?: unknown) => {
      if (error !== undefined) return next(error);
      let stopped = false;
      // Once stopped, body-parser's own answer (after reading the whole request) is not wanted.
      read(req, res, (later?: unknown) => {
        if (!stopped) next(later);
      });
      if (types === undefined || req.is(types)) {
        stopLongStream(req, limit, (tooLong) => {
          stopped = true;
          next(tooLong);
        });
      }
    });
}

/** The JSON body's bytes (read by rawBody): a 400 when there is none, a 415 when the request did not send JSON (or not in UTF-8). */
export function jsonBody(req: Request): Uint8Array {
  if (hasNoBody(req)) throw noBody(req, 'a JSON body (Content-Type: application/json)');
  checkCharset(req);
  if (!req.is('application/json')) {
    throw new HttpError(415, `${req.method} ${req.path} takes a JSON body (Content-Type: application/json), got ${req.get('content-type') === undefined ? 'no Content-Type' : JSON.stringify(req.get('content-type'))}`);
  }
  return req.body instanceof Uint8Array ? req.body : new Uint8Array(0);
}
