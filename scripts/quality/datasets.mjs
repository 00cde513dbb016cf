// The data sets of the quality report and their splits. The five bundled CSV sets are split five
// times 80/20 (seeds 0-4, stratified for classification, core's trainTestSplit); a PROBEN1 set from
// Debian's libfann-doc keeps FANN's own train/test files, and its five runs differ by seed only;
// the sets bpnn does not ship, which scikit-learn makes (sklearn_sets.py), are split as the bundled ones.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainTestSplit } from '../../packages/core/dist/index.js';
import { readCsvDataset, readFannData } from '../../packages/serialize/dist/index.js';

export const SEEDS = [0, 1, 2, 3, 4];
export const PROBEN1_DIR = '/usr/share/doc/libfann-dev/examples/datasets';

/** name, file, task; `target` for a CSV set, `labels` for FANN outputs that are classes. */
export const SHARED = [
  { name: 'iris', file: 'iris.csv', target: 'species', task: 'classification' },
  { name: 'breast_cancer', file: 'breast_cancer.csv', target: 'diagnosis', task: 'classification' },
  { name: 'digits', file: 'digits.csv', target: 'digit', task: 'classification' },
  { name: 'diabetes', file: 'diabetes.csv', target: 'progression', task: 'regression' },
  // A column of categories (firm), which bpnn reads as 0/1 inputs; scikit-learn gets those inputs, as from a OneHotEncoder.
  { name: 'grunfeld', file: 'grunfeld.csv', target: 'invest', task: 'regression' },
];
// Every PROBEN1-style set libfann-doc ships; `quick` ones are the --quick run's.
export const PROBEN1 = [
  { name: 'diabetes (PROBEN1)', stem: 'diabetes', task: 'classification', quick: true },
  { name: 'gene', stem: 'gene', task: 'classification', quick: true },
  { name: 'mushroom', stem: 'mushroom', task: 'classification' },
  { name: 'soybean', stem: 'soybean', task: 'classification', quick: true },
  { name: 'thyroid', stem: 'thyroid', task: 'classification' },
  { name: 'parity8', stem: 'parity8', task: 'classification', quick: true },
  { name: 'parity13', stem: 'parity13', task: 'classification' },
  { name: 'two-spiral', stem: 'two-spiral', task: 'classification', quick: true },
  { name: 'building', stem: 'building', task: 'regression', quick: true },
  { name: 'robot', stem: 'robot', task: 'regression', quick: true },
  { name: 'abelone', stem: 'abelone', task: 'regression' },
  { name: 'pumadyn-32fm', stem: 'pumadyn-32fm', task: 'regression', quick: true },
  { name: 'kin32fm', stem: 'kin32fm', task: 'regression' },
  { name: 'bank32nh', stem: 'bank32nh', task: 'regression' },
];

// scikit-learn's wine and seeded generators (sklearn_sets.py): data the defaults were not chosen on.
export const GENERATED = [
  { name: 'wine', task: 'classification', quick: true },
  { name: 'make_classification', task: 'classification' },
  { name: 'moons', task: 'classification', quick: true },
  { name: 'circles', task: 'classification' },
  { name: 'make_friedman1', task: 'regression', quick: true },
  { name: 'make_regression', task: 'regression' },
];

export const proben1Installed = () => existsSync(`${PROBEN1_DIR}/diabetes.train`);

/** [{ seed, train, test }] for a bundled CSV set. */
export async function sharedSplits(set) {
  const text = await readFile(new URL(`../../data/${set.file}`, import.meta.url), 'utf8');
  const data = await readCsvDataset(text, { target: [set.target], source: set.file });
  return SEEDS.map((seed) => ({ seed, ...trainTestSplit(data, { testFraction: 0.2, seed, stratify: set.task === 'classification' }) }));
}

let generatedFolder;
/** [{ seed, train, test }] for a set scikit-learn makes (python: the interpreter that has it). */
export async function generatedSplits(set, python) {
  if (generatedFolder === undefined) {
    generatedFolder = join(tmpdir(), `bpnn-quality-sets-${process.pid}`);
    const folder = generatedFolder;
    process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
    execFileSync(python, [new URL('sklearn_sets.py', import.meta.url).pathname, generatedFolder]);
  }
  const file = join(generatedFolder, `${set.name}.csv`);
  const data = await readCsvDataset(await readFile(file, 'utf8'), { target: ['y'], source: file });
  return SEEDS.map((seed) => ({ seed, ...trainTestSplit(data, { testFraction: 0.2, seed, stratify: set.task === 'classification' }) }));
}

/** [{ seed, train, test }] for a PROBEN1 set: the same files under every seed. */
export async function proben1Splits(set) {
  const train = asTask(await readFannData(await readFile(`${PROBEN1_DIR}/${set.stem}.train`, 'utf8'), { source: `${set.stem}.train` }), set.task);
  const test = asTask(await readFannData(await readFile(`${PROBEN1_DIR}/${set.stem}.test`, 'utf8'), { source: `${set.stem}.test` }), set.task);
  return SEEDS.map((seed) => ({ seed, train, test }));
}

// FANN's outputs as classes: one-hot outputs name the class of the output holding the largest
// value (1 … m); a single output's value is the class (parity, two-spiral).
function asTask(data, task) {
  if (task === 'regression') return data;
  const targets = data.targets.map((row) => (row.length === 1 ? String(row[0]) : String(row.indexOf(Math.max(...row)) + 1)));
  return { ...data, targetNames: ['class'], targets: targets.map((t) => [t]) };
}
