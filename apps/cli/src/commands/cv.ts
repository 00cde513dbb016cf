/**
 * `bpnn cv DATA --target COL --folds 5`: k-fold cross-validation (core's crossValidate) with the
 * training flags of `bpnn train`: each fold's test scores, and their mean and spread, as a table
 * or `--json`. The folds are cut with --seed, stratified by class for a classification.
 */
import { AUTO_RULES, crossValidate, CROSS_VALIDATE_DEFAULTS, type CrossValidation } from '@bpnn/core';
import { Command, Option } from 'commander';
import { readTrainingData } from '../data/data-files.js';
import { featuresOf } from '../training/train-report.js';
import { sourceName } from '../files.js';
import { wholeNumber } from '../flags.js';
import type { Io } from '../io.js';
import { fixed, table } from '../output/table.js';
import { checkTrainingFlags, describeOptimizer, holdOutError, optimizerSpec, trainOptions, type TrainingFlags } from '../training/train-options.js';
import { addTrainingFlags } from '../training/training-flags.js';

interface CvFlags extends TrainingFlags {
  folds: number;
  json: boolean;
}

export function cvCommand(io: Io): Command {
  return addTrainingFlags(
    new Command('cv')
      .description("Cross-validate training options: k folds (stratified for classes), each trained on the others and scored on itself; each fold's scores, their mean and spread.")
      .argument('<data>', 'training data: CSV with a header row of column names, or FANN .data (- reads stdin)'),
  )
    .optionsGroup('Cross-validation:')
    .addOption(new Option('--folds <k>', 'parts the rows are cut into (with --seed, stratified by class for a classification)').default(CROSS_VALIDATE_DEFAULTS.folds).argParser(wholeNumber('--folds', 2)))
    .option('--json', 'print one JSON object instead of text', false)
    .addHelpText('after', '\nExamples:\n  $ bpnn cv data/iris.csv --target species --folds 5 --hidden 16\n  $ bpnn cv data/diabetes.csv --target progression --folds 10 --json')
    .action(async (file: string, flags: CvFlags) => cv(file, flags, io));
}

async function cv(file: string, flags: CvFlags, io: Io): Promise<void> {
  checkTrainingFlags(flags);
  const optimizer = optimizerSpec(flags);
  const { data, task, how } = await readTrainingData(file, flags);
  const rows = data.targets.length;
  const options = trainOptions(flags, task, optimizer, rows);
  const stratified = task === 'classification' ? 'stratified, ' : '';
  if (!flags.json) {
    io.out(`bpnn cv: ${sourceName(file)}, ${rows} rows, ${featuresOf(data)} → ${how}`);
    io.out(`${flags.folds} folds (${stratified}seed ${flags.seed}), each trained on the others: ${describeOptimizer(optimizer)}, up to ${flags.epochs ?? AUTO_RULES.epochs} epochs`);
  }
  let result: CrossValidation;
  try {
    result = crossValidate(data, options, { folds: flags.folds, seed: flags.seed });
  } catch (error) {
    throw holdOutError(error, flags);
  }
  if (flags.json) {
    io.out(JSON.stringify({ data: sourceName(file), rows, ...cvJson(result) }));
    return;
  }
  for (const line of cvLines(result)) io.out(line);
}

/** A cross-validation as plain JSON: each fold's test rows (counted), epochs and scores; mean and std. */
export function cvJson(result: CrossValidation): Record<string, unknown> {
  return {
    task: result.task,
    folds: result.folds.map((f) => ({ fold: f.fold, testRows: f.testRows.length, epochs: f.epochs, scores: f.scores })),
    mean: result.mean,
    std: result.std,
  };
}

/** The table of a cross-validation: a row per fold, then the mean and the standard deviation. */
export function cvLines(result: CrossValidation): string[] {
  const names = Object.keys(result.mean);
  const score = (v: number) => (Math.abs(v) >= 1000 ? v.toPrecision(6) : fixed(v));
  const header = ['fold', 'test rows', 'epochs', ...names];
  const folds = result.folds.map((f) => [String(f.fold), String(f.testRows.length), String(f.epochs), ...names.map((n) => score(f.scores[n]))]);
  const mean = ['mean', '', '', ...names.map((n) => score(result.mean[n]))];
  const std = ['std', '', '', ...names.map((n) => score(result.std[n]))];
  const numeric = header.map((_, i) => i).filter((i) => i > 0);
  return [table([header, ...folds, mean, std], { numeric, indent: '  ' }), `(std: the sample standard deviation over the ${result.folds.length} folds)`];
}
