/**
 * Faults: SIGTERM under keep-alive load. Twenty clients, each reusing one connection, send
 * predictions in a loop; the server gets SIGTERM in the middle. No request may end in a reset:
 * each gets a 200, or a 503 with Connection: close, or (once the server has stopped listening and
 * the client needs a new connection) a refused connection. Every answer sent after SIGTERM says
 * Connection: close.
 */
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { irisBytes, tempFolder } from '../../test/helpers.js';
import { killAll, startProcess } from '../../test/spawn.js';

const folder = tempFolder();
afterAll(() => {
  killAll();
  folder.remove();
});

interface Outcome {
  status?: number;
  connection?: string;
  error?: string;
  afterTerm: boolean;
}

function predict(url: string, agent: Agent, body: string): Promise<Omit<Outcome, 'afterTerm'>> {
  return new Promise((resolve) => {
    const req = request(`${url}/v1/models/iris/predict`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, connection: String(res.headers.connection) }));
      res.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end(body);
  });
}

describe('SIGTERM with 20 keep-alive clients', () => {
  it('resets no request: 200s, then 503s with Connection: close, then refused connections', async () => {
    const server = await startProcess(['--models-dir', join(folder.path, 'm')]);
    const put = await fetch(`${server.url}/v1/models/iris`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: await irisBytes() });
    expect(put.status).toBe(201);
    const body = JSON.stringify({ inputs: [[5.1, 3.5, 1.4, 0.2]] });
    let terminated = false;
    const outcomes: Outcome[] = [];
    const deadline = Date.now() + 15_000;
    const perClient: Outcome[][] = [];
    const client = async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const mine: Outcome[] = [];
      perClient.push(mine);
      try {
        for (let i = 0; i < 2000 && Date.now() < deadline; i++) {
          const afterTerm = terminated;
          const outcome = await predict(server.url, agent, body);
          outcomes.push({ ...outcome, afterTerm });
          mine.push({ ...outcome, afterTerm });
          if (outcome.error === 'ECONNREFUSED') break; // the server has stopped listening
        }
      } finally {
        agent.destroy();
      }
    };
    const clients = Array.from({ length: 20 }, client);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    terminated = true;
    server.child.kill('SIGTERM');
    await Promise.all(clients);
    expect(await server.exited).toBe(0);

    const errors = outcomes.filter((o) => o.error !== undefined && o.error !== 'ECONNREFUSED');
    const byStatus: Record<string, Outcome[]> = {};
    for (const o of outcomes) if (o.status !== undefined) (byStatus[String(o.status)] ??= []).push(o);
    console.log(`shutdown under keep-alive load: ${outcomes.length} requests, ${byStatus['200']?.length ?? 0} × 200, ${byStatus['503']?.length ?? 0} × 503, ${outcomes.filter((o) => o.error === 'ECONNREFUSED').length} refused, ${errors.length} reset`);
    expect(errors).toEqual([]);
    expect(Object.keys(byStatus).sort()).toEqual(expect.arrayContaining(['200']));
    for (const status of Object.keys(byStatus)) expect(['200', '503']).toContain(status);
    expect(byStatus['200']!.filter((o) => !o.afterTerm).length).toBeGreaterThan(20);
    // Every 503 closes its connection; once a client has been told Connection: close, it is
    // never again told keep-alive (answers after SIGTERM all say close).
    for (const o of byStatus['503'] ?? []) expect(o.connection).toBe('close');
    for (const mine of perClient) {
      const firstClose = mine.findIndex((o) => o.connection === 'close');
      expect(firstClose, 'each client is told to close').toBeGreaterThanOrEqual(0);
      expect(mine.slice(firstClose).filter((o) => o.connection === 'keep-alive')).toEqual([]);
    }
  }, 40_000);
});
