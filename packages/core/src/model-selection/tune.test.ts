import { describe, expect, it, vi } from 'vitest';
import { clock } from '../clock.js';
import { loadCsv } from '../../test/datasets.js';
import { selectRows } from '../data/dataset.js';
import { ConfigError } from '../errors.js';
import { Model } from '../model/model.js';
import { Random } from '../random.js';
import { crossValidate } from './cross-validate.js';
import { drawCandidate, SEARCH_SPACE } from './search-space.js';
import { candidateOptions, tune } from './tune.js';

const iris = loadCsv('iris.csv', 'species');
/** 12 flowers of each species. */
const small = selectRows(iris, [...Array(12).keys()].flatMap((i) => [i, 50 + i, 100 + i]));
const base = { epochs: 4, seed: 3 };

describe('drawCandidate', () => {
  it('draws from the documented space, every size and depth in reach', () => {
    const random = new Random(1);
    const draws = Array.from({ length: 400 }, () => drawCandidate(random));
    expect(new Set(draws.map((d) => d.hidden.length))).toEqual(new Set(SEARCH_SPACE.depths));
    expect(new Set(draws.flatMap((d) => d.hidden))).toEqual(new Set(SEARCH_SPACE.sizes));
    expect(new Set(draws.map((d) => d.batchSize))).toEqual(new Set(SEARCH_SPACE.batchSizes));
    for (const d of draws) {
      expect(d.learningRate).toBeGreaterThanOrEqual(1e-4);
      expect(d.learningRate).toBeLessThan(1e-1);
      expect(d.l2 === 0 || (d.l2 >= 1e-5 && d.l2 < 1e-1)).toBe(true);
      expect(d.automatic).toBeUndefined();
    }
    // log-uniform: about half of the learning rates below the geometric middle 10^-2.5
    const low = draws.filter((d) => d.learningRate < 10 ** -2.5).length;
    expect(low).toBeGreaterThan(160);
    expect(low).toBeLessThan(240);
    const zeros = draws.filter((d) => d.l2 === 0).length;
    expect(zeros).toBeGreaterThan(50); // 1/5 of 400 is 80
    expect(zeros).toBeLessThan(110);
    // above the automatic rule's largest L2 (0.03) in reach, and each decade about as likely
    expect(draws.some((d) => d.l2 > 0.03)).toBe(true);
    const lowL2 = draws.filter((d) => d.l2 > 0 && d.l2 < 10 ** -3).length;
    expect(lowL2 / (draws.length - zeros)).toBeGreaterThan(0.4);
    expect(lowL2 / (draws.length - zeros)).toBeLessThan(0.6);
  });
});

describe('tune', () => {
  const run = () => tune(small, base, { trials: 4, folds: 3, seed: 8 });
  const result = run();

  it('tries the automatic defaults, then the seeded draws in order, each scored as its own cross-validation, and is reproducible', () => {
    const random = new Random(8);
    const expected = Array.from({ length: 3 }, () => drawCandidate(random));
    const byTrial = [...result.leaderboard].sort((a, b) => a.trial - b.trial);
    expect(byTrial.slice(1).map((t) => t.candidate)).toEqual(expected);
    // trial 1 is what Model.train chooses by itself: the same folds' scores as no searched option at all
    expect(byTrial[0].candidate.automatic).toBe(true);
    expect(byTrial[0].mean).toEqual(crossValidate(small, { ...base, task: 'classification' }, { folds: 3, seed: 8 }).mean);
    const cv = crossValidate(small, { ...base, ...candidateOptions(expected[0]), task: 'classification' }, { folds: 3, seed: 8 });
    expect(byTrial[1].mean).toEqual(cv.mean);
    expect(byTrial[1].score).toBe(cv.mean.accuracy);
    const again = run();
    expect(again.leaderboard).toEqual(result.leaderboard);
    expect(result.stoppedBy).toBe('trials');
  });

  it('sorts the leaderboard by the mean cross-validated score, best first', () => {
    expect(result.metric).toBe('accuracy');
    const scores = result.leaderboard.map((t) => t.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // the draws did not come best first, and ties keep the order of the draws
    expect(result.leaderboard.map((t) => t.trial)).not.toEqual([1, 2, 3, 4]);
    result.leaderboard.slice(1).forEach((t, k) => {
      if (t.score === result.leaderboard[k].score) expect(t.trial).toBeGreaterThan(result.leaderboard[k].trial);
    });
  });

  it("returns the best candidate's model, trained on all the rows", () => {
    const best = result.leaderboard[0].candidate;
    const { model } = Model.train(small, { ...base, ...candidateOptions(best), task: 'classification' });
    expect(result.model.network.layers).toEqual([4, ...best.hidden, 3]);
    expect(Array.from(result.model.network.params)).toEqual(Array.from(model.network.params));
    expect(result.model.training!.rows).toBe(36);
  });

  it("shows the automatic candidate's values as Model.train chooses them for all the rows, and trains its model as Model.train does", () => {
    const only = tune(small, base, { trials: 1, folds: 3, seed: 8 });
    const { model } = Model.train(small, { ...base, task: 'classification' });
    const auto = model.training!.options.auto as { hidden: number[]; l2: number; batchSize: number; optimizer: { learningRate: number } };
    expect(only.leaderboard[0].candidate).toEqual({ hidden: auto.hidden, l2: auto.l2, batchSize: auto.batchSize, learningRate: auto.optimizer.learningRate, automatic: true });
    expect(Array.from(only.model.network.params)).toEqual(Array.from(model.network.params));
    // with sgd, its default step
    const sgd = tune(small, { ...base, optimizer: 'sgd' }, { trials: 1, folds: 3, seed: 8 });
    expect(sgd.leaderboard[0].candidate.learningRate).toBe(0.01);
  });

  it('starts no trial once the budget has passed (a clock moved by hand, no timing)', () => {
    let now = 0;
    const spy = vi.spyOn(clock, 'now').mockImplementation(() => now);
    try {
      const seen: number[] = [];
      const budgeted = tune(small, base, { budgetSeconds: 60, folds: 2, seed: 8, onTrial: (t) => {
        seen.push(t.trial);
        if (t.trial === 2) now = 60_000; // 60 s after the start: trial 3 must not start
      } });
      expect(seen).toEqual([1, 2]);
      expect(budgeted.stoppedBy).toBe('budget');
      expect(budgeted.leaderboard).toHaveLength(2);
    } finally {
      spy.mockRestore();
    }
  });

  it('refuses options it searches, rprop, and a bad budget', () => {
    expect(() => tune(small, { hidden: [8] }, { trials: 1 })).toThrow(/hidden is searched by tune/);
    expect(() => tune(small, { optimizer: { name: 'sgd', learningRate: 0.1 } }, { trials: 1 })).toThrow(/learningRate is searched by tune/);
    expect(() => tune(small, { optimizer: 'rprop' }, { trials: 1 })).toThrow(ConfigError);
    expect(() => tune(small, { optimizer: 'lbfgs' }, { trials: 1 })).toThrow('optimizer lbfgs always takes the whole set: tune searches learningRate and batchSize, so use adam or sgd');
    expect(() => tune(small, {}, { budgetSeconds: 0 })).toThrow(/budgetSeconds must be a number > 0, got 0/);
    expect(() => tune(small, {}, { trial: 3 } as never)).toThrow(/did you mean trials\?/);
  });
});
