/**
 * Hyper-parameter search: the automatic defaults first, then candidates drawn at random from
 * search-space.ts, each cross-validated
 * with the same folds (cross-validate.ts), ranked by their mean score in a leaderboard; the best
 * candidate's options are then trained on all the rows. The search stops after `trials`
 * candidates or, checked before each candidate, once `budgetSeconds` have passed (a candidate
 * that has started finishes).
 */
import { clock } from '../clock.js';
import { completeDataset, type DataInput, type Dataset } from '../data/dataset.js';
import { autoDefaults } from '../defaults/auto-defaults.js';
import { FIT_DEFAULTS, OPTIMIZER_DEFAULTS } from '../defaults/defaults.js';
import { ConfigError, show } from '../errors.js';
import { Model, type TrainOptions } from '../model/model.js';
import { integerOption, numberOption } from '../options.js';
import { Random } from '../random.js';
import { checkOptions, optionNames } from '../strict-options.js';
import { inferTask, type Task } from '../data/task.js';
import type { FitResult } from '../training/train.js';
import { crossValidate, CROSS_VALIDATE_DEFAULTS, MAIN_SCORE, type FoldScores } from './cross-validate.js';
import { drawCandidate, type Candidate } from './search-space.js';

/** The options of {@link tune}. */
export interface TuneOptions {
  /** Candidates to try, default 20 (or, with a budget, as many as it allows). */
  trials?: number;
  /** Seconds after which no new candidate starts. Default: none. */
  budgetSeconds?: number;
  /** Folds of each candidate's cross-validation, default 5. */
  folds?: number;
  /** Seed of the draws and of the folds, default 42 (the training options' seed seeds the training). */
  seed?: number;
  /** Called after each candidate has been cross-validated. */
  onTrial?: (trial: Trial) => void;
}

export const TUNE_OPTIONS = optionNames<TuneOptions>({ trials: true, budgetSeconds: true, folds: true, seed: true, onTrial: true });

/** The defaults of {@link tune}: trials without a budget, and with one, trials without end. */
export const TUNE_DEFAULTS = Object.freeze({ trials: 20, seed: 42, folds: CROSS_VALIDATE_DEFAULTS.folds } as const);

/** The options tune sets for each candidate; the training options must leave them out. */
export const SEARCHED_OPTIONS: readonly string[] = Object.freeze(['hidden', 'learningRate', 'l2', 'batchSize']);

/** One candidate and its cross-validated scores. */
export interface Trial {
  /** 1, 2, …: the order in which candidates were tried (1: the automatic defaults). */
  trial: number;
  candidate: Candidate;
  mean: FoldScores;
  std: FoldScores;
  /** mean[metric]: what the leaderboard is sorted by (higher is better). */
  score: number;
}

/** What {@link tune} answers. */
export interface TuneResult {
  task: Task;
  /** accuracy (classification) or r2 (regression), the mean over the folds. */
  metric: string;
  /** Every trial, best first (ties: the earlier trial first). */
  leaderboard: Trial[];
  /** The model of the best candidate, trained on all the rows, and how its training went. */
  model: Model;
  result: FitResult;
  stoppedBy: 'trials' | 'budget';
}

/**
 * Searches hidden layers, learningRate, l2 and batchSize for `trainOptions` (anything Model.train
 * takes but those four and a validation set) and returns the leaderboard and the best model.
 */
