/**
 * `bpnn-server --processes 2` (dist/server.js, real processes over real HTTP): the processes share
 * the port, a folder of models and the primary's jobs, so that a client cannot tell them from one;
 * a process killed with SIGKILL is replaced while the other serves; SIGTERM stops them all. With
 * PostgreSQL, the same through the database.
 */
import { writeModel } from '@bpnn/serialize';
import { readdirSync, readFileSync } from 'node:fs';
import { get, request } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { IRIS_CSV, iris, json, postJson, readEvents, tempFolder, waitFor } from '../../test/helpers.js';
import { expectFinalSnapshot } from '../../test/snapshots.js';
import { killAll, startProcess } from '../../test/spawn.js';
import { freshDatabase, NO_DATABASE } from '../pg/test-database.js';
import { expectTrainedAs, referenceModel } from '../../test/trained-reference.js';

/** The pids of a process's children (Linux: /proc/<pid>/stat's fourth field is the parent). */
function children(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** `n` answers in a row from `check`, which must all be true: every process answers alike. */
async function allAgree(what: string, n: number, check: () => Promise<boolean>): Promise<void> {
  await waitFor(what, async () => {
    for (let i = 0; i < n; i++) if (!(await check())) return undefined;
    return true;
  }, 5000);
}

/** GET on a new connection (no keep-alive pool); resolves with the status. */
const freshGet = (url: string) =>
  new Promise<number>((resolve, reject) => get(url, { agent: false }, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', reject));

/**
 * A request on a new connection, so that repeated checks reach whichever process the kernel hands
 * it to (fetch keeps one connection alive, and with it one process): the status and the body.
 */
const fresh = (url: string, body?: unknown) =>
  new Promise<{ status: number; text: string }>((resolve, reject) => {
    const headers = body === undefined ? {} : { 'content-type': 'application/json' };
    const req = request(url, { method: body === undefined ? 'GET' : 'POST', agent: false, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject).end(body === undefined ? undefined : JSON.stringify(body));
  });

const predictStatus = async (url: string, name: string) => (await fresh(`${url}/v1/models/${name}/predict`, { inputs: [[5.1, 3.5, 1.4, 0.2]] })).status;

afterAll(() => killAll());

describe('bpnn-server --processes 2 with folders', () => {
  const folder = tempFolder();
  afterAll(() => folder.remove());

  it('serves models and jobs alike from every process, replaces a killed one, and stops on SIGTERM', async () => {
    const server = await startProcess(['--processes', '2', '--models-dir', folder.path]);
    expect(server.stdout()).toMatch(/\(2 processes, models in /);
    const pid = server.child.pid!;
    expect(children(pid)).toHaveLength(2);

    const put = await fetch(`${server.url}/v1/models/iris`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: writeModel(await iris()) });
    expect(put.status).toBe(201);
    await allAgree('every process to serve iris', 10, async () => (await predictStatus(server.url, 'iris')) === 200);

    const body = { name: 'trained', csv: IRIS_CSV, target: 'species', hidden: [8], epochs: 20, seed: 5 };
    const { id } = await json(await postJson(`${server.url}/v1/jobs`, body));
    const events = await readEvents(`${server.url}/v1/jobs/${id}/events`);
    expect(events.filter((e) => e.event === 'epoch')).toHaveLength(20);
    expect(events.at(-1)).toMatchObject({ event: 'result', data: { state: 'succeeded' } });
    await allAgree('every process to list the job and serve its model', 10, async () =>
      (JSON.parse((await fresh(`${server.url}/v1/jobs`)).text) as { jobs: { id: string }[] }).jobs.some((job) => job.id === id) && (await predictStatus(server.url, 'trained')) === 200);
    await expectFinalSnapshot(events, server.url, 'trained', [[5.1, 3.5, 1.4, 0.2]]); // through the primary's IPC
    // The primary stored the model as its training thread sent it: the file is the model core
    // trains from the same request, to the bit, as each process reads and serves it.
    const reference = await referenceModel(body);
    for (let i = 0; i < 4; i++) {
      const file = new Uint8Array(await (await fetch(`${server.url}/v1/models/trained/file`)).arrayBuffer());
      expectTrainedAs(file, (await json(await fetch(`${server.url}/v1/models/trained`))).sha256, reference, [[5.1, 3.5, 1.4, 0.2]]);
    }

    const [victim] = children(pid);
    process.kill(victim, 'SIGKILL');
    // A connection kept alive to the killed process is reset with it; new connections reach the other.
    for (let i = 0; i < 10; i++) expect(await freshGet(`${server.url}/healthz`)).toBe(200);
    await waitFor('a new process', () => (children(pid).length === 2 && !children(pid).includes(victim) ? true : undefined), 10_000);
    await allAgree('the new process to serve iris', 10, async () => (await predictStatus(server.url, 'iris')) === 200);

    expect(await server.stop()).toBe(0);
    expect(children(pid)).toEqual([]);
  }, 60_000);
});

describe.skipIf(NO_DATABASE !== undefined)(`bpnn-server --processes 2 with PostgreSQL${NO_DATABASE === undefined ? '' : ` (skipped: ${NO_DATABASE})`}`, () => {
  it('shares models and jobs through the database', async () => {
    const database = await freshDatabase();
    try {
      const server = await startProcess(['--processes', '2', '--database-url', database.url]);
      expect(await json(await fetch(`${server.url}/readyz`))).toMatchObject({ status: 'ready', database: 'up', queue: 'up' });
      await fetch(`${server.url}/v1/models/iris`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: writeModel(await iris()) });
      await allAgree('every process to serve iris', 10, async () => (await predictStatus(server.url, 'iris')) === 200);
      const body = { name: 'trained', csv: IRIS_CSV, target: 'species', hidden: [8], epochs: 20, seed: 5 };
      const { id } = await json(await postJson(`${server.url}/v1/jobs`, body));
      const events = await readEvents(`${server.url}/v1/jobs/${id}/events`);
      expect(events.at(-1)).toMatchObject({ event: 'result', data: { state: 'succeeded' } });
      await allAgree('every process to serve the trained model', 10, async () => (await predictStatus(server.url, 'trained')) === 200);
      // Stored with the checksum its training thread computed; every process serves that model, core's to the bit.
      const reference = await referenceModel(body);
      for (let i = 0; i < 4; i++) {
        const file = new Uint8Array(await (await fetch(`${server.url}/v1/models/trained/file`)).arrayBuffer());
        expectTrainedAs(file, (await json(await fetch(`${server.url}/v1/models/trained`))).sha256, reference, [[5.1, 3.5, 1.4, 0.2]]);
      }
      expect(await server.stop()).toBe(0);
    } finally {
      await database.drop();
    }
  }, 60_000);
});
