/**
 * What is checked of a request body before and after it is read, so that each way a body can be
 * wrong gets its own answer: a declared Content-Length over the route's limit is a 413 at once,
 * the connection closed without reading a byte of it (rather than reading 20 MB to refuse it); a
 * request with no body (none sent, or Content-Length: 0) is a 400 saying what it should hold
 * (not a 415 about a Content-Type it has); JSON in a charset other than UTF-8 is a 415 naming it
 * (it would otherwise be decoded as UTF-8, wrongly); a body without Content-Length is a 413 as
 * soon as it passes the limit, not once it has ended; a body sent with a request that takes none
 * (GET, HEAD, DELETE, OPTIONS) is not read at all: the answer says Connection: close.
 */
import type { Request, RequestHandler } from 'express';
import { HttpError } from './http-error.js';

/** Refuses a request whose Content-Length is over `limit` bytes with a 413 and Connection: close, before its body is read. */
export function refuseLongBody(limit: number): RequestHandler {
  return (req, res, next) => {
    const declared = req.headers['content-length'];
    if (declared === undefined || !/^\d+$/.test(declared) || Number(declared) <= limit) return next();
    // Node closes the connection once the answer is written; the body is never read.
    req.once('error', () => {});
    res.once('finish', () => req.socket.destroySoon());
    next(new HttpError(413, `request body is ${declared} bytes (Content-Length), more than the limit of ${limit} bytes`, { Connection: 'close' }));
  };
}

/**
 * Stops a body sent without a Content-Length (chunked) once more than `limit` bytes of it have
 * come: `stop` gets the 413, with Connection: close (the error handler closes the connection once
 * it is written). body-parser, past its limit, reads the rest of the request before it answers,
 * which for a client that never stops sending is never, the server reading all the while. The
 * bytes are counted as sent; a compressed body (whose limit is on its decoded bytes) gets a
 * little room for the few bytes compression adds to data it cannot shrink.
 */
export function stopLongStream(req: Request, limit: number, stop: (error: HttpError) => void): void {
  if (req.headers['content-length'] !== undefined || req.complete) return;
  const encoded = (req.headers['content-encoding'] ?? 'identity').toLowerCase() !== 'identity';
  const most = encoded ? limit + Math.ceil(limit / 64) + 1024 : limit;
  let received = 0;
  const count = (chunk: Buffer) => {
    received += chunk.length;
    if (received <= most) return;
    req.off('data', count);
    stop(new HttpError(413, `request body is larger than the limit of ${limit} bytes`, { Connection: 'close' }));
  };
  req.on('data', count);
  req.once('end', () => req.off('data', count));
}

/** The methods whose routes read no body. */
const BODYLESS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);

/**
 * A request of a method that takes no body, sent with one (a Content-Length above 0, or chunked):
 * it is answered as usual, with Connection: close, and the connection is closed once the answer is
 * written. Node would otherwise read the unread body to its end to reach the next request on the
 * connection, for as long as the client sends: a GET declaring 50 GB was read for 120 s.
 */
export function closeAfterUnreadBody(): RequestHandler {
  return (req, res, next) => {
    const length = req.headers['content-length'];
    const declares = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
    if (BODYLESS.has(req.method) && declares) {
      res.setHeader('Connection', 'close');
      req.once('error', () => {});
      res.once('finish', () => {
        if (!req.complete) req.socket.destroySoon();
      });
    }
    next();
  };
}

/** True when a request sent no body, or an empty one. */
export function hasNoBody(req: Request): boolean {
  if (req.body instanceof Uint8Array) return req.body.length === 0;
  return req.headers['transfer-encoding'] === undefined && (req.headers['content-length'] === undefined || Number(req.headers['content-length']) === 0);
}

/** A 400 for a request without a body: `what` says what it takes. */
export const noBody = (req: Request, what: string) => new HttpError(400, `the request has no body: ${req.method} ${req.path} takes ${what}`);

/** Throws a 415 when the Content-Type names a charset other than UTF-8 (JSON is read as UTF-8, RFC 8259). */
export function checkCharset(req: Request): void {
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(req.get('content-type') ?? '')?.[1];
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
    throw new HttpError(415, `${req.method} ${req.path} takes JSON in UTF-8, got charset ${JSON.stringify(charset)}`);
  }
}
