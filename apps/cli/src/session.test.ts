/**
 * A user's whole session with the built command, on real files in a temporary folder:
 * train → inspect → predict → evaluate → export → import. Each step's output is checked against
 * the same computation done in-process with core and serialize.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Matrix, type Model } from '@bpnn/core';
import { decodeOnnxModel, readCsvDataset, readCsvInputs, readModel, readModelJson } from '@bpnn/serialize';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, bpnn, DATA, FIXTURES, json, oneLine, workdir } from '../test/run.js';

const IRIS = join(DATA, 'iris.csv');
const DIABETES = join(DATA, 'diabetes.csv');
let dir: string;
let trained: any;
let model: Model;

beforeAll(() => {
  dir = workdir();
  // float64, so that the exported forms can be held to the model's outputs at 1e-12.
  trained = json(bpnn(['train', IRIS, '--target', 'species', '--hidden', '8', '--epochs', '60', '--seed', '3', '--dtype', 'float64', '--out', 'iris.bpnn', '--json'], { cwd: dir }));
  model = readModel(readFileSync(join(dir, 'iris.bpnn')), { source: 'iris.bpnn' });
});

describe('a session: train → inspect → predict → evaluate → export → import', () => {
  it('train --json reports the model it saved', () => {
    expect(trained.out).toBe('iris.bpnn');
    expect(trained.task).toBe('classification');
    expect(trained.layers).toEqual([4, 8, 3]);
    expect(trained.history).toHaveLength(60);
    expect(trained.stoppedBy).toBe('epochs');
    expect(model.network.layers).toEqual([4, 8, 3]);
    expect(model.training?.epochs).toBe(60);
    expect(model.training?.loss).toBe(trained.finalLoss);
    expect(trained.labels).toEqual(['setosa', 'versicolor', 'virginica']);
  });

  it('inspect reads the file, verifies its checksum and shows what it holds', () => {
    const text = bpnn(['inspect', 'iris.bpnn'], { cwd: dir });
    expect(text.code).toBe(0);
    // The automatic stop kept the last epoch, so the file holds its checkpoint too.
    expect(text.stdout).toMatch(/checksum: sha256 [0-9a-f]{64} of the weights, the optimiser state and the row order verified/);
    expect(text.stdout).toContain('architecture: 4 → 8 → 3, 67 parameters, float64, loss categorical-cross-entropy');
    expect(text.stdout).toContain('classification of species into 3 classes: setosa, versicolor, virginica');
    expect(text.stdout).toMatch(/sepal length \(cm\)\s+5\.84333\s+0\.825301/); // the standard scaler's mean and std
    const facts = json(bpnn(['inspect', 'iris.bpnn', '--json'], { cwd: dir }));
    expect(facts.checksum).toBe('verified');
    expect(facts.parameters).toBe(67);
    expect(facts.inputScaler.offset).toEqual(model.inputScaler.offset);
    expect(facts.training.epochs).toBe(60);
  });

  it('predict gives, row for row, what model.predict gives in-process (CSV and JSON, file and stdin)', async () => {
    const csv = readFileSync(IRIS, 'utf8');
    const { inputs } = await readCsvInputs(csv, { inputNames: model.inputNames, ignore: model.targetNames });
    const expected = model.predict(inputs);
    if (expected.task !== 'classification') throw new Error('classification expected');
    const run = bpnn(['predict', 'iris.bpnn', IRIS, '--proba'], { cwd: dir });
    expect(run.code).toBe(0);
    const [header, ...lines] = run.stdout.trimEnd().split('\n');
    expect(header).toBe('species,p(setosa),p(versicolor),p(virginica)');
    expect(lines).toHaveLength(150);
    lines.forEach((line, r) => {
      const [label, ...p] = line.split(',');
      expect(label).toBe(expected.labels[r]);
      expect(p.map(Number)).toEqual(Array.from(expected.probabilities.row(r))); // exact: printed at full precision
    });
    const fromStdin = json(bpnn(['predict', 'iris.bpnn', '-', '--json'], { cwd: dir, input: csv }));
    expect(fromStdin.predictions.map((p: { species: string }) => p.species)).toEqual(expected.labels);
  });

  it('evaluate reports what model.evaluate computes, as text and JSON', async () => {
    const data = await readCsvDataset(readFileSync(IRIS), { target: 'species' });
    const expected = model.evaluate(data);
    if (expected.task !== 'classification') throw new Error('classification expected');
    const report = json(bpnn(['evaluate', 'iris.bpnn', IRIS, '--json'], { cwd: dir }));
    expect(report.accuracy).toBe(expected.accuracy);
    expect(report.confusion.counts).toEqual(expected.confusion.counts);
    expect(report.classes).toEqual(expected.classes);
    const text = bpnn(['evaluate', 'iris.bpnn', IRIS], { cwd: dir });
    const correct = expected.confusion.counts.reduce((s, row, i) => s + row[i], 0);
    expect(text.stdout).toContain(`accuracy: ${expected.accuracy.toFixed(4)} (${correct} of 150)`);
    expect(text.stdout).toMatch(/actual \\ predicted\s+setosa\s+versicolor\s+virginica/);
    const setosa = expected.classes[0];
    expect(text.stdout).toContain(`setosa           ${setosa.precision.toFixed(4)}  ${setosa.recall.toFixed(4)}  ${setosa.f1.toFixed(4)}       50`);
  });

  it('export --to onnx writes an ONNX graph; json and js forms compute what the model computes', () => {
    expect(bpnn(['export', 'iris.bpnn', '-o', 'iris.onnx'], { cwd: dir })).toMatchObject({ code: 0 });
    const onnx = decodeOnnxModel(readFileSync(join(dir, 'iris.onnx'))) as any;
    expect(onnx.graph.input[0].name).toBe('input');
    expect(onnx.graph.node.map((n: { opType: string }) => n.opType)).toContain('Gemm');

    expect(bpnn(['export', 'iris.bpnn', '--to', 'json', '-o', 'iris.json'], { cwd: dir }).code).toBe(0);
    const fromJson = readModelJson(readFileSync(join(dir, 'iris.json'), 'utf8'));
    const x = [[5.1, 3.5, 1.4, 0.2], [6.3, 2.9, 5.6, 1.8]];
    expect(Array.from(fromJson.outputs(x).data)).toEqual(Array.from(model.outputs(x).data));

    // An ES module and a CommonJS module, each with its declarations, loaded by a plain Node process.
    expect(bpnn(['export', 'iris.bpnn', '-o', 'iris.mjs', '--name', 'iris'], { cwd: dir }).stdout).toBe('wrote iris.mjs and iris.d.mts: iris.bpnn as js (' + readFileSync(join(dir, 'iris.mjs')).length + ' bytes)\n');
    expect(json(bpnn(['export', 'iris.bpnn', '--to', 'cjs', '-o', 'iris.cjs', '--json'], { cwd: dir }))).toMatchObject({ format: 'cjs', out: 'iris.cjs', declarations: 'iris.d.cts' });
    expect(readFileSync(join(dir, 'iris.d.mts'), 'utf8')).toContain('export declare function iris(input: Input): Output;');
    const script = `import iris from './iris.mjs'; import { createRequire } from 'node:module';
      const { bpnnModel } = createRequire(process.cwd() + '/')('./iris.cjs');
      console.log(JSON.stringify([iris(${JSON.stringify(x[1])}), bpnnModel(${JSON.stringify(x[1])})]));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8' });
    const [fromEsm, fromCjs] = JSON.parse(run.stdout) as number[][];
    fromEsm.forEach((p, j) => expect(p).toBeCloseTo(model.outputs(x).get(1, j), 12));
    expect(fromCjs).toEqual(fromEsm);
    expect(bpnn(['export', 'iris.bpnn', '--to', 'js', '-o', 'iris2.cjs'], { cwd: dir })).toMatchObject({ code: 2, stderr: expect.stringContaining('--to js writes an ES module') });
  });

  it('export --to fann refuses, in one line, an activation FANN does not compute', () => {
    const run = bpnn(['export', 'iris.bpnn', '--to', 'fann', '-o', 'iris.net'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(oneLine(run.stderr)).toMatch(/relu, which FANN 2\.2 does not compute/);
  });

  it('import --from fann brings in a FANN 2.2 network that computes what FANN computed', () => {
    const net = join(FIXTURES, 'fann', 'xor_float.net');
    const run = bpnn(['import', net, '-o', 'xor.bpnn', '--inputs', 'a,b', '--outputs', 'xor'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('wrote xor.bpnn: fann network 2-3-1');
    const expected = JSON.parse(readFileSync(join(FIXTURES, 'fann', 'expected.json'), 'utf8'))['xor_float.net'];
    const imported = readModel(readFileSync(join(dir, 'xor.bpnn')));
    expect(imported.inputNames).toEqual(['a', 'b']);
    // predict through the CLI, on a CSV of FANN's inputs: FANN computes in float32.
    writeFileSync(join(dir, 'xor.csv'), `a,b\n${expected.inputs.map((r: number[]) => r.join(',')).join('\n')}\n`);
    const predicted = json(bpnn(['predict', 'xor.bpnn', 'xor.csv', '--json'], { cwd: dir }));
    predicted.predictions.forEach((p: { xor: number }, r: number) => expect(Math.abs(p.xor - expected.outputs[r][0])).toBeLessThan(1e-6));
    const inspect = bpnn(['inspect', 'xor.bpnn'], { cwd: dir });
    expect(inspect.stdout).toContain('training: no record');
  });

  it('import --labels makes a classifier: predict prints the label of the largest of FANN\'s outputs', () => {
    const net = join(FIXTURES, 'fann', 'mixed_4_8_5_3.net');
    const labels = ['setosa', 'versicolor', 'virginica'];
    const run = bpnn(['import', net, '-o', 'mixed.bpnn', '--inputs', 'a,b,c,d', '--labels', labels.join(','), '--target', 'species'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('inputs a, b, c, d → species (setosa, versicolor, virginica)');
    const expected = JSON.parse(readFileSync(join(FIXTURES, 'fann', 'expected.json'), 'utf8'))['mixed_4_8_5_3.net'];
    writeFileSync(join(dir, 'mixed.csv'), `a,b,c,d\n${expected.inputs.map((r: number[]) => r.join(',')).join('\n')}\n`);
    const predicted = json(bpnn(['predict', 'mixed.bpnn', 'mixed.csv', '--json'], { cwd: dir }));
    const largest = expected.outputs.map((row: number[]) => labels[row.indexOf(Math.max(...row))]);
    expect(predicted.predictions.map((p: { species: string }) => p.species)).toEqual(largest);
    const both = bpnn(['import', net, '-o', 'x.bpnn', '--labels', labels.join(','), '--outputs', 'p,q,r'], { cwd: dir });
    expect(both.code).toBe(2);
    expect(oneLine(both.stderr)).toMatch(/--labels and --outputs cannot be given together/);
    const short = bpnn(['import', net, '-o', 'x.bpnn', '--labels', 'a,b'], { cwd: dir });
    expect(short.code).toBe(2); // a bad flag value
    expect(oneLine(short.stderr)).toMatch(/labels must name each of the network's 3 outputs, got 2/);
  });

  it('import refuses, in one line, a FANN network bpnn cannot represent', () => {
    const run = bpnn(['import', join(FIXTURES, 'fann', 'shortcut_3_4_2.net'), '-o', 'shortcut.bpnn'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(oneLine(run.stderr)).toMatch(/shortcut_3_4_2\.net: network_type=1 has shortcut connections/);
  });

  it('inspect says when a JSON model has no checksum to verify (its sha256 line deleted by hand)', () => {
    const text = readFileSync(join(dir, 'iris.json'), 'utf8');
    writeFileSync(join(dir, 'edited.json'), text.replace(/\n\s*"sha256": "[0-9a-f]+",/, ''));
    const facts = json(bpnn(['inspect', 'edited.json', '--json'], { cwd: dir }));
    expect(facts).toMatchObject({ form: 'json', sha256: null, checksum: 'absent' });
    expect(bpnn(['inspect', 'edited.json'], { cwd: dir }).stdout).toContain('checksum: none in the file (the JSON form may omit it), so not verified');
  });

  it('import --from brainjs brings in a brain.js network with its named inputs and outputs', () => {
    const file = join(FIXTURES, 'brainjs', 'v2_lookup.json');
    const run = json(bpnn(['import', file, '--from', 'brainjs', '-o', 'brain.json', '--json'], { cwd: dir }));
    const imported = readModelJson(readFileSync(join(dir, 'brain.json'), 'utf8'));
    expect(run.inputNames).toEqual(imported.inputNames);
    expect(run.targetNames).toEqual(imported.targetNames);
    expect(bpnn(['import', file, '-o', 'brain2.bpnn', '--inputs', 'a'], { cwd: dir }).code).toBe(2); // names come from the file
  });

  it('train reads stdin (-) and saves model.bpnn; predict --out writes the CSV to a file', () => {
    const sub = workdir();
    const run = bpnn(['train', '-', '--target', 'species', '--hidden', '4', '--epochs', '5'], { cwd: sub, input: readFileSync(IRIS, 'utf8') });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('bpnn train: stdin, 150 rows');
    expect(run.stdout).toContain('saved the model to model.bpnn');
    const predicted = bpnn(['predict', 'model.bpnn', IRIS, '--out', 'predictions.csv'], { cwd: sub });
    expect(predicted.stdout).toBe('wrote 150 predictions to predictions.csv\n');
    expect(readFileSync(join(sub, 'predictions.csv'), 'utf8').split('\n')[0]).toBe('species');
  });

  it('predict into a pipe that closes early (| head -1) stops quietly', () => {
    const rows = readFileSync(IRIS, 'utf8').trimEnd().split(/\r?\n/);
    const big = [rows[0], ...Array.from({ length: 200 }, () => rows.slice(1)).flat()].join('\n');
    writeFileSync(join(dir, 'big.csv'), `${big}\n`);
    const run = spawnSync('bash', ['-c', `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} predict iris.bpnn big.csv | head -1; exit \${PIPESTATUS[0]}`], { cwd: dir, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('species\n');
    expect(run.status).toBe(0);
  });

  it('--test-split with --test-out: evaluate on the written test rows gives the report train gave', () => {
    const sub = workdir();
    const trainedWithTest = json(bpnn(['train', IRIS, '--target', 'species', '--hidden', '6', '--epochs', '40', '--test-split', '0.2', '--test-out', 'test.csv', '--out', 'm.bpnn', '--json'], { cwd: sub }));
    const test = readFileSync(join(sub, 'test.csv'), 'utf8').trimEnd().split('\n');
    expect(test[0]).toBe('sepal length (cm),sepal width (cm),petal length (cm),petal width (cm),species');
    expect(test).toHaveLength(31);
    const report = json(bpnn(['evaluate', 'm.bpnn', 'test.csv', '--json'], { cwd: sub }));
    expect(report.confusion).toEqual(trainedWithTest.test.confusion);
    expect(report.accuracy).toBe(trainedWithTest.test.accuracy);
    expect(trainedWithTest.history).toHaveLength(40);
    expect(readModel(readFileSync(join(sub, 'm.bpnn'))).training?.rows).toBe(120);
  });

  it('a regression model: train with a held-out test split, evaluate MSE, MAE and R² as core does', async () => {
    const run = json(bpnn(['train', DIABETES, '--target', 'progression', '--hidden', '16', '--epochs', '40', '--learning-rate', '0.01', '--test-split', '0.2', '--out', 'diabetes.json', '--json'], { cwd: dir }));
    expect(run.task).toBe('regression');
    expect(run.test.task).toBe('regression');
    expect(run.test.r2).toBeGreaterThan(0.2);
    const regression = readModelJson(readFileSync(join(dir, 'diabetes.json'), 'utf8'));
    const data = await readCsvDataset(readFileSync(DIABETES), { target: 'progression' });
    const expected = regression.evaluate(data);
    const report = json(bpnn(['evaluate', 'diabetes.json', DIABETES, '--json'], { cwd: dir }));
    expect(report).toMatchObject({ task: 'regression', mse: (expected as any).mse, mae: (expected as any).mae, r2: (expected as any).r2 });
    const text = bpnn(['predict', 'diabetes.json', DIABETES], { cwd: dir }).stdout.trimEnd().split('\n');
    expect(text[0]).toBe('progression');
    const { inputs } = await readCsvInputs(readFileSync(DIABETES), { inputNames: regression.inputNames, ignore: regression.targetNames });
    expect(text.slice(1).map(Number)).toEqual(Array.from((regression.predict(inputs) as { values: Matrix }).values.data));
  });
});
