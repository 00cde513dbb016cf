/**
 * How a job's event stream ends, seen by a standard EventSource (the `eventsource` package, which
 * follows the WHATWG specification as browsers do): it hears the job once, reconnects after the
 * server closes the stream (as every EventSource does), is answered 204 and stops for good.
 */
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IRIS_CSV, jobIn, json, postJson, tempFolder, testServer, waitFor, type TestServer } from '../../test/helpers.js';

let server: TestServer;
const folder = tempFolder();

beforeAll(async () => {
  server = await testServer(folder.path);
});

afterAll(async () => {
  await server.close();
  folder.remove();
});

/** Follows a job's events with an EventSource until it closes: the events heard, and each request's Last-Event-ID and status. */
async function follow(id: string) {
  const requests: Array<{ lastEventId: string | null; status: number }> = [];
  const source = new EventSource(`${server.url}/v1/jobs/${id}/events`, {
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      requests.push({ lastEventId: new Headers(init?.headers).get('last-event-id'), status: response.status });
      return response;
    },
  });
  const events: string[] = [];
  for (const type of ['state', 'epoch', 'result']) source.addEventListener(type, () => events.push(type));
  try {
    await waitFor('the EventSource to stop', () => (source.readyState === source.CLOSED ? true : undefined), 15_000);
  } finally {
    source.close();
  }
  return { events, requests };
}

const job = (name: string, epochs: number) => ({ name, csv: IRIS_CSV, target: 'species', hidden: [4], epochs, seed: 1 });

describe('the end of a job\'s event stream', () => {
  it('an EventSource hears a job once, live or finished, and stops when its reconnect after the result is answered 204', async () => {
    const finished = await json(await postJson(`${server.url}/v1/jobs`, job('finished', 2)));
    await jobIn(server.url, finished.id, ['succeeded']);
    const live = await json(await postJson(`${server.url}/v1/jobs`, job('live', 300)));
    const [afterwards, meanwhile] = await Promise.all([follow(finished.id), follow(live.id)]);

    expect(afterwards.events).toEqual(['state', 'epoch', 'epoch', 'result']);
    expect(afterwards.requests).toEqual([{ lastEventId: null, status: 200 }, { lastEventId: 'result', status: 204 }]);
    // Live: state changes and epochs as they come, one result, then the same end.
    expect(meanwhile.events.filter((type) => type === 'epoch')).toHaveLength(300);
    expect(meanwhile.events.filter((type) => type === 'result')).toHaveLength(1);
    expect(meanwhile.events.at(-1)).toBe('result');
    expect(meanwhile.requests).toEqual([{ lastEventId: null, status: 200 }, { lastEventId: 'result', status: 204 }]);
  });
});
