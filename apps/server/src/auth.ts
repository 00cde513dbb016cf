/**
 * Bearer-token authorisation for requests that change state. The token is compared in constant
 * time: both sides are hashed to 32 bytes first, so timingSafeEqual sees equal lengths and the
 * comparison leaks neither the token's content nor its length.
 */
import type { RequestHandler } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpError } from './http-error.js';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** A middleware that lets a request through when no token is configured or it carries the token. */
export function requireToken(token: string | undefined): RequestHandler {
  if (token === undefined || token === '') return (_req, _res, next) => next();
  const expected = digest(token);
  const challenge = { 'WWW-Authenticate': 'Bearer realm="bpnn-server"' };
  return (req, _res, next) => {
    const header = req.get('authorization');
    if (header === undefined) {
      next(new HttpError(401, `${req.method} ${req.path} needs an Authorization: Bearer <token> header`, challenge));
      return;
    }
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    if (match === null || !timingSafeEqual(digest(match[1]), expected)) {
      next(new HttpError(401, 'the Authorization header does not carry the right bearer token', { ...challenge, 'WWW-Authenticate': 'Bearer realm="bpnn-server", error="invalid_token"' }));
      return;
    }
    next();
  };
}
