/**
 * The exported modules as their users load them: a separate Node process imports the ES module
 * and requires the CommonJS one, on every row of iris.csv and diabetes.csv, and must predict what
 * the model predicts; the workspace's tsc type-checks a consumer of the declarations (--strict),
 * and refuses one that misuses them.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, Matrix, Model } from '@bpnn/core';
import { tinyRegressor } from '../../test/tiny-models.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsvDataset } from '../csv/csv.js';
import { exportJsModule } from './js-module.js';

const TSC = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
const data = (name: string) => readFileSync(new URL(`../../../../data/${name}`, import.meta.url));

let dir: string;
let iris: Model; // classifier: standard input scaling, softmax outputs
let diabetes: Model; // regressor: standard input and target scaling
let irisRows: number[][];
let diabetesRows: number[][];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bpnn-js-module-'));
  const irisData = await readCsvDataset(data('iris.csv'), { target: 'species', source: 'iris.csv' });
  const diabetesData = await readCsvDataset(data('diabetes.csv'), { target: 'progression', source: 'diabetes.csv' });
  // float64 (the automatic default is float32), so that the modules can be held to the model at 1e-12.
  iris = Model.train(irisData, { hidden: [8], epochs: 40, seed: 3, dtype: 'float64' }).model;
  diabetes = Model.train(diabetesData, { hidden: [16], epochs: 40, seed: 3, dtype: 'float64' }).model;
  irisRows = Matrix.from(irisData.inputs).toRows();
  diabetesRows = Matrix.from(diabetesData.inputs).toRows();
  const write = (file: string, text: string) => writeFileSync(join(dir, file), text);
  const irisModule = exportJsModule(iris, { name: 'iris' });
  write('iris.mjs', irisModule.code);
  write('iris.d.mts', irisModule.declarations);
  const diabetesModule = exportJsModule(diabetes, { format: 'cjs', name: 'diabetes', outputs: 'object' });
  write('diabetes.cjs', diabetesModule.code);
  write('diabetes.d.cts', diabetesModule.declarations);
  write('rows.json', JSON.stringify({ irisRows, diabetesRows }));
  // Grunfeld's firms, a column of categories, with a gap filled by the training mean.
  const grunfeldCsv = data('grunfeld.csv').toString('utf8').replace(/\n([\d.]+),[\d.]+,/, '\n$1,NA,');
  const grunfeld = Model.train(await readCsvDataset(grunfeldCsv, { target: 'invest', missing: true }), { hidden: [4], epochs: 3, seed: 1, missing: 'mean' }).model;
  const grunfeldModule = exportJsModule(grunfeld, { name: 'grunfeld' });
  write('grunfeld.mjs', grunfeldModule.code);
  write('grunfeld.d.mts', grunfeldModule.declarations);
}, 60_000);

/** Runs an ES module script in a fresh Node process, in the folder of the exports; its stdout as JSON. */
function node(script: string): any {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

function maxDifference(actual: number[][], expected: number[][]): number {
  expect(actual.length).toBe(expected.length);
  return Math.max(...actual.flatMap((row, r) => row.map((v, j) => Math.abs(v - expected[r][j]))));
}

describe('exportJsModule: modules that import and require', () => {
  it('an ES module: import() gives the function (named and default) and the names; it predicts what the classifier predicts', () => {
    const out = node(`
      import { readFileSync } from 'node:fs';
      import iris, { iris as named, inputNames, outputNames } from './iris.mjs';
      const { irisRows } = JSON.parse(readFileSync('rows.json', 'utf8'));
      console.log(JSON.stringify({ same: iris === named, inputNames, outputNames, outputs: irisRows.map((row) => iris(row)) }));`);
    expect(out.same).toBe(true);
    expect(out.inputNames).toEqual(iris.inputNames);
    expect(out.outputNames).toEqual(iris.labels);
    expect(maxDifference(out.outputs, iris.outputs(irisRows).toRows())).toBeLessThan(1e-12);
    // and so the same labels as model.predict
    const labels = (out.outputs as number[][]).map((p) => iris.labels![p.indexOf(Math.max(...p))]);
    expect(labels).toEqual((iris.predict(irisRows) as { labels: string[] }).labels);
  });

  it('a CommonJS module: require() gives the function; it predicts the regressor\'s values, in the target\'s units', () => {
    const out = node(`
      import { createRequire } from 'node:module';
      import { readFileSync } from 'node:fs';
      const { diabetes, inputNames, outputNames } = createRequire(process.cwd() + '/')('./diabetes.cjs');
      const { diabetesRows } = JSON.parse(readFileSync('rows.json', 'utf8'));
      const byName = Object.fromEntries(inputNames.map((n, i) => [n, diabetesRows[0][i]]));
      console.log(JSON.stringify({ outputNames, outputs: diabetesRows.map((row) => diabetes(row)), byName: diabetes(byName) }));`);
    expect(out.outputNames).toEqual(['progression']);
    const wanted = diabetes.outputs(diabetesRows).toRows();
    // relative to the target's scale (progression spans about 25 to 346)
    expect(maxDifference(out.outputs.map((o: { progression: number }) => [o.progression]), wanted)).toBeLessThan(1e-10);
    expect(out.byName.progression).toBe(out.outputs[0].progression);
    expect(Math.abs(wanted[0][0] - 151)).toBeLessThan(150); // a prediction in the target's units, not scaled
  });

  it('declarations that a --strict consumer type-checks against, and that refuse misuse', () => {
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: [] } }));
    writeFileSync(join(dir, 'use-iris.mts'), [
      "import iris, { inputNames, outputNames, type Input } from './iris.mjs';",
      "const flower: Input = { 'sepal length (cm)': 5.1, 'sepal width (cm)': 3.5, 'petal length (cm)': 1.4, 'petal width (cm)': 0.2 };",
      'const p: number[] = iris(flower);',
      'const best: string | undefined = outputNames[p.indexOf(Math.max(...p))];',
      'const first: "sepal length (cm)" = inputNames[0];',
      'export { best, first };',
    ].join('\n'));
    writeFileSync(join(dir, 'use-grunfeld.mts'), [
      "import grunfeld from './grunfeld.mjs';",
      "const a: number[] = grunfeld({ value: 1500, capital: null, firm: 'IBM', year: 1950 });",
      "const b: number[] = grunfeld([1500, null, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1950]);",
      'export { a, b };',
    ].join('\n'));
    writeFileSync(join(dir, 'use-diabetes.cts'), [
      "import { diabetes } from './diabetes.cjs';",
      'const y: number = diabetes([59, 2, 32.1, 101, 157, 93.2, 38, 4, 4.8598, 87]).progression;',
      'export { y };',
    ].join('\n'));
    const good = spawnSync(process.execPath, [TSC, '-p', dir], { encoding: 'utf8', timeout: 60_000 });
    expect(good.stdout + good.stderr).toBe('');
    expect(good.status).toBe(0);

    writeFileSync(join(dir, 'misuse.mts'), [
      "import iris from './iris.mjs';",
      "iris({ 'sepal length (cm)': 5.1 });", // three columns missing
      "export const label: string = iris([1, 2, 3, 4]);", // an array of numbers, not a string
      "import grunfeld from './grunfeld.mjs';",
      "grunfeld({ value: 1500, capital: 30, firm: 'Apple', year: 1950 });", // not one of the firms
    ].join('\n'));
    const bad = spawnSync(process.execPath, [TSC, '-p', dir], { encoding: 'utf8', timeout: 60_000 });
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toMatch(/misuse\.mts\(2,6\): error[^\n]*\n[^\n]*missing the following properties[^\n]*: \"sepal width \(cm\)\", \"petal length \(cm\)\", \"petal width \(cm\)\"/);
    expect(bad.stdout).toMatch(/misuse\.mts\(3,14\): error TS2322: Type 'Output' is not assignable to type 'string'/);
    expect(bad.stdout).toMatch(/misuse\.mts\(5,\d+\): error/);
  }, 60_000);

  it('names from the data cannot end a comment and run: a column, a category and a class label with line breaks and */', async () => {
    // Each name would, written as it is into the module's comments, end the comment and set a global.
    const column = "a\n}; globalThis.injected = 'column'; function z() {//";
    const category = "red */ globalThis.injected = 'category'; /*";
    const label = "x\u2028globalThis.injected = 'label'; //";
    const csv = `"${column}",colour,y\n1,"${category}",no\n2,blue,"${label}"\n3,"${category}",no\n4,blue,"${label}"\n`;
    const model = Model.train(await readCsvDataset(csv, { target: 'y' }), { hidden: [2], epochs: 2, seed: 1, dtype: 'float64' }).model;
    expect(new Set(model.inputNames)).toEqual(new Set([column, `colour=${category}`, 'colour=blue']));
    expect(model.labels).toEqual(['no', label]);
    const record = { [column]: 2, colour: category };
    const sub = join(dir, 'hostile');
    mkdirSync(sub);
    const esm = exportJsModule(model, { name: 'hostile' });
    const cjs = exportJsModule(model, { name: 'hostile', format: 'cjs' });
    writeFileSync(join(sub, 'hostile.mjs'), esm.code);
    writeFileSync(join(sub, 'hostile.d.mts'), esm.declarations);
    writeFileSync(join(sub, 'hostile.cjs'), cjs.code);
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', `
      import { createRequire } from 'node:module';
      import hostile, { inputNames, outputNames } from './hostile.mjs';
      const required = createRequire(import.meta.url)('./hostile.cjs');
      const record = ${JSON.stringify(record)};
      console.log(JSON.stringify({ injected: globalThis.injected ?? null, inputNames, outputNames, esm: hostile(record), cjs: required.hostile(record) }));`], { cwd: sub, encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout);
    expect(out.injected).toBeNull();
    expect(out.inputNames).toEqual(model.inputNames);
    expect(out.outputNames).toEqual(model.labels);
    const wanted = Array.from(model.outputs(model.inputsFromRecords([record])).row(0));
    expect(maxDifference([out.esm, out.cjs], [wanted, wanted])).toBeLessThan(1e-12);
    // The declarations, with the label in a JSDoc comment, still type-check.
    writeFileSync(join(sub, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: [] } }));
    writeFileSync(join(sub, 'use.mts'), "import hostile from './hostile.mjs';\nexport const p: number[] = hostile([2, 0, 1]);\n");
    const typed = spawnSync(process.execPath, [TSC, '-p', sub], { encoding: 'utf8', timeout: 60_000 });
    expect(typed.stdout).toBe('');
    expect(typed.status).toBe(0);
  }, 60_000);
});

describe('exportJsModule refuses a name the module declares already', () => {
  it.each([
    ['esm', 'inputNames', 'inputNames, outputNames'],
    ['esm', 'outputNames', 'inputNames, outputNames'],
    ['cjs', 'exports', 'inputNames, outputNames, exports, module, require, __filename, __dirname'],
    ['cjs', 'require', 'inputNames, outputNames, exports, module, require, __filename, __dirname'],
  ] as const)('%s: %s', (format, name, taken) => {
    expect(() => exportJsModule(tinyRegressor('float64'), { format, name })).toThrow(new ConfigError('name', `must be a JavaScript identifier other than the module's own top-level names (${taken}), got "${name}"`));
  });
});
