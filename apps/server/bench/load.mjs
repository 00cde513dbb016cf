// The load benchmark of bpnn-server (about 20 s): predict requests per second and p50/p99 latency,
// with autocannon over 127.0.0.1, alone and while a training job keeps a worker thread busy.
//   node bench/load.mjs [--duration SECONDS] [--connections N]
// It runs dist/server.js (build first) on a free port over a temporary models folder.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '4' }, connections: { type: 'string', default: '10' } } });
const duration = Number(values.duration);
const connections = Number(values.connections);
const here = new URL('.', import.meta.url);
const iris = readFileSync(new URL('../../../data/iris.csv', here), 'utf8');
const folder = mkdtempSync(join(tmpdir(), 'bpnn-load-'));

const server = spawn(process.execPath, [new URL('../dist/server.js', here).pathname, '--port', '0', '--models-dir', folder, '--max-rows', '1000'], { stdio: ['ignore', 'pipe', 'inherit'] });
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
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return response.json();
};
const job = async (id) => (await fetch(`${url}/v1/jobs/${id}`)).json();
const until = async (id, states) => {
  for (let i = 0; i < 600; i++) {
    const record = await job(id);
    if (states.includes(record.state)) return record;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${id} never reached ${states}`);
};

// The model under load: iris, 4-16-3, trained by the server itself.
const trained = await until((await post('/v1/jobs', { name: 'iris', csv: iris, target: 'species', hidden: [16], epochs: 100 })).id, ['succeeded', 'failed']);
if (trained.state !== 'succeeded') throw new Error(trained.error);

const flowers = iris.trim().split('\n').slice(1).map((line) => line.split(',').slice(0, 4).map(Number));
const bodies = { 1: { inputs: [flowers[0]] }, 100: { inputs: Array.from({ length: 100 }, (_, i) => flowers[i % flowers.length]) } };

async function load(rows) {
  const result = await autocannon({
    url: `${url}/v1/models/iris/predict`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(bodies[rows]),
    connections,
    duration,
  });
  return { rows, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total, failed: result.non2xx + result.errors + result.timeouts };
}

await autocannon({ url: `${url}/v1/models/iris/predict`, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(bodies[1]), connections, duration: 1 }); // warm-up
const results = [];
for (const rows of [1, 100]) results.push({ scenario: 'alone', ...(await load(rows)) });

// A job that trains until cancelled: 4-256-256-3, float64, mini-batches of 32, on one worker thread.
const busy = await post('/v1/jobs', { name: 'busy', csv: iris, target: 'species', hidden: [256, 256], batchSize: 32, epochs: 100000 });
await until(busy.id, ['running']);
for (const rows of [1, 100]) results.push({ scenario: 'while training', ...(await load(rows)) });
const during = await job(busy.id);
await fetch(`${url}/v1/jobs/${busy.id}`, { method: 'DELETE' });
await until(busy.id, ['cancelled']);

const cpu = cpus();
console.log(`bpnn-server load: POST /v1/models/iris/predict (4-16-3), ${connections} connections, ${duration} s per row, autocannon on 127.0.0.1`);
console.log(`machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.versions.node}; the training job ran ${during.epoch} epochs meanwhile (state ${during.state})`);
console.log('');
console.log('| scenario | rows/request | requests/s | rows/s | p50 ms | p99 ms | requests | failed |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
  console.log(`| ${r.scenario} | ${r.rows} | ${Math.round(r.rps).toLocaleString('en')} | ${Math.round(r.rps * r.rows).toLocaleString('en')} | ${r.p50} | ${r.p99} | ${r.total.toLocaleString('en')} | ${r.failed} |`);
}

server.kill('SIGTERM');
const code = await new Promise((resolve) => server.once('exit', resolve));
rmSync(folder, { recursive: true, force: true });
if (code !== 0 || results.some((r) => r.failed > 0)) {
  console.error(`bench: ${code !== 0 ? `server exited ${code}` : 'some requests failed'}`);
  process.exitCode = 1;
}
