/**
 * Bearer-token authorisation. Requests that change state need the token (`--token`); reads need
 * the read token or the token, once a read token is set (`--read-token`; give both the same value
 * for one token for everything). A token is compared in constant time: both sides are hashed to
 * 32 bytes first, so timingSafeEqual sees equal lengths and the comparison leaks neither the
 * token's content nor its length.
 */
import type { RequestHandler } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpError } from './http-error.js';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** A middleware that lets a request through when `token` is not configured or it carries one of the tokens. */
export function requireToken(token: string | undefined, ...alternatives: Array<string | undefined>): RequestHandler {
  if (token === undefined || token === '') return (_req, _res, next) => next();
  const accepted = [token, ...alternatives].filter((t): t is string => t !== undefined && t !== '').map(digest);
  const challenge = { 'WWW-Authenticate': 'Bearer realm="bpnn-server"' };
  return (req, _res, next) => {
    const header = req.get('authorization');
    if (header === undefined) {
      next(new HttpError(401, `${req.method} ${req.path} needs an Authorization: Bearer <token> header`, challenge));
      return;
    }
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    const given = match === null ? undefined : digest(match[1]);
    // Every token is compared, so the time does not tell which one matched.
    const matches = given !== undefined && accepted.map((expected) => timingSafeEqual(given, expected)).includes(true);
    if (!matches) {
      next(new HttpError(401, 'the Authorization header does not carry the right bearer token', { ...challenge, 'WWW-Authenticate': 'Bearer realm="bpnn-server", error="invalid_token"' }));
      return;
    }
    next();
  };
}