export function tune(dataInput: DataInput, trainOptions: TrainOptions = {}, options: TuneOptions = {}): TuneResult {
  checkOptions(options, TUNE_OPTIONS, 'tune');
  const searched = SEARCHED_OPTIONS.find((name) => (trainOptions as Record<string, unknown>)[name] !== undefined || (name === 'learningRate' && learningRateOf(trainOptions) !== undefined));
  if (searched !== undefined) throw new ConfigError(searched, `is searched by tune; leave it out of the training options (the space is in search-space.ts)`);
  const data = completeDataset(dataInput);
  const task = trainOptions.task ?? inferTask(data.targets);
  const budget = options.budgetSeconds === undefined ? Infinity : numberOption('budgetSeconds', options.budgetSeconds, Infinity, 0, Infinity, { min: true });
  const trials = integerOption('trials', options.trials, budget === Infinity ? TUNE_DEFAULTS.trials : Number.MAX_SAFE_INTEGER, 1);
  const seed = integerOption('seed', options.seed, TUNE_DEFAULTS.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const folds = integerOption('folds', options.folds, TUNE_DEFAULTS.folds, 2);
  if (options.onTrial !== undefined && typeof options.onTrial !== 'function') throw new ConfigError('onTrial', `must be a function (trial) => void, got ${show(options.onTrial)}`);
  const optimizer = trainOptions.optimizer ?? FIT_DEFAULTS.optimizer;
  const optimizerName = typeof optimizer === 'string' ? optimizer : optimizer.name;
  if (optimizerName === 'rprop' || optimizerName === 'quickprop' || optimizerName === 'lbfgs') {
    throw new ConfigError('optimizer', `${optimizerName} always takes the whole set: tune searches learningRate and batchSize, so use adam or sgd`);
  }

  const metric = MAIN_SCORE[task];
  const random = new Random(seed);
  const started = clock.now();
  const leaderboard: Trial[] = [];
  let stoppedBy: TuneResult['stoppedBy'] = 'trials';
  for (let t = 1; t <= trials; t++) {
    if ((clock.now() - started) / 1000 >= budget) {
      stoppedBy = 'budget';
      break;
    }
    // The defaults first, so that the search answers at least as well as `bpnn train` in the folds.
    const candidate = t === 1 ? automaticCandidate(data, task, optimizerName) : drawCandidate(random);
    const cv = crossValidate(data, { ...trainOptions, ...candidateOptions(candidate, optimizer), task }, { folds, seed });
    const trial: Trial = { trial: t, candidate, mean: cv.mean, std: cv.std, score: cv.mean[metric] };
    leaderboard.push(trial);
    options.onTrial?.(trial);
  }
  // NaN scores (a fold whose R² is undefined) rank last.
  leaderboard.sort((a, b) => rank(b.score) - rank(a.score) || a.trial - b.trial);
  const best = leaderboard[0];
  const { model, result } = Model.train(data, { ...trainOptions, ...candidateOptions(best.candidate, optimizer), task });
  return { task, metric, leaderboard, model, result, stoppedBy };
}

/**
 * The automatic defaults as a candidate: the values the rules choose for all the rows (what
 * Model.train would train with), marked `automatic` so that each training lets the rules choose
 * for its own rows.
 */
export function automaticCandidate(data: Dataset, task: Task, optimizerName: string): Candidate {
  const width = data.targets[0]?.length ?? 1;
  const outputs = task === 'classification' && width === 1 ? new Set(data.targets.map((row) => String(row[0]))).size : width;
  const auto = autoDefaults({ rows: data.targets.length, inputs: data.inputNames.length, outputs, task });
  const learningRate = optimizerName === 'adam' ? auto.learningRate : (OPTIMIZER_DEFAULTS as Record<string, { learningRate?: number } | undefined>)[optimizerName]?.learningRate ?? auto.learningRate;
  return { hidden: auto.hidden, learningRate, l2: auto.l2, batchSize: auto.batchSize, automatic: true };
}

/**
 * The training options of a candidate: its hidden layers, l2, batch size, and its step in the
 * optimiser; none for the automatic one, whose trainings the rules fill in.
 */
export function candidateOptions(candidate: Candidate, optimizer: TrainOptions['optimizer'] = FIT_DEFAULTS.optimizer): TrainOptions {
  if (candidate.automatic === true) return {};
  const spec = typeof optimizer === 'string' ? { name: optimizer } : optimizer;
  return { hidden: candidate.hidden, l2: candidate.l2, batchSize: candidate.batchSize, optimizer: { ...spec, learningRate: candidate.learningRate } as TrainOptions['optimizer'] };
}

function learningRateOf(options: TrainOptions): unknown {
  const spec = options.optimizer;
  return spec !== undefined && typeof spec === 'object' && spec !== null ? (spec as { learningRate?: unknown }).learningRate : undefined;
}

function rank(score: number): number {
  return Number.isNaN(score) ? -Infinity : score;
}
