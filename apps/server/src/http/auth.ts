/**
 * Bearer-token authorisation. Requests that change state need the token (`--token`); reads need
 * the read token or the token, once a read token is set (`--read-token`; give both the same value
 * for one token for everything). A token is compared in constant time: both sides are hashed to
 * 32 bytes first, so timingSafeEqual sees equal lengths and the comparison leaks neither the
 * token's content nor its length. The read token sent for a change is not a wrong token but one
 * that may not do it: 403 with `error="insufficient_scope"` (RFC 6750, section 3.1), not a 401.
 */
import type { RequestHandler } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpError } from './http-error.js';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

const given = (token: string | undefined): token is string => token !== undefined && token !== '';

/**
 * A middleware that lets a request through when `token` is not configured or it carries one of
 * the tokens (`token` or an alternative); `lesser` is a token that exists but may not do this (the
 * read token, for a change): 403 rather than 401.
 */
export function requireToken(token: string | undefined, alternatives: Array<string | undefined> = [], lesser?: string): RequestHandler {
  if (!given(token)) return (_req, _res, next) => next();
  const accepted = [token, ...alternatives].filter(given).map(digest);
  const insufficient = given(lesser) ? digest(lesser) : undefined;
  const challenge = { 'WWW-Authenticate': 'Bearer realm="bpnn-server"' };
  return (req, _res, next) => {
    const header = req.get('authorization');
    if (header === undefined) {
      next(new HttpError(401, `${req.method} ${req.path} needs an Authorization: Bearer <token> header`, challenge));
      return;
    }
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    const sent = match === null ? undefined : digest(match[1]);
    // Every token is compared, so the time does not tell which one matched.
    const matches = sent !== undefined && accepted.map((expected) => timingSafeEqual(sent, expected)).includes(true);
    const lesserMatches = sent !== undefined && insufficient !== undefined && timingSafeEqual(sent, insufficient);
    if (matches) return next();
    if (lesserMatches) {
      next(new HttpError(403, `the bearer token sent is the read token, which may only read: ${req.method} ${req.path} needs the token that may change models and jobs`, { 'WWW-Authenticate': 'Bearer realm="bpnn-server", error="insufficient_scope"' }));
      return;
    }
    next(new HttpError(401, 'the Authorization header does not carry the right bearer token', { 'WWW-Authenticate': 'Bearer realm="bpnn-server", error="invalid_token"' }));
  };
}
