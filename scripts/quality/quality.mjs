// The quality report, a measurement and not a test: bpnn's defaults (Model.train with no options,
// as `bpnn train DATA --target COL` and a server job train) against scikit-learn's MLPClassifier /
// MLPRegressor defaults on the same splits, on the bundled sets, FANN's PROBEN1 sets and six sets
// bpnn does not ship, which scikit-learn makes (datasets.mjs). Prints, per data set, the test score's mean, min and max
// over five runs and the seconds of one training (the fit alone) for each, and the ratios.
//
//   npx -y pnpm@12.4.2 quality [--quick] [--only iris,gene] [--options '{"hidden":[32]}'] [--no-sklearn] [--ceiling]
//
// --quick: three seeds and the smaller sets; --options: Model.train options for bpnn (experiments);
// --ceiling: other models' best test scores with settings chosen on the test rows (ceiling_sklearn.py).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { Matrix, Model } from '../../packages/core/dist/index.js';
import { GENERATED, generatedSplits, PROBEN1, PROBEN1_DIR, proben1Installed, proben1Splits, SEEDS, SHARED, sharedSplits } from './datasets.mjs';
import { bar, formatTable, summary } from './table.mjs';

const args = process.argv.slice(2);
const USAGE = `usage: node scripts/quality/quality.mjs [--quick] [--only SET,SET] [--options JSON] [--no-sklearn] [--ceiling]
  --quick       three seeds and the smaller sets
  --only        these sets (names as in the table: iris, gene, make_friedman1, …)
  --options     Model.train options for bpnn, as JSON (experiments)
  --no-sklearn  do not run scikit-learn's models
  --ceiling     also other models (linear, kernel, trees, MLP), each with the settings that score best
                on the test rows: an optimistic ceiling for the bars (slow: use --only)`;
const VALUED = ['--only', '--options'];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--help' || args[i] === '-h') {
    console.log(USAGE);
    process.exit(0);
  }
  if (VALUED.includes(args[i]) && args[i + 1] !== undefined && !args[i + 1].startsWith('--')) i++;
  else if (!['--quick', '--no-sklearn', '--ceiling'].includes(args[i])) usageError(VALUED.includes(args[i]) ? `${args[i]} needs a value` : `unknown option ${JSON.stringify(args[i])}`);
}
const flag = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const quick = args.includes('--quick');
const ceiling = args.includes('--ceiling');
const only = flag('--only')?.split(',');
const options = parseOptions(flag('--options') ?? '{}');
const known = [...SHARED, ...PROBEN1, ...GENERATED].map((set) => set.name);
const unknown = only?.filter((name) => !known.includes(name)) ?? [];
if (unknown.length > 0) usageError(`--only: no data set ${unknown.map((n) => JSON.stringify(n)).join(', ')}; the sets are ${known.join(', ')}`);

function usageError(message) {
  console.error(`quality: ${message}\n${USAGE}`);
  process.exit(2);
}

function parseOptions(text) {
  try {
    return JSON.parse(text);
  } catch (error) {
    return usageError(`--options must be JSON: ${error.message}`);
  }
}
const seeds = quick ? SEEDS.slice(0, 3) : SEEDS;
const PYTHON = '/usr/bin/python3';
const sklearnProblem = sklearnMissing(); // why scikit-learn cannot run here, or undefined
const sklearnNote = args.includes('--no-sklearn') ? 'scikit-learn not run (--no-sklearn)' : sklearnProblem;

const notes = [];
if (sklearnNote) notes.push(sklearnNote);
if (ceiling && sklearnNote) usageError(`--ceiling needs scikit-learn: ${sklearnNote}`);
const sets = SHARED.map((set) => ({ ...set, kind: 'shared', splits: () => sharedSplits(set) }));
if (proben1Installed()) {
  for (const set of PROBEN1) if (!quick || set.quick) sets.push({ ...set, kind: 'PROBEN1', splits: () => proben1Splits(set) });
} else {
  notes.push(`PROBEN1 sets skipped: ${PROBEN1_DIR} is missing (Debian: apt-get install libfann-doc)`);
}
// scikit-learn makes these sets, so they need it installed even when its models are not run (--no-sklearn).
if (sklearnProblem === undefined) {
  for (const set of GENERATED) if (!quick || set.quick) sets.push({ ...set, kind: 'scikit-learn', splits: () => generatedSplits(set, PYTHON) });
} else {
  notes.push(`the sets scikit-learn makes (${GENERATED.map((set) => set.name).join(', ')}) skipped: ${sklearnProblem}`);
}

