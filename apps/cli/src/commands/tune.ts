/**
 * `bpnn tune DATA --target COL --trials 20 --budget 60s`: core's tune, the automatic defaults and
 * then a seeded random search over hidden layers, learning rate, L2 and batch size (core's
 * search-space.ts), each candidate
 * cross-validated with the same folds; prints the leaderboard and saves the best candidate's
 * model, trained on all the rows. Every other training flag is `bpnn train`'s.
 */
import { MAIN_SCORE, SEARCHED_OPTIONS, TUNE_DEFAULTS, tune, type Trial, type TuneResult } from '@bpnn/core';
import { Command, InvalidArgumentError, Option } from 'commander';
import { readTrainingData } from '../data/data-files.js';
import { featuresOf } from '../training/train-report.js';
import { UsageError } from '../exit-codes.js';
import { modelBytes, sourceName, writeFileAtomic } from '../files.js';
import { checkOutputs } from '../output-paths.js';
import { wholeNumber } from '../flags.js';
import type { Io } from '../io.js';
import { fixed, table } from '../output/table.js';
import { checkTrainingFlags, defaultOut, holdOutError, optimizerSpec, trainOptions, type TrainingFlags } from '../training/train-options.js';
import { addTrainingFlags } from '../training/training-flags.js';

interface TuneFlags extends TrainingFlags {
  trials?: number;
  budget?: number;
  folds: number;
  out?: string;
  json: boolean;
}

/** The flags of the options tune searches: giving one is a usage error. */
const SEARCHED_FLAGS: Readonly<Record<string, string>> = { hidden: '--hidden', learningRate: '--learning-rate', l2: '--l2', batchSize: '--batch-size' };

/** `90`, `90s`, `2m`, `1h`: seconds, > 0. */
export function duration(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h)?\s*$/.exec(value);
  const seconds = match === null ? NaN : Number(match[1]) * { s: 1, m: 60, h: 3600 }[(match[2] ?? 's') as 's' | 'm' | 'h'];
  if (!(seconds > 0)) throw new InvalidArgumentError(`--budget must be a time > 0 such as 60s, 5m or 1h, got ${JSON.stringify(value)}`);
  return seconds;
}

export function tuneCommand(io: Io): Command {
  const command: Command = addTrainingFlags(
    new Command('tune')
      .description("Try the automatic defaults, then hidden layers, learning rate, L2 and batch size drawn at random (seeded), cross-validating each candidate; print the leaderboard and save the best candidate's model, trained on all the rows.")
      .argument('<data>', 'training data: CSV with a header row of column names, or FANN .data (- reads stdin)'),
  )
    .optionsGroup('Search:')
    .addOption(new Option('--trials <n>', `candidates to try (default: ${TUNE_DEFAULTS.trials}, or as many as --budget allows)`).argParser(wholeNumber('--trials', 1)))
    .addOption(new Option('--budget <time>', 'no new candidate starts after this time: 90s, 5m, 1h (a started one finishes)').argParser(duration))
    .addOption(new Option('--folds <k>', "folds of each candidate's cross-validation (cut with --seed)").default(TUNE_DEFAULTS.folds).argParser(wholeNumber('--folds', 2)))
    .option('-o, --out <file>', "where to save the best model: .bpnn, or .json (default: DATA name with .bpnn)")
    .option('--json', 'print one JSON object instead of text', false)
    .addHelpText(
      'after',
      `
Examples:
  $ bpnn tune data/iris.csv --target species --trials 20 --out iris.bpnn
  $ bpnn tune data/diabetes.csv --target progression --budget 2m --epochs 100

Trial 1 is the automatic defaults (what bpnn train chooses by itself, for each fold's rows); the
others are drawn from core's search-space.ts: 1-3 hidden layers of 8-128 neurons (powers of 2),
learning rate log-uniform in [1e-4, 0.1], L2 0 (a fifth of the draws) or log-uniform in
[1e-5, 0.1], batch size 16, 32, 64 or 128. --hidden, --learning-rate, --l2 and --batch-size are
searched, so not taken. Candidates are ranked by their mean cross-validated accuracy
(classification) or R² (regression).`,
    )
    .action(async (file: string, flags: TuneFlags) => runTune(file, flags, command, io));
  return command;
}

