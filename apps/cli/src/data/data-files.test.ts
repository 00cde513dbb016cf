/**
 * What train, predict and evaluate read: FANN .data files (real PROBEN1 files, test/fixtures/README.md)
 * and one-hot target columns in a CSV, end to end through the built command.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readModel } from '@bpnn/serialize';
import { describe, expect, it } from 'vitest';
import { bpnn, DATA, json, oneLine, workdir } from '../../test/run.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
const fixture = (name: string) => join(FIXTURES, name);

/** Each sample's class as FANN's file has it, read here independently: the 1-based output holding the 1. */
function fannClasses(path: string): string[] {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const classes: string[] = [];
  for (let k = 2; k < lines.length; k += 2) classes.push(String(lines[k].trim().split(/\s+/).indexOf('1') + 1));
  return classes;
}

const quick = ['--hidden', '8', '--epochs', '30', '--validation-split', '0'];

describe('FANN .data files', () => {
  it('train reads one-hot outputs as a classification with classes 1 … m; evaluate and predict read .data too', () => {
    const dir = workdir();
    const train = bpnn(['train', fixture('diabetes-train.data'), ...quick, '--out', 'd.bpnn'], { cwd: dir });
    expect(train.stderr).toBe('');
    expect(train.code).toBe(0);
    expect(train.stdout).toContain('80 rows, 8 features → the 2 outputs (classification: one-hot columns, classes 1 … 2, the output holding the 1');
    const model = readModel(readFileSync(join(dir, 'd.bpnn')));
    expect(model.task).toBe('classification');
    expect(model.labels).toEqual(['1', '2']);
    expect(model.inputNames).toEqual(['x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8']);

    const predicted = json(bpnn(['predict', 'd.bpnn', fixture('diabetes-test.data'), '--json'], { cwd: dir }));
    const labels: string[] = predicted.predictions.map((p: Record<string, string>) => p.class);
    expect(labels).toHaveLength(40);
    const actual = fannClasses(fixture('diabetes-test.data'));
    const hits = labels.filter((label, r) => label === actual[r]).length;
    const evaluation = json(bpnn(['evaluate', 'd.bpnn', fixture('diabetes-test.data'), '--json'], { cwd: dir }));
    expect(evaluation.rows).toBe(40);
    expect(evaluation.accuracy).toBeCloseTo(hits / 40, 12); // evaluate scores what predict predicts against the file's own classes
    expect(evaluation.accuracy).toBeGreaterThan(0.6);
  });

  it('reads one output as a regression, and several outputs that are not one-hot as a regression of each', () => {
    const dir = workdir();
    const one = bpnn(['train', fixture('abalone.data'), ...quick, '--out', 'a.bpnn'], { cwd: dir });
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('→ the 1 output (regression: FANN outputs that are not one-hot');
    const three = bpnn(['train', fixture('building.data'), ...quick, '--out', 'b.bpnn'], { cwd: dir });
    expect(three.code).toBe(0);
    expect(readModel(readFileSync(join(dir, 'b.bpnn'))).targetNames).toEqual(['y1', 'y2', 'y3']);
    const evaluation = json(bpnn(['evaluate', 'b.bpnn', fixture('building.data'), '--json'], { cwd: dir }));
    expect(evaluation.rows).toBe(40);
    expect(evaluation.task).toBe('regression');
    const predicted = bpnn(['predict', 'b.bpnn', fixture('building.data')], { cwd: dir });
    expect(predicted.stdout.split('\n')[0]).toBe('y1,y2,y3');
  });

  it('a FANN file under another name: --format fann reads it, and without it the error says what it looks like', () => {
    const dir = workdir();
    copyFileSync(fixture('diabetes-train.data'), join(dir, 'diabetes.csv'));
    const hint = 'bpnn: diabetes.csv: the first line is "80 8 2": this looks like a FANN .data file; use --format fann or the .data extension';
    const asCsv = bpnn(['train', 'diabetes.csv', '--target', 'label'], { cwd: dir });
    expect(asCsv.code).toBe(1);
    expect(oneLine(asCsv.stderr)).toBe(hint);
    expect(bpnn(['train', 'diabetes.csv', '--format', 'fann', ...quick, '--out', 'd.bpnn'], { cwd: dir }).code).toBe(0);
    for (const command of ['predict', 'evaluate']) {
      const run = bpnn([command, 'd.bpnn', 'diabetes.csv'], { cwd: dir });
      expect(run.code).toBe(1);
      expect(oneLine(run.stderr)).toBe(hint);
      expect(bpnn([command, 'd.bpnn', 'diabetes.csv', '--format', 'fann'], { cwd: dir }).code).toBe(0);
    }
  });

  it('refuses --target for a FANN file and a FANN file whose inputs do not fit the model', () => {
    const dir = workdir();
    const run = bpnn(['train', fixture('diabetes-train.data'), '--target', 'y1'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toMatch(/--target, --features and --categorical name CSV columns; .*diabetes-train\.data is FANN data/);
    expect(bpnn(['train', fixture('diabetes-train.data'), ...quick, '--out', 'd.bpnn'], { cwd: dir }).code).toBe(0);
    const wrong = bpnn(['evaluate', 'd.bpnn', fixture('building.data')], { cwd: dir });
    expect(wrong.code).toBe(1);
    expect(oneLine(wrong.stderr)).toMatch(/building\.data: 14 inputs per sample, but the model takes 8 \(x1, x2/);
  });
});

/** iris.csv with its species as three 0/1 columns, written into dir. */
function irisOneHot(dir: string, edit?: (rows: string[][]) => void): string {
  const [header, ...lines] = readFileSync(join(DATA, 'iris.csv'), 'utf8').trim().split(/\r?\n/);
  const names = header.split(',');
  const species = names.indexOf('species');
  const classes = ['setosa', 'versicolor', 'virginica'];
  const rows = lines.map((line) => {
    const cells = line.split(',');
    const label = cells.splice(species, 1)[0];
    return [...cells, ...classes.map((c) => (label === c ? '1' : '0'))];
  });
  edit?.(rows);
  writeFileSync(join(dir, 'iris-onehot.csv'), [[...names.filter((n) => n !== 'species'), ...classes].join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n');
  return 'iris-onehot.csv'; // relative to dir, where the commands run
}

describe('one-hot target columns in a CSV', () => {
  const target = ['--target', 'setosa,versicolor,virginica'];

  it('are a classification named by the columns, which evaluate and predict read back', () => {
    const dir = workdir();
    const csv = irisOneHot(dir);
    const train = bpnn(['train', csv, ...target, ...quick, '--out', 'i.bpnn'], { cwd: dir });
    expect(train.code).toBe(0);
    expect(train.stdout).toContain('→ setosa, versicolor, virginica (classification: one-hot columns, classes named by the columns; --task regression fits them as numbers)');
    const model = readModel(readFileSync(join(dir, 'i.bpnn')));
    expect(model.labels).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(model.network.loss.name).toBe('categorical-cross-entropy');
    // The reference: the same network trained on iris.csv's species column, the same classes in the same order.
    expect(bpnn(['train', join(DATA, 'iris.csv'), '--target', 'species', ...quick, '--out', 's.bpnn'], { cwd: dir }).code).toBe(0);
    const bySpecies = readModel(readFileSync(join(dir, 's.bpnn')));
    expect(Array.from(model.network.params)).toEqual(Array.from(bySpecies.network.params));
    const evaluation = json(bpnn(['evaluate', 'i.bpnn', csv, '--json'], { cwd: dir }));
    expect(evaluation.rows).toBe(150);
    expect(evaluation.accuracy).toBe(json(bpnn(['evaluate', 's.bpnn', join(DATA, 'iris.csv'), '--json'], { cwd: dir })).accuracy);
    const predicted = bpnn(['predict', 'i.bpnn', csv], { cwd: dir });
    expect(predicted.code).toBe(0);
    expect(predicted.stdout.split('\n')[0]).toBe('class');
    expect(predicted.stdout.split('\n')[1]).toBe('setosa'); // the file's first row is a setosa
  });

  it('a row with two 1s is an error naming the row; --task regression fits the columns as numbers', () => {
    const dir = workdir();
    const csv = irisOneHot(dir, (rows) => (rows[6][rows[6].length - 1] = '1'));
    const run = bpnn(['train', csv, ...target, ...quick], { cwd: dir });
    expect(run.code).toBe(1);
    expect(oneLine(run.stderr)).toBe(
      'bpnn: iris-onehot.csv: row 7 has a 1 in each of setosa, virginica, but one-hot target columns (setosa, versicolor, virginica) need exactly one 1 per row (to fit them as separate numbers instead, train with the task regression)',
    );
    const regression = bpnn(['train', csv, ...target, ...quick, '--task', 'regression', '--out', 'r.bpnn'], { cwd: dir });
    expect(regression.code).toBe(0);
    expect(readModel(readFileSync(join(dir, 'r.bpnn'))).task).toBe('regression');
  });
});
