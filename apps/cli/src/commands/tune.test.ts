/** `bpnn tune` end to end: core's tune with train's flags; the saved model is the best candidate's. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { candidateOptions, Model, tune } from '@bpnn/core';
import { readCsvDataset, readModel } from '@bpnn/serialize';
import { describe, expect, it } from 'vitest';
import { bpnn, DATA, json, oneLine, workdir } from '../../test/run.js';
import { duration } from './tune.js';

const IRIS = join(DATA, 'iris.csv');

describe('bpnn tune', () => {
  it("runs core's seeded search with train's flags and saves the best candidate's model, trained on every row", async () => {
    const dir = workdir();
    const args = ['tune', IRIS, '--target', 'species', '--trials', '3', '--folds', '2', '--epochs', '3', '--seed', '5', '--out', 'best.bpnn', '--json'];
    const out = json(bpnn(args, { cwd: dir }));
    const data = await readCsvDataset(readFileSync(IRIS), { target: 'species' });
    const options = { task: 'classification' as const, epochs: 3, seed: 5, optimizer: { name: 'adam' as const }, scaling: 'standard' as const };
    const reference = tune(data, options, { trials: 3, folds: 2, seed: 5 });
    expect(out.leaderboard.map((t: { trial: number; score: number }) => [t.trial, t.score])).toEqual(reference.leaderboard.map((t) => [t.trial, t.score]));
    const scores = out.leaderboard.map((t: { score: number }) => t.score);
    expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
    const best = reference.leaderboard[0].candidate;
    const saved = readModel(readFileSync(join(dir, 'best.bpnn')));
    const { model } = Model.train(data, { ...options, ...candidateOptions(best, options.optimizer) });
    expect(saved.network.layers).toEqual([4, ...best.hidden, 3]);
    expect(Array.from(saved.network.params)).toEqual(Array.from(model.network.params));
    // the same command again gives the same leaderboard
    expect(json(bpnn(args, { cwd: dir })).leaderboard).toEqual(out.leaderboard);
  });

  it('prints each trial and the best one by the score it ranks by (R² for a regression), trial 1 being the defaults', () => {
    const dir = workdir();
    const args = ['tune', join(DATA, 'diabetes.csv'), '--target', 'progression', '--trials', '3', '--folds', '2', '--epochs', '3', '--seed', '5', '--out', 'best.bpnn'];
    const human = bpnn(args, { cwd: dir });
    expect(human.code).toBe(0);
    const result = json(bpnn([...args, '--json'], { cwd: dir }));
    const best = result.leaderboard[0];
    const lines = human.stdout.split('\n');
    expect(lines.find((l) => l.startsWith('best: '))).toBe(
      `best: trial ${best.trial}, ${best.automatic ? 'the automatic defaults, ' : ''}hidden ${best.hidden.join(',')}, learning rate ${best.learningRate.toPrecision(3)}, l2 ${best.l2 === 0 ? 0 : best.l2.toPrecision(3)}, batch ${best.batchSize}: r2 ${best.score.toFixed(4)} ± ${best.std.r2.toFixed(4)}`,
    );
    expect(lines.find((l) => l.startsWith('  trial 1: '))).toMatch(/^  trial 1: the automatic defaults, hidden 64, .*: r2 -?\d/);
    expect(lines.some((l) => /^ +\d+ +1 \(defaults\) +64 /.test(l))).toBe(true);
  });

  it('refuses a flag it searches and a bad budget', () => {
    const searched = bpnn(['tune', IRIS, '--target', 'species', '--learning-rate', '0.1']);
    expect(searched.code).toBe(2);
    expect(oneLine(searched.stderr)).toContain('--learning-rate is searched by bpnn tune');
    expect(duration('90')).toBe(90);
    expect(duration('2m')).toBe(120);
    expect(() => duration('0s')).toThrow(/--budget must be a time > 0/);
    expect(() => duration('soon')).toThrow(/got "soon"/);
  });
});
