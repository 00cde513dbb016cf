// The scale benchmark of bpnn-server (two minutes or so): predict throughput and p99 latency with
// 1 and 2 processes (--processes) on this machine, with the folder store and with PostgreSQL,
// driven by autocannon over 127.0.0.1 (1-row requests to an iris model, 50 connections); then job
// throughput: 12 small training jobs submitted at once, with 1 and 2 worker processes on PostgreSQL
// (one more process, --no-worker, takes the jobs), and with --max-jobs 1 and 2 in one process
// with folders.
//   node bench/scale.mjs [--duration SECONDS] [--database-url URL]
// PostgreSQL: --database-url, else BPNN_DATABASE_URL, else BPNN_TEST_DATABASE_URL (a server on
// which the bench may create and drop a database); without one the PostgreSQL rows are skipped.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '5' }, 'database-url': { type: 'string' } } });
const duration = Number(values.duration);
const adminUrl = values['database-url'] ?? process.env.BPNN_DATABASE_URL ?? process.env.BPNN_TEST_DATABASE_URL;
const JOBS = 12;
const here = new URL('.', import.meta.url);
const iris = readFileSync(new URL('../../../data/iris.csv', here), 'utf8');
const serverFile = new URL('../dist/server.js', here).pathname;
const started = performance.now();
const children = new Set();
process.once('exit', () => children.forEach((child) => child.kill('SIGKILL')));

function start(args) {
  const child = spawn(process.execPath, [serverFile, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let err = '';
  child.stderr.on('data', (chunk) => (err += chunk));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (match) resolve({ child, url: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`bpnn-server exited ${code}: ${err}`)));
    setTimeout(() => reject(new Error('bpnn-server did not start in 30 s')), 30_000).unref();
  });
}
async function stop({ child }) {
  child.kill('SIGTERM');
  await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
  children.delete(child);
}
const post = async (url, body) => (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function allDone(url, ids) {
  for (;;) {
    const jobs = (await (await fetch(`${url}/v1/jobs`)).json()).jobs.filter((job) => ids.includes(job.id));
    const failed = jobs.find((job) => job.state === 'failed');
    if (failed) throw new Error(`job failed: ${failed.error}`);
    if (jobs.length === ids.length && jobs.every((job) => job.state === 'succeeded')) return;
    await sleep(50);
  }
}

let database;
async function freshDatabase() {
  const name = `bpnn_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
const stores = [{ store: 'folder' }, ...(adminUrl ? [{ store: 'PostgreSQL' }] : [])];
async function backend(store) {
  if (store === 'folder') {
    const folder = mkdtempSync(join(tmpdir(), 'bpnn-scale-'));
    return { args: ['--models-dir', folder], drop: async () => rmSync(folder, { recursive: true, force: true }) };
  }
  database = await freshDatabase();
  return { args: ['--database-url', database.url], drop: () => database.drop() };
}

// The model: iris, 4-16-3, trained once by a server.
const trainer = await backend('folder');
const first = await start(trainer.args);
const trained = await post(`${first.url}/v1/jobs`, { name: 'iris', csv: iris, target: 'species', hidden: [16], epochs: 100, seed: 1 });
await allDone(first.url, [trained.id]);
const model = new Uint8Array(await (await fetch(`${first.url}/v1/models/iris/file`)).arrayBuffer());
await stop(first);
await trainer.drop();
const body = JSON.stringify({ inputs: [[5.1, 3.5, 1.4, 0.2]] });

const predictRows = [];
for (const { store } of stores) {
  for (const processes of [1, 2]) {
    const where = await backend(store);
    const server = await start([...where.args, ...(processes > 1 ? ['--processes', String(processes)] : [])]);
    await fetch(`${server.url}/v1/models/iris`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: model });
    await sleep(1500); // every process has the model (a folder rescan, or NOTIFY)
    const options = { url: `${server.url}/v1/models/iris/predict`, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections: 50 };
    await autocannon({ ...options, duration: 1 }); // warm-up
    const result = await autocannon({ ...options, duration });
    predictRows.push({ store, processes, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, failed: result.non2xx + result.errors + result.timeouts });
    await stop(server);
    await where.drop();
  }
}

// Job throughput: JOBS jobs of iris 4-32-3, 300 epochs, submitted at once.
const jobRequest = (i) => ({ name: `job${i}`, csv: iris, target: 'species', hidden: [32], epochs: 300, seed: i });
const jobRows = [];
async function jobRun(label, workers, servers, api) {
  const t0 = performance.now();
  const ids = [];
  for (let i = 0; i < JOBS; i++) ids.push((await post(`${api.url}/v1/jobs`, jobRequest(i))).id);
  await allDone(api.url, ids);
  const seconds = (performance.now() - t0) / 1000;
  jobRows.push({ label, workers, seconds, perMinute: (JOBS / seconds) * 60 });
  for (const server of servers) await stop(server);
}
for (const workers of [1, 2]) {
  const where = await backend('folder');
  const server = await start([...where.args, '--max-jobs', String(workers), '--max-queue', String(JOBS)]);
  await jobRun('folder, one process, --max-jobs', workers, [server], server);
  await where.drop();
}
if (adminUrl) {
  for (const workers of [1, 2]) {
    const where = await backend('PostgreSQL');
    const api = await start([...where.args, '--no-worker', '--max-queue', String(JOBS)]);
    const pool = [];
    for (let i = 0; i < workers; i++) pool.push(await start([...where.args, '--worker']));
    await jobRun('PostgreSQL, worker processes', workers, [api, ...pool], api);
    await where.drop();
  }
}

const cpu = cpus();
const n = (value, digits = 0) => value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
console.log(`bpnn-server scale: POST /v1/models/iris/predict (4-16-3, 1 row), 50 connections, ${duration} s per row, autocannon on 127.0.0.1`);
console.log(`machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.versions.node}, load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log('');
console.log('| store | processes | requests/s | p50 ms | p99 ms | failed |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of predictRows) console.log(`| ${r.store} | ${r.processes} | ${n(r.rps)} | ${r.p50} | ${r.p99} | ${r.failed} |`);
console.log('');
console.log(`${JOBS} training jobs (iris 4-32-3, 300 epochs each) submitted at once:`);
console.log('');
console.log('| queue | workers | seconds for all | jobs/minute |');
console.log('| --- | ---: | ---: | ---: |');
for (const r of jobRows) console.log(`| ${r.label} | ${r.workers} | ${n(r.seconds, 1)} | ${n(r.perMinute, 1)} |`);
console.log('');
console.log(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
if (predictRows.some((r) => r.failed > 0)) {
  console.error('bench: some requests failed');
  process.exitCode = 1;
}
