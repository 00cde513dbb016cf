/** `bpnn cv` end to end: the same folds and scores as core's crossValidate with the same options. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crossValidate } from '@bpnn/core';
import { readCsvDataset } from '@bpnn/serialize';
import { describe, expect, it } from 'vitest';
import { bpnn, DATA, json, oneLine } from '../../test/run.js';

const IRIS = join(DATA, 'iris.csv');

describe('bpnn cv', () => {
  it("takes train's flags and scores each fold as core's crossValidate does with those options", async () => {
    const run = bpnn(['cv', IRIS, '--target', 'species', '--folds', '3', '--hidden', '4', '--epochs', '5', '--optimizer', 'sgd', '--learning-rate', '0.1', '--seed', '7', '--json']);
    const out = json(run);
    const data = await readCsvDataset(readFileSync(IRIS), { target: 'species' });
    const reference = crossValidate(
      data,
      { task: 'classification', hidden: [4], epochs: 5, optimizer: { name: 'sgd', learningRate: 0.1 }, seed: 7, scaling: 'standard', dtype: 'float64', l2: 0 },
      { folds: 3, seed: 7 },
    );
    expect(out.task).toBe('classification');
    expect(out.folds.map((f: { testRows: number }) => f.testRows)).toEqual([50, 50, 50]);
    expect(out.folds.map((f: { scores: unknown }) => f.scores)).toEqual(reference.folds.map((f) => f.scores));
    expect(out.mean).toEqual(reference.mean);
    expect(out.std).toEqual(reference.std);
  });

  it('prints a table of the folds with their mean and std, and refuses a bad --folds', () => {
    const run = bpnn(['cv', IRIS, '--target', 'species', '--folds', '2', '--hidden', '4', '--epochs', '3']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2 folds (stratified, seed 42)');
    expect(run.stdout).toMatch(/^ {2}fold +test rows +epochs +accuracy +macroF1$/m);
    expect(run.stdout).toMatch(/^ {2}mean +\d\.\d{4} +\d\.\d{4}$/m);
    const bad = bpnn(['cv', IRIS, '--target', 'species', '--folds', '151']);
    expect(bad.code).toBe(2);
    expect(oneLine(bad.stderr)).toContain('folds must be at most the number of rows (150), got 151');
  });
});
