// The load benchmark of bpnn-server (about a minute): p50/p99 latency and throughput of predict
// requests with autocannon over 127.0.0.1, at 1, 10 and 50 connections, for 1-row and 100-row
// requests, alone and while a training job keeps a worker thread busy; then the latency of
// /healthz while 10,000-row predictions run on a wide model, and while 8 MB model files are
// uploaded (how long the event loop is held).
//   node bench/load.mjs [--duration SECONDS]
// It runs dist/server.js (build first) on a free port over a temporary models folder.
import { Model, Network } from '@bpnn/core';
import { writeModel } from '@bpnn/serialize';
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '3' } } });
const duration = Number(values.duration);
const CONNECTIONS = [1, 10, 50];
const ROWS = [1, 100];
const WIDE = { inputs: 100, hidden: [128], classes: 10, rows: 10_000 };
const started = performance.now();
const here = new URL('.', import.meta.url);
const iris = readFileSync(new URL('../../../data/iris.csv', here), 'utf8');
const folder = mkdtempSync(join(tmpdir(), 'bpnn-load-'));

const server = spawn(process.execPath, [new URL('../dist/server.js', here).pathname, '--port', '0', '--models-dir', folder, '--max-rows', String(WIDE.rows)], { stdio: ['ignore', 'pipe', 'inherit'] });
process.once('exit', () => server.kill('SIGKILL')); // a bench that fails does not leave its server running
const url = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (chunk) => {
    out += chunk;
    const match = /listening on (http:\/\/[\d.:]+)/.exec(out);
    if (match) resolve(match[1]);
  });
  server.once('exit', (code) => reject(new Error(`bpnn-server exited ${code}`)));
  setTimeout(() => reject(new Error('bpnn-server did not start in 10 s')), 10_000).unref();
});

const post = async (path, body) => {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return response.json();
};
const job = async (id) => (await fetch(`${url}/v1/jobs/${id}`)).json();
const until = async (id, states) => {
  for (let i = 0; i < 1200; i++) {
    const record = await job(id);
    if (states.includes(record.state)) return record;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${id} never reached ${states}`);
};
const train = async (request) => {
  const record = await until((await post('/v1/jobs', request)).id, ['succeeded', 'failed']);
  if (record.state !== 'succeeded') throw new Error(record.error);
};

// The models under load: iris, 4-16-3; and a wide one, 100-128-10, on random rows (its
// accuracy does not matter, only its size), both trained by the server itself.
await train({ name: 'iris', csv: iris, target: 'species', hidden: [16], epochs: 100 });
let seed = 1;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const wideRow = () => Array.from({ length: WIDE.inputs }, () => Math.round(random() * 1000) / 1000);
const wideRows = Array.from({ length: 200 }, (_, i) => ({ ...Object.fromEntries(wideRow().map((v, j) => [`x${j}`, v])), y: `c${i % WIDE.classes}` }));
await train({ name: 'wide', rows: wideRows, target: 'y', hidden: WIDE.hidden, epochs: 1 });

const flowers = iris.trim().split('\n').slice(1).map((line) => line.split(',').slice(0, 4).map(Number));
const bodies = Object.fromEntries(ROWS.map((rows) => [rows, JSON.stringify({ inputs: Array.from({ length: rows }, (_, i) => flowers[i % flowers.length]) })]));

async function load(rows, connections) {
  const result = await autocannon({ url: `${url}/v1/models/iris/predict`, method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[rows], connections, duration });
  return { rows, connections, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, failed: result.non2xx + result.errors + result.timeouts };
}

await autocannon({ url: `${url}/v1/models/iris/predict`, method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[1], connections: 10, duration: 1 }); // warm-up
const results = [];
const scenarios = async (scenario) => {
  for (const rows of ROWS) for (const connections of CONNECTIONS) results.push({ scenario, ...(await load(rows, connections)) });
};
await scenarios('alone');

// A job that trains until cancelled: 4-256-256-3, float64, mini-batches of 32, on one worker thread.
const busy = await post('/v1/jobs', { name: 'busy', csv: iris, target: 'species', hidden: [256, 256], batchSize: 32, epochs: 100000, earlyStopping: false });
await until(busy.id, ['running']);
await scenarios('while training');
const during = await job(busy.id);
await fetch(`${url}/v1/jobs/${busy.id}`, { method: 'DELETE' });
await until(busy.id, ['cancelled']);

// /healthz, one request at a time, while `work` runs (a slow /healthz is a held event loop); then
// the times of the answered ones and the count of failed ones.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function healthWhile(work) {
  let working = true;
  const times = [];
  let failed = 0;
  const polling = (async () => {
    while (working) {
      const start = performance.now();
      try {
        const response = await fetch(`${url}/healthz`);
        await response.arrayBuffer();
        if (response.status === 200) times.push(performance.now() - start);
        else failed++;
      } catch {
        failed++; // e.g. ECONNRESET: a keep-alive connection closed by the server as its held event loop resumed
      }
      await sleep(5);
    }
  })();
  try {
    await work();
  } finally {
    working = false;
    await polling;
  }
  return { times, failed };
}

/** `request` again and again, at least three times and for at least `duration` seconds; the milliseconds of each. */
async function repeat(request) {
  const times = [];
  const begun = performance.now();
  while (times.length < 3 || performance.now() - begun < duration * 1000) {
    const start = performance.now();
    const response = await request();
    await response.arrayBuffer();
    if (response.status >= 300) throw new Error(`answered ${response.status}`);
    times.push(performance.now() - start);
  }
  return times;
}

// While a client sends 10,000-row predictions to the wide model, one after another.
const wideBody = JSON.stringify({ inputs: Array.from({ length: WIDE.rows }, wideRow) });
let predictTimes = [];
const duringPredictions = await healthWhile(async () => {
  predictTimes = await repeat(() => fetch(`${url}/v1/models/wide/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: wideBody }));
});

