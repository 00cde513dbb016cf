/**
 * Every example runs as a user runs it (`node examples/x.mjs`), exits 0, and prints results that
 * hold against references: XOR's truth table, the species data/iris.csv gives the flowers it
 * predicts, the mean predictor's R² of 0, equality after saving and loading. The README's output
 * is the output of a real run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, EXAMPLES, node, type Run } from './run.js';

const runs = new Map<string, Run>();
/** The example's run, once per file. */
function run(name: string): Run {
  if (!runs.has(name)) runs.set(name, node(join(EXAMPLES, name)));
  const result = runs.get(name)!;
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result;
}

/** The one line of `stdout` that matches `pattern`, as its groups. */
function line(stdout: string, pattern: RegExp): string[] {
  const matches = stdout.split('\n').map((l) => l.match(pattern)).filter((m) => m !== null);
  expect(matches, String(pattern)).toHaveLength(1);
  return matches[0]!.slice(1);
}

/** data/iris.csv's species of the flower with these four measurements. */
function irisSpecies(measurements: string[]): string {
  const rows = readFileSync(join(DATA, 'iris.csv'), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
  const found = rows.filter((r) => r.slice(0, 4).every((v, i) => Number(v) === Number(measurements[i])));
  expect(found.length).toBeGreaterThan(0);
  return found[0][4];
}

const TESTED = ['iris.mjs', 'regression.mjs', 'save-load.mjs', 'xor.mjs'];

describe('examples/', () => {
  it('has a test for every example', () => {
    expect(readdirSync(EXAMPLES).filter((f) => f.endsWith('.mjs')).sort()).toEqual(TESTED);
  });

  it('xor.mjs learns XOR: every output on the right side of 0.5', () => {
    const { stdout } = run('xor.mjs');
    for (const [a, b] of [[0, 0], [0, 1], [1, 0], [1, 1]]) {
      const [output] = line(stdout, new RegExp(`^${a} xor ${b} -> (\\S+)$`));
      if ((a ^ b) === 1) expect(Number(output)).toBeGreaterThan(0.9);
      else expect(Number(output)).toBeLessThan(0.1);
    }
  });

  it('iris.mjs scores above 0.9 on held-out rows and names the species the data set gives', () => {
    const { stdout } = run('iris.mjs');
    const [accuracy, right, rows] = line(stdout, /^test accuracy: (\S+) \((\d+) of (\d+) held-out rows\)$/);
    expect(Number(accuracy)).toBeGreaterThanOrEqual(0.9);
    expect(Number(accuracy)).toBeCloseTo(Number(right) / Number(rows), 4);
    expect(Number(rows)).toBe(30); // 20 % of 150
    const predictions = line(stdout, /^\[(.+)\] -> (\w+); \[(.+)\] -> (\w+)$/);
    expect(predictions[1]).toBe(irisSpecies(predictions[0].split(', ')));
    expect(predictions[3]).toBe(irisSpecies(predictions[2].split(', ')));
  });

  it('regression.mjs beats the mean predictor (R² > 0.3) and prints the test rows\' real targets', () => {
    const { stdout } = run('regression.mjs');
    const [rows, rmse, mae, r2] = line(stdout, /^on (\d+) held-out rows: rmse (\S+), mae (\S+), r2 (\S+)$/);
    expect(Number(rows)).toBe(88); // 20 % of 442
    expect(Number(r2)).toBeGreaterThan(0.3);
    expect(Number(mae)).toBeLessThanOrEqual(Number(rmse));
    const targets = new Set(readFileSync(join(DATA, 'diabetes.csv'), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => Number(l.split(',').at(-1))));
    const predicted = stdout.split('\n').filter((l) => l.startsWith('test row '));
    expect(predicted).toHaveLength(3);
    for (const l of predicted) {
      const [, actual] = l.match(/predicted (\S+), actual (\S+)$/)!.slice(1);
      expect(targets.has(Number(actual))).toBe(true);
    }
  });

  it('save-load.mjs predicts the same after bytes, a .bpnn file and JSON', () => {
    const { stdout } = run('save-load.mjs');
    expect(line(stdout, /^same predictions on all (\d+) rows: from bytes (\w+), from the \.bpnn file (\w+), from JSON (\w+)$/)).toEqual(['150', 'true', 'true', 'true']);
    expect(line(stdout, /^the loaded model: \[5\.1, 3\.5, 1\.4, 0\.2\] -> (\w+)$/)).toEqual([irisSpecies(['5.1', '3.5', '1.4', '0.2'])]);
  });

  it('README.md shows what each example prints', () => {
    const readme = readFileSync(join(EXAMPLES, 'README.md'), 'utf8');
    const session = readme.slice(readme.indexOf('```text\n') + 8, readme.indexOf('\n```', readme.indexOf('```text\n')));
    const shown = session.split(/^\$ node examples\/(\S+)\n/m).slice(1);
    const files: string[] = [];
    for (let i = 0; i < shown.length; i += 2) {
      files.push(shown[i]);
      expect(run(shown[i]).stdout, shown[i]).toBe(shown[i + 1].replace(/\n?$/, '\n'));
    }
    expect(files.sort()).toEqual(TESTED);
  });
});
