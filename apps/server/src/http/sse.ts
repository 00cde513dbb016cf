/**
 * Server-Sent Events: `text/event-stream`, one event as `id:`, `event:` and `data:` lines and a
 * blank line, with a comment every 15 s so that proxies keep an idle stream open.
 *
 * A stream respects its client's pace. Events wait in a queue and go out in pieces of at most
 * CHUNK_BYTES, the next only once the socket has taken the last ('drain'); a long run of events
 * (a job's history, `sendEach`) stays a view of the caller's array and is written as it is read,
 * never built whole in memory per client. A client is dropped (its socket destroyed) when it
 * leaves its output unread for `stallMs`, or when the events waiting for it grow beyond
 * MAX_PENDING_BYTES: a client that never reads holds a chunk and the socket's buffers, no more.
 * `EventStreams` counts the open streams and refuses one beyond `maxStreams` with a 503.
 */
import type { Response } from 'express';
import { HttpError } from './http-error.js';

/** Bytes written at once: a piece of a long replay. */
export const CHUNK_BYTES = 64 * 1024;

/** Events waiting for a client beyond this (live ones, once serialised) and the client is dropped. */
export const MAX_PENDING_BYTES = 4 * 1024 * 1024;

export const DEFAULT_MAX_STREAMS = 100;
export const DEFAULT_STREAM_TIMEOUT_MS = 30_000;

export interface EventStream {
  send(event: string, data: unknown, id?: number | string): void;
  /** Events already formatted (`formatEvent`), such as a batch that many streams share (sse-batches.ts). */
  write(events: string): void;
  /** The events of items[start..end), each made by `format` as it is written (the array must not shrink meanwhile). */
  sendEach<T>(items: readonly T[], start: number, end: number, format: (item: T) => [event: string, data: unknown, id?: number | string]): void;
  /** Stops taking events, writes those waiting, then ends the response. */
  end(): void;
}

/** A run of events still to be written: a view of the caller's array. */
interface Run {
  items: readonly unknown[];
  next: number;
  end: number;
  format: (item: unknown) => [string, unknown, (number | string)?];
}

export class EventStreams {
  /** Streams open now (their responses not yet closed). */
  open = 0;

  constructor(
    readonly maxStreams = DEFAULT_MAX_STREAMS,
    readonly stallMs = DEFAULT_STREAM_TIMEOUT_MS,
    private readonly heartbeatMs = 15_000,
  ) {}

  /** Opens a stream on `res`, or throws a 503 when `maxStreams` are open; `onClose` runs once, when the stream ends or its client leaves. */
  start(res: Response, onClose: () => void): EventStream {
    if (this.open >= this.maxStreams) {
      throw new HttpError(503, `${this.open} event streams are open, the most this server takes (--max-streams ${this.maxStreams}); try again shortly`, { 'Retry-After': '5' });
    }
    this.open++;
    res.once('close', () => this.open--);
    return openEventStream(res, onClose, this.stallMs, this.heartbeatMs);
  }
}

/** One event as it goes on the wire. */
export const formatEvent = (event: string, data: unknown, id?: number | string) => `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

function openEventStream(res: Response, onClose: () => void, stallMs: number, heartbeatMs: number): EventStream {
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  const queue: Array<string | Run> = [];
  let pendingBytes = 0; // of the strings in the queue
  let open = true; // taking events
  let ending = false;
  let stalled: NodeJS.Timeout | undefined; // set while waiting for 'drain'

  const close = () => {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    onClose();
  };
  const drop = () => {
    close();
    queue.length = 0;
    res.destroy();
  };
  res.once('close', () => {
    close();
    queue.length = 0;
    clearTimeout(stalled);
  });

  /** Writes queued events, a chunk at a time, until the socket asks to wait. */
  const pump = () => {
    if (stalled !== undefined || res.destroyed) return;
    while (queue.length > 0) {
      let chunk = '';
      while (queue.length > 0 && chunk.length < CHUNK_BYTES) {
        const head = queue[0]!;
        if (typeof head === 'string') {
          chunk += head;
          pendingBytes -= head.length;
          queue.shift();
        } else {
          while (head.next < head.end && chunk.length < CHUNK_BYTES) chunk += formatEvent(...head.format(head.items[head.next++]));
          if (head.next >= head.end) queue.shift();
        }
      }
      if (!res.write(chunk)) {
        stalled = setTimeout(drop, stallMs); // the client has not read for stallMs: drop it
        res.once('drain', () => {
          clearTimeout(stalled);
          stalled = undefined;
          pump();
        });
        return;
      }
    }
    if (ending) res.end();
  };

  const push = (piece: string | Run) => {
    if (typeof piece === 'string') {
      pendingBytes += piece.length;
      if (pendingBytes + res.writableLength > MAX_PENDING_BYTES) return drop();
    }
    queue.push(piece);
    pump();
  };
  const heartbeat = setInterval(() => push(': keep-alive\n\n'), heartbeatMs);
  heartbeat.unref();

  return {
    send(event, data, id) {
      if (open) push(formatEvent(event, data, id));
    },
    write(events) {
      if (open && events.length > 0) push(events);
    },
    sendEach(items, start, end, format) {
      if (open && start < end) push({ items, next: start, end, format: format as Run['format'] });
    },
    end() {
      close();
      ending = true;
      pump();
    },
  };
}
