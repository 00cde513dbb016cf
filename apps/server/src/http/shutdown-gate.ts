/**
 * Shutting down without resetting keep-alive connections. Once `closing` is set (SIGTERM), every
 * response whose headers are still to be written says `Connection: close` and its connection
 * closes after it, so a client reusing connections opens a new one (to whatever serves next)
 * instead of writing into one the server is about to close. A request that arrives on an open
 * connection after that is answered 503 with `Retry-After` and `Connection: close`, once its body
 * has been read.
 */
import type { RequestHandler } from 'express';
import type { ServerResponse } from 'node:http';
import { HttpError } from './http-error.js';

export interface Lifecycle {
  closing: boolean;
}

export function shutdownGate(lifecycle: Lifecycle): RequestHandler {
  return (req, res, next) => {
    if (lifecycle.closing) {
      res.shouldKeepAlive = false;
      const refuse = () => next(new HttpError(503, 'the server is shutting down; try again shortly', { 'Retry-After': '5', Connection: 'close' }));
      // Read the body first: closing a socket with unread bytes in it sends a reset, which can
      // reach the client before the answer does.
      if (req.complete) refuse();
      else req.once('end', refuse).once('error', refuse).resume();
      return;
    }
    const writeHead = res.writeHead as (...args: unknown[]) => ServerResponse;
    res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
      if (lifecycle.closing) this.shouldKeepAlive = false; // Node then sends Connection: close and ends the socket
      return writeHead.apply(this, args);
    } as typeof res.writeHead;
    next();
  };
}
