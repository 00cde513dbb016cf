/**
 * Following a job's Server-Sent Events (GET /v1/jobs/:id/events) with fetch rather than
 * EventSource, so that the first request, after a reload, can already send Last-Event-ID: the
 * page draws the history from GET /v1/jobs/:id and asks only for the epochs after it. A dropped
 * connection is reopened after the last epoch seen, until the `result` event arrives.
 */
import { storedToken } from './token.js';
import type { EpochInfo, Job, JobSnapshot } from './types.js';

export interface JobEvents {
  state(job: Job): void;
  epoch(info: EpochInfo): void;
  /** A small network's weights now and then (a reconnect first gets the latest again). */
  snapshot(snapshot: JobSnapshot): void;
  result(job: Job): void;
}

export function followJob(id: string, afterEpoch: number, on: JobEvents, signal: AbortSignal): Promise<void> {
  let last = afterEpoch;
  let done = false;
  const dispatch = (event: string, data: string, eventId: string | undefined) => {
    if (eventId !== undefined) last = Number(eventId);
    const value = JSON.parse(data);
    if (event === 'epoch') on.epoch(value as EpochInfo);
    else if (event === 'state') on.state(value as Job);
    else if (event === 'snapshot') on.snapshot(value as JobSnapshot);
    else if (event === 'result') {
      done = true;
      on.result(value as Job);
    }
  };
  const once = async () => {
    const token = storedToken(); // a server with --read-token wants it to read the events too
    const headers: Record<string, string> = { accept: 'text/event-stream', 'last-event-id': String(last), ...(token === null ? {} : { authorization: `Bearer ${token}` }) };
    const response = await fetch(`/v1/jobs/${encodeURIComponent(id)}/events`, { headers, signal });
    if (!response.ok || response.body === null) throw new Error(`events: status ${response.status}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done: ended } = await reader.read();
      if (ended) return;
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = 'message';
        let eventId: string | undefined;
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue; // keep-alive comment
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') event = text;
          else if (field === 'id') eventId = text;
          else if (field === 'data') data.push(text);
        }
        if (data.length > 0) dispatch(event, data.join('\n'), eventId);
      }
    }
  };
  return (async () => {
    while (!done && !signal.aborted) {
      try {
        await once();
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof Error && error.message.startsWith('events: status 404')) throw error;
      }
      if (!done && !signal.aborted) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  })();
}
