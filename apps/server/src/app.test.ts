import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.js';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createApp({ version: '1.2.3' }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('bpnn-server over HTTP', () => {
  it('answers /healthz and /readyz', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', version: '1.2.3' });
    const ready = await fetch(`${base}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', models: 0 });
  });

  it('answers an unknown route with a JSON 404 naming it', async () => {
    const response = await fetch(`${base}/v2/nothing`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'no route for GET /v2/nothing' });
  });
});