console.log(`bpnn quality report: ${seeds.length} runs per set; bpnn options ${JSON.stringify(options)}`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
const rows = [];
for (const set of sets) {
  if (only && !only.includes(set.name)) continue;
  const splits = (await set.splits()).filter((s) => seeds.includes(s.seed));
  const bpnn = { scores: [], seconds: [] };
  let chosen;
  for (const { seed, train, test } of splits) {
    const started = performance.now();
    const { model } = Model.train(train, { task: set.task, seed, ...options });
    bpnn.seconds.push((performance.now() - started) / 1000);
    const evaluation = model.evaluate(test);
    bpnn.scores.push(evaluation.task === 'classification' ? evaluation.accuracy : evaluation.r2);
    chosen ??= model.training;
  }
  const sk = sklearnNote ? undefined : sklearn(set.task, splits);
  const row = { set, bpnn: summary(bpnn.scores, bpnn.seconds), sklearn: sk && summary(sk.scores, sk.seconds), chosen };
  rows.push(row);
  console.log(`  ${set.name}: bpnn ${row.bpnn.mean.toFixed(3)} (${row.bpnn.seconds.toFixed(2)} s), scikit-learn ${sk ? `${row.sklearn.mean.toFixed(3)} (${row.sklearn.seconds.toFixed(2)} s)` : '-'}; ${describe(chosen)}`);
  if (ceiling) {
    const { families } = runPython('ceiling_sklearn.py', set.task, splits);
    for (const f of families.sort((a, b) => b.mean - a.mean)) {
      console.log(`    ceiling: ${f.name} ${f.mean.toFixed(3)} (${f.scores.map((v) => v.toFixed(3)).join(' ')}) at ${JSON.stringify(f.setting)}, chosen on the test rows`);
    }
  }
}
console.log(`\nload average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
console.log(formatTable(rows).join('\n'));
const judged = rows.filter((r) => bar(r) !== '');
const failed = judged.filter((r) => bar(r) === 'below');
if (judged.length > 0) console.log(`\n${judged.length - failed.length} of ${judged.length} sets reach the bar${failed.length ? `; below it: ${failed.map((r) => r.set.name).join(', ')}` : ''}`);
for (const note of notes) console.log(`note: ${note}`);

function describe(record) {
  const o = { ...record.options, ...record.options.auto };
  return `${o.hidden.join('-') || 'no hidden'}, ${o.dtype}, batch ${o.batchSize}, l2 ${o.l2}, ${record.epochs} epochs (${record.stoppedBy})`;
}

function sklearnMissing() {
  if (!existsSync(PYTHON)) return `scikit-learn skipped: ${PYTHON} is missing`;
  try {
    execFileSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return `scikit-learn skipped: ${PYTHON} cannot import sklearn (Debian: apt-get install python3-sklearn)`;
  }
}

function sklearn(task, splits) {
  return runPython('mlp_sklearn.py', task, splits);
}

/** Runs one of this folder's Python scripts on the splits (the job format of mlp_sklearn.py). */
function runPython(script, task, splits) {
  const rowsOf = (m) => { const x = Matrix.from(m.inputs, 'inputs'); return Array.from({ length: x.rows }, (_, r) => Array.from(x.data.subarray(r * x.cols, (r + 1) * x.cols))); };
  const job = { task, splits: splits.map(({ seed, train, test }) => ({ seed, xTrain: rowsOf(train), yTrain: train.targets, xTest: rowsOf(test), yTest: test.targets })) };
  const out = execFileSync(PYTHON, [new URL(script, import.meta.url).pathname], { input: JSON.stringify(job), maxBuffer: 1 << 30 });
  return JSON.parse(out.toString());
}