// While a client uploads an 8.1 MB model file (4-1000-1000-3, float64), again and again: read,
// checked and hashed in the request pool, the Model built on the event loop from what comes back.
const uploadNetwork = new Network({ layers: [4, 1000, 1000, 3], activation: 'relu', loss: 'categorical-cross-entropy', dtype: 'float64', seed: 1 });
const uploadBody = writeModel(new Model({
  task: 'classification', network: uploadNetwork, inputNames: ['a', 'b', 'c', 'd'], targetNames: ['kind'],
  inputScaler: { kind: 'none', offset: [0, 0, 0, 0], scale: [1, 1, 1, 1] }, labels: ['x', 'y', 'z'],
}));
let uploadTimes = [];
const duringUploads = await healthWhile(async () => {
  uploadTimes = await repeat(() => fetch(`${url}/v1/models/upload`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: uploadBody }));
});
const percentile = (times, p) => [...times].sort((a, b) => a - b)[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? Number.NaN;

const cpu = cpus();
const ms = (value) => Math.round(value).toLocaleString('en');
console.log(`bpnn-server load: POST /v1/models/iris/predict (4-16-3), ${duration} s per row of the table, autocannon on 127.0.0.1`);
console.log(`machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.versions.node}; the training job ran ${during.epoch} epochs meanwhile (state ${during.state})`);
console.log('');
console.log('| scenario | rows/request | connections | requests/s | rows/s | p50 ms | p99 ms | failed |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
  console.log(`| ${r.scenario} | ${r.rows} | ${r.connections} | ${ms(r.rps)} | ${ms(r.rps * r.rows)} | ${r.p50} | ${r.p99} | ${r.failed} |`);
}
console.log('');
console.log('GET /healthz, one at a time, while a client sends large requests one after another:');
console.log('');
console.log('| while | /healthz requests | p50 ms | p99 ms | max ms | failed | large requests | their median ms |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
const healthRow = (what, { times, failed }, requests) =>
  console.log(`| ${what} | ${times.length} | ${ms(percentile(times, 50))} | ${ms(percentile(times, 99))} | ${ms(Math.max(...times))} | ${failed} | ${requests.length} | ${ms(percentile(requests, 50))} |`);
healthRow(`10,000-row predictions on ${WIDE.inputs}-${WIDE.hidden.join('-')}-${WIDE.classes} (${(wideBody.length / 1e6).toFixed(1)} MB of JSON each)`, duringPredictions, predictTimes);
healthRow(`PUT of an ${(uploadBody.length / 1e6).toFixed(1)} MB .bpnn file (4-1000-1000-3, float64)`, duringUploads, uploadTimes);
console.log('');
console.log(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);

server.kill('SIGTERM');
const code = await new Promise((resolve) => server.once('exit', resolve));
rmSync(folder, { recursive: true, force: true });
if (code !== 0 || results.some((r) => r.failed > 0)) {
  console.error(`bench: ${code !== 0 ? `server exited ${code}` : 'some requests failed'}`);
  process.exitCode = 1;
}
