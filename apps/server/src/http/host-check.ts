/**
 * The Host header check that stops DNS rebinding: a web page on evil.example whose name comes to
 * resolve to 127.0.0.1 can make a browser send requests to this server, but the browser still
 * says `Host: evil.example`. A server bound to loopback takes only loopback names by default
 * (localhost, 127.0.0.1, [::1], and the address it is bound to); `--allowed-hosts` sets the list
 * (`*`: any). A request with another Host is a 403 naming the host and the flag. An HTTP/1.1
 * request without Host is a 400 whatever the list (RFC 9112 requires one).
 */
import type { RequestHandler } from 'express';
import { isIP } from 'node:net';
import { HttpError } from './http-error.js';
import { UsageError } from '../usage-error.js';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || (isIP(bare) === 4 && bare.startsWith('127.'));
}

/** The names a Host header may carry, from the flag, or by default from the address bound; undefined: any. */
export function allowedHosts(given: { value: string; name: string } | undefined, boundTo: string): string[] | undefined {
  if (given === undefined) {
    if (!isLoopback(boundTo)) return undefined;
    const bound = isIP(boundTo) === 6 ? `[${boundTo}]` : boundTo.toLowerCase();
    return [...new Set([...LOOPBACK_NAMES, bound])];
  }
  const names = given.value.split(',').map((name) => name.trim().toLowerCase()).filter((name) => name !== '');
  if (names.length === 0) throw new UsageError(`${given.name} must be host names separated by commas, or *, got ${JSON.stringify(given.value)}`);
  for (const name of names) {
    if (name !== '*' && isIP(name) !== 6 && !/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)$/.test(name)) {
      throw new UsageError(`${given.name} must be host names without port (example.com, 10.0.0.2, [::1]) or *, got ${JSON.stringify(name)}`);
    }
  }
  return names.includes('*') ? undefined : names.map((name) => (isIP(name) === 6 ? `[${name}]` : name));
}

/** The host name of a Host header, without its port: "localhost:8080" → "localhost", "[::1]:80" → "[::1]". */
export function hostName(header: string): string {
  const trimmed = header.trim().toLowerCase();
  if (trimmed.startsWith('[')) return trimmed.slice(0, trimmed.indexOf(']') + 1);
  const colon = trimmed.indexOf(':');
  return colon < 0 ? trimmed : trimmed.slice(0, colon);
}

export function checkHost(allowed: string[] | undefined): RequestHandler {
  const names = new Set(allowed);
  return (req, _res, next) => {
    const header = req.headers.host;
    if (header === undefined && req.httpVersion === '1.1') return next(new HttpError(400, 'the Host header is missing; an HTTP/1.1 request must have one', { Connection: 'close' }));
    if (allowed === undefined || (header !== undefined && names.has(hostName(header)))) return next();
    next(new HttpError(403, `the Host header ${header === undefined ? 'is missing' : JSON.stringify(header)}; this server answers to ${allowed.join(', ')} only (set --allowed-hosts or BPNN_ALLOWED_HOSTS)`));
  };
}
