/**
 * Server-Sent Events: `text/event-stream`, one event as `id:`, `event:` and `data:` lines and a
 * blank line, with a comment every 15 s so that proxies keep an idle stream open.
 */
import type { Response } from 'express';

export interface EventStream {
  send(event: string, data: unknown, id?: number | string): void;
  end(): void;
}

export function openEventStream(res: Response, onClose: () => void, heartbeatMs = 15_000): EventStream {
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
  heartbeat.unref();
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    onClose();
  };
  res.on('close', close);
  return {
    send(event, data, id) {
      if (!open) return;
      res.write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end() {
      close();
      res.end();
    },
  };
}