async function runTune(file: string, flags: TuneFlags, command: Command, io: Io): Promise<void> {
  checkTrainingFlags(flags);
  for (const name of SEARCHED_OPTIONS) {
    if (command.getOptionValueSource(name) === 'cli') throw new UsageError(`${SEARCHED_FLAGS[name]} is searched by bpnn tune, so it cannot be given (see bpnn tune --help for the space)`);
  }
  if (flags.optimizer === 'rprop') throw new UsageError('--optimizer rprop has no learning rate and always takes the whole set: bpnn tune searches both, so use adam or sgd');
  const out = flags.out ?? defaultOut(file);
  checkOutputs([{ name: '<data>', path: file }], [{ name: flags.out === undefined ? '--out (its default)' : '--out', path: out, model: true }]);
  const { data, task, how } = await readTrainingData(file, flags);
  const rows = data.targets.length;
  const options = trainOptions(flags, task, optimizerSpec(flags), rows);
  for (const name of SEARCHED_OPTIONS) delete (options as Record<string, unknown>)[name]; // the flags' defaults
  const human = !flags.json;
  if (human) {
    io.out(`bpnn tune: ${sourceName(file)}, ${rows} rows, ${featuresOf(data)} → ${how}`);
    const limit = [flags.trials !== undefined || flags.budget === undefined ? `${flags.trials ?? TUNE_DEFAULTS.trials} trials` : '', flags.budget === undefined ? '' : `a budget of ${flags.budget} s`].filter((s) => s !== '').join(' or ');
    io.out(`random search (seed ${flags.seed}), ${limit}; each candidate: ${flags.folds}-fold cross-validation, ${flags.optimizer}, ${flags.epochs} epochs`);
  }
  let result: TuneResult;
  try {
    result = tune(data, options, {
      trials: flags.trials,
      budgetSeconds: flags.budget,
      folds: flags.folds,
      seed: flags.seed,
      onTrial: human ? (trial) => io.out(`  trial ${trial.trial}: ${describe(trial, MAIN_SCORE[task])}`) : undefined,
    });
  } catch (error) {
    throw holdOutError(error, flags);
  }
  writeFileAtomic(out, modelBytes(result.model, out));
  if (flags.json) {
    io.out(JSON.stringify({ data: sourceName(file), rows, out, ...tuneJson(result) }));
    return;
  }
  io.out(`leaderboard (${result.leaderboard.length} trials, stopped by ${result.stoppedBy === 'budget' ? 'the budget' : 'the trial count'}; ranked by mean ${result.metric} over the folds):`);
  io.out(leaderboardTable(result));
  const best = result.leaderboard[0];
  io.out(`best: trial ${best.trial}, ${describe(best, result.metric)}`);
  io.out(`saved the best model, trained on all ${rows} rows (${result.model.network.layers.join('-')}), to ${out}`);
}

/** A candidate and its score by the metric the leaderboard ranks by (accuracy, or R²: not the first score, mse). */
function describe(trial: Trial, metric: string): string {
  const c = trial.candidate;
  return `${c.automatic === true ? 'the automatic defaults, ' : ''}hidden ${c.hidden.join(',')}, learning rate ${c.learningRate.toPrecision(3)}, l2 ${c.l2 === 0 ? 0 : c.l2.toPrecision(3)}, batch ${c.batchSize}: ${metric} ${fixed(trial.mean[metric])} ± ${fixed(trial.std[metric])}`;
}

/** The leaderboard as a table, best first. */
export function leaderboardTable(result: TuneResult): string {
  const header = ['rank', 'trial', 'hidden', 'learning rate', 'l2', 'batch', `${result.metric} mean`, 'std'];
  const rows = result.leaderboard.map((t, k) => [
    String(k + 1),
    t.candidate.automatic === true ? `${t.trial} (defaults)` : String(t.trial),
    t.candidate.hidden.join(','),
    t.candidate.learningRate.toPrecision(3),
    t.candidate.l2 === 0 ? '0' : t.candidate.l2.toPrecision(3),
    String(t.candidate.batchSize),
    fixed(t.score),
    fixed(t.std[result.metric]),
  ]);
  return table([header, ...rows], { numeric: [0, 1, 3, 4, 5, 6, 7], indent: '  ' });
}

/** A search as plain JSON: the leaderboard, best first, and the best model's architecture. */
export function tuneJson(result: TuneResult): Record<string, unknown> {
  return {
    task: result.task,
    metric: result.metric,
    stoppedBy: result.stoppedBy,
    leaderboard: result.leaderboard.map((t) => ({ trial: t.trial, ...t.candidate, score: t.score, mean: t.mean, std: t.std })),
    best: { layers: result.model.network.layers, epochs: result.result.epochs, loss: result.result.loss },
  };
}
