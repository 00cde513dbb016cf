/**
 * `bpnn evaluate MODEL DATA`: scores a model on labelled data it was not trained on:
 * accuracy, a confusion matrix and per-class precision/recall/F1, or MSE, MAE and R².
 */
import { Command, Option } from 'commander';
import { checkArgumentOrder } from '../argument-order.js';
import { DATA_FORMATS, readLabelled, type DataFormat } from '../data/data-files.js';
import { UsageError } from '../exit-codes.js';
import { loadModel, sourceName } from '../files.js';
import { choice, decimalMark, DECIMAL_HELP, delimiter, encoding, ENCODING_HELP, thousandsMark, THOUSANDS_HELP } from '../flags.js';
import type { Io } from '../io.js';
import { evaluationJson, evaluationLines } from '../output/report.js';

interface EvaluateFlags {
  json: boolean;
  delimiter?: string;
  encoding?: string;
  decimal?: '.' | ',';
  thousands?: '.';
  format?: DataFormat;
}

export function evaluateCommand(io: Io): Command {
  return new Command('evaluate')
    .description("Score a model on labelled data: accuracy and confusion matrix, or MSE, MAE and R².")
    .argument('<model>', 'a model file (.bpnn or .json)')
    .argument('<data>', "labelled rows: CSV with the model's input columns and its target column(s) (a classifier's target may be one 0/1 column per class), or FANN .data (- reads stdin)")
    .option('--json', 'print one JSON object instead of text', false)
    .addOption(new Option('--delimiter <c>', 'field separator of the CSV').default(',').argParser(delimiter('--delimiter')))
    .addOption(new Option('--encoding <name>', ENCODING_HELP).default('utf-8').argParser(encoding('--encoding')))
    .addOption(new Option('--decimal <mark>', DECIMAL_HELP).default('.').argParser(decimalMark('--decimal')))
    .addOption(new Option('--thousands <mark>', THOUSANDS_HELP).argParser(thousandsMark('--thousands')))
    .addOption(new Option('--format <format>', 'csv or fann (default: fann for a .data file, else csv)').argParser(choice('--format', DATA_FORMATS)))
    .addHelpText('after', '\nExamples:\n  $ bpnn evaluate iris.bpnn test.csv\n  $ bpnn evaluate diabetes.bpnn diabetes.test.data')
    .action(async (modelFile: string, file: string, flags: EvaluateFlags) => evaluate(modelFile, file, flags, io));
}

async function evaluate(modelFile: string, file: string, flags: EvaluateFlags, io: Io): Promise<void> {
  if (modelFile === '-' && file === '-') throw new UsageError('only one of the model and the data can come from stdin (-)');
  checkArgumentOrder('evaluate', modelFile, file);
  const { model } = loadModel(modelFile);
  const data = await readLabelled(model, file, { format: flags.format, delimiter: flags.delimiter, encoding: flags.encoding, decimal: flags.decimal, thousands: flags.thousands });
  const evaluation = model.evaluate(data);
  if (flags.json) {
    io.out(JSON.stringify({ model: sourceName(modelFile), data: sourceName(file), rows: data.targets.length, ...evaluationJson(evaluation) }));
    return;
  }
  io.out(`${sourceName(modelFile)} on ${sourceName(file)}: ${data.targets.length} rows, ${model.task} of ${model.targetNames.join(', ')}`);
  for (const line of evaluationLines(evaluation, model)) io.out(line);
}
