// How fast bpnn reads a large CSV and how much memory it takes (issue 15): a measurement, not a
// test. On the seeded 1,000,000-row × 20-column file of scripts/big-csv.mjs (162 MB, made once in
// the temporary folder), for float32 and float64, each `--reps` times (default 3):
//   read:  the CSV read as `bpnn train` reads it, alone in a process (scripts/bench-csv-read.mjs):
//          seconds, MB/s and the process's peak RSS;
//   train: `bpnn train big.csv --target y --epochs 2 --dtype D` under /usr/bin/time: wall seconds,
//          the seconds before training (reading and preparing), the 2 epochs' seconds, peak RSS,
//          and that peak less the same command's on the file's first 1,000 rows (Node, the
//          command's code, the training thread): the memory the data set takes.
// Prints one table of medians (min–max) and the load average. Run `pnpm build` first, or
// `pnpm bench:csv`, which does.
//
//   node scripts/bench-csv.mjs [--reps 3] [--rows 1000000] [--root DIR] [--file FILE.csv]
//
// --root measures another checkout (built) of bpnn with the same file, e.g. the commit before.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const reps = Number(option('--reps', 3));
const rows = Number(option('--rows', 1_000_000));
const root = resolve(option('--root', join(here, '..')));
const folder = join(tmpdir(), 'bpnn-bench-csv');
const file = resolve(option('--file', join(folder, `big-${rows}.csv`)));
mkdirSync(folder, { recursive: true });
if (!existsSync(file)) {
  console.log(`making ${file} (node scripts/big-csv.mjs, ${rows} rows, seed 15)…`);
  run('node', [join(here, 'big-csv.mjs'), file, '--rows', String(rows)]);
}
const small = join(folder, 'first-1000.csv');
const head = Buffer.alloc(1 << 20);
const fd = openSync(file, 'r');
const headBytes = readSync(fd, head, 0, head.length, 0);
closeSync(fd);
writeFileSync(small, head.subarray(0, headBytes).toString('utf8').split('\n', 1001).join('\n') + '\n');
const bytes = statSync(file).size;
const cli = join(root, 'apps/cli/dist/bpnn.js');
const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

function run(command, argv) {
  const child = spawnSync(command, argv, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (child.status !== 0) throw new Error(`${command} ${argv.join(' ')} failed (${child.status}):\n${child.stdout}\n${child.stderr}`);
  return child;
}

/** `bpnn train` on a file: wall seconds, training seconds, peak RSS in MB (null without /usr/bin/time). */
function train(csv, dtype) {
  const model = join(folder, 'bench.bpnn');
  const argv = [cli, 'train', csv, '--target', 'y', '--epochs', '2', '--dtype', dtype, '--out', model];
  const start = performance.now();
  const child = time === null ? run('node', argv) : run(time, ['-v', 'node', ...argv]);
  const wall = (performance.now() - start) / 1000;
  rmSync(model, { force: true });
  const epochs = /\(2 epochs in ([\d.]+) s\)/.exec(child.stdout);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr);
  return { wall, training: epochs ? Number(epochs[1]) : NaN, rssMB: rss ? Number(rss[1]) / 1024 : null };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const shown = (xs, digits) => (xs.some((x) => x === null || Number.isNaN(x)) ? '—' : `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`);

console.log(`bpnn at ${root}; ${file}: ${rows} rows, ${(bytes / 1e6).toFixed(0)} MB; Node ${process.version}; load average ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
const table = [];
for (const dtype of ['float32', 'float64']) {
  const base = train(small, dtype).rssMB;
  const read = [];
  const trained = [];
  for (let k = 0; k < reps; k++) {
    read.push(JSON.parse(run('node', [join(here, 'bench-csv-read.mjs'), root, file, 'y', dtype]).stdout));
    trained.push(train(file, dtype));
  }
  const matrixMB = (rows * 20 * (dtype === 'float32' ? 4 : 8)) / 1e6;
  table.push([
    dtype,
    shown(read.map((r) => r.seconds), 2),
    shown(read.map((r) => bytes / 1e6 / r.seconds), 0),
    shown(read.map((r) => r.maxRssMB), 0),
    shown(trained.map((t) => t.wall), 1),
    shown(trained.map((t) => t.wall - t.training), 1),
    shown(trained.map((t) => t.training), 1),
    shown(trained.map((t) => t.rssMB), 0),
    base === null ? '—' : shown(trained.map((t) => t.rssMB - base), 0),
    matrixMB.toFixed(0),
  ]);
}
const header = ['dtype', 'read s', 'read MB/s', 'read peak RSS MB', 'train total s', 'before training s', '2 epochs s', 'train peak RSS MB', 'RSS over a 1,000-row run MB', 'matrix (rows × 20) MB'];
console.log(`\n| ${header.join(' | ')} |\n| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`);
for (const row of table) console.log(`| ${row.join(' | ')} |`);
console.log(`\nmedian (min–max) of ${reps}; load average at the end ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
