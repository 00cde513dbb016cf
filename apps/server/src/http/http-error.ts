/**
 * Errors as HTTP answers. Every error a client can cause becomes a 4xx with a JSON body
 * `{ "error": message }` whose message names the field; core and serialize errors are mapped by
 * class, never by their text. A full disk (ENOSPC, EDQUOT) is a 507 that says so. Anything else is a 500 whose body says only "internal error": the
 * stack goes to the log, never into a response. A 5xx the server meant (503 busy or shutting
 * down, 507, the database down) is one line in the log, without a stack: it is load, not a bug.
 * An error answered before the request's body has arrived closes the connection after it.
 */
import { BpnnError, ConfigError, DataError, FormatError, ShapeError, show, TrainingError } from '@bpnn/core';
import type { ErrorRequestHandler } from 'express';
import { DatabaseUnreachable } from '../pg/connect-timeout.js';
import { apiMessage } from './api-wording.js';

/** An error with the status it answers with (and extra headers, e.g. Retry-After). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what: string) => new HttpError(404, `${what} not found`);

/** The status for an error thrown by @bpnn/core or @bpnn/serialize, by its class. */
export function statusOf(error: BpnnError): number {
  if (error instanceof FormatError) return 422; // a model file that is not what it claims to be
  if (error instanceof TrainingError) return 422;
  if (error instanceof ConfigError || error instanceof DataError || error instanceof ShapeError) return 400;
  return 400;
}

/** body-parser's errors carry a `type`; these are the ones a client can cause. */
interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
  length?: number;
}

/** The JSON error response for anything thrown in a route, and its log line when it is ours. */
export function errorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const { status, message, headers } = describeError(error, req.get('content-encoding'));
    if (status === 500) log(`bpnn-server: ${req.method} ${req.path} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    // The log names the database's address and the wait (connect-timeout.ts); the answer does not.
    else if (status > 500) log(`bpnn-server: ${req.method} ${req.path} answered ${status}: ${error instanceof DatabaseUnreachable ? `the database is unavailable: ${error.message}` : message}`);
    if (res.headersSent) {
      res.end();
      return;
    }
    if (!req.complete) {
      // The body is still arriving, unread (a 401, 404, 405 or 415 comes before a route reads it):
      // close the connection once the answer is out, rather than read the rest to keep it, as
      // Node would: a client without a token would otherwise have the server read any length.
      req.once('error', () => {});
      res.once('finish', () => req.socket.destroySoon());
      res.set('Connection', 'close');
    }
    res.status(status).set(headers).json({ error: message });
  };
}

/** Errors of node:zlib's streams: gzip and deflate (Z_…), brotli (ERR__ERROR_…), zstd (ZSTD_error_…). */
const DECOMPRESSION = /^(Z_|ERR__ERROR_|ZSTD_error_)/;

/** File-system errors that mean the disk is full: 507, which a client can act on (try later, or elsewhere). */
const DISK_FULL = new Set(['ENOSPC', 'EDQUOT']);

/** PostgreSQL unreachable, restarting or out of connections (SQLSTATE class 08 too): 503, try later. */
const DATABASE_DOWN = new Set(['ECONNREFUSED', '57P01', '57P02', '57P03', '53300']);

/**
 * node-postgres's own errors, which have no code: a connection that ended (PostgreSQL restarted,
 * the network cut) and a pool whose connections stayed busy past its wait (every one in use).
 */
const DATABASE_LOST = /^(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|timeout exceeded when trying to connect|timeout expired)/;

/**
 * The most characters of an error's message an answer carries. The library's messages quote the
 * values they refuse, and list what they expected: a row of 100,000 unknown columns, or a label
 * of a megabyte, made an error of a megabyte, an echo of the body rather than an answer.
 */
export const MAX_MESSAGE_LENGTH = 2000;

/** The answer for an error; `encoding` is the request's Content-Encoding, for a body that does not decode. */
export function describeError(error: unknown, encoding?: string): { status: number; message: string; headers: Record<string, string> } {
  const answer = describeAny(error, encoding);
  if (answer.message.length <= MAX_MESSAGE_LENGTH) return answer;
  return { ...answer, message: `${answer.message.slice(0, MAX_MESSAGE_LENGTH)}… (cut at ${MAX_MESSAGE_LENGTH} of its ${answer.message.length} characters)` };
}

function describeAny(error: unknown, encoding?: string): { status: number; message: string; headers: Record<string, string> } {
  if (error instanceof HttpError) return { status: error.status, message: error.message, headers: error.headers };
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && DECOMPRESSION.test(code)) {
    // zlib's own words ("incorrect header check", brotli's "Decompression failed") say nothing of
    // where the fault is: the body.
    return { status: 400, message: `request body is not valid ${encoding ?? 'compressed'} data (Content-Encoding: ${encoding ?? 'unknown'}): ${(error as Error).message}`, headers: {} };
  }
  if (typeof code === 'string' && DISK_FULL.has(code)) {
    return { status: 507, message: `the server's disk is full (${code}): nothing was stored; try again later`, headers: { 'Retry-After': '60' } };
  }
  if (error instanceof BpnnError) return { status: statusOf(error), message: apiMessage(error), headers: {} };
  if (error instanceof URIError && (error as BodyParserError).status === 400) {
    // The router's words ("Failed to decode param '%zz'") name neither the rule nor the way out.
    const value = /^Failed to decode param '(.*)'$/s.exec(error.message)?.[1];
    return { status: 400, message: `the request path's ${value === undefined ? 'text' : show(value)} is not valid percent-encoding: a "%" must be followed by two hexadecimal digits of UTF-8 ("%25" for "%" itself)`, headers: {} };
  }
  const parser = error as BodyParserError;
  switch (parser?.type) {
    case 'entity.parse.failed':
      return { status: 400, message: `request body is not valid JSON: ${parser.message}`, headers: {} };
    case 'entity.too.large':
      return { status: 413, message: `request body is ${parser.length === undefined ? 'larger than' : `${parser.length} bytes, more than`} the limit of ${parser.limit} bytes`, headers: {} };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, message: parser.message, headers: {} };
    case 'request.aborted':
      return { status: 400, message: 'request aborted by the client', headers: {} };
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return { status: 400, message: parser.message, headers: {} };
  }
  if (typeof parser?.status === 'number' && parser.status >= 400 && parser.status < 500) {
    return { status: parser.status, message: parser.message, headers: {} };
  }
  if (error instanceof DatabaseUnreachable) {
    return { status: 503, message: `the database is unavailable (${error.brief}); try again later`, headers: { 'Retry-After': '5' } };
  }
  if (typeof code === 'string' && (DATABASE_DOWN.has(code) || code.startsWith('08'))) {
    return { status: 503, message: `the database is unavailable (${code}); try again later`, headers: { 'Retry-After': '5' } };
  }
  if (code === undefined && error instanceof Error && DATABASE_LOST.test(error.message)) {
    return { status: 503, message: `the database is unavailable (${error.message}); try again later`, headers: { 'Retry-After': '5' } };
  }
  return { status: 500, message: 'internal error', headers: {} };
}
