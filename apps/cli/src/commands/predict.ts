/**
 * `bpnn predict MODEL DATA|-`: one prediction per data row, as CSV or JSON. A CSV file's
 * columns are matched to the model's inputs by name (serialize's readCsvInputs): a missing or an
 * unknown column is an error that names it; the target columns may be present and are ignored.
 * A FANN .data file's inputs are taken by position, its outputs ignored.
 */
import type { Model } from '@bpnn/core';
import { Command, Option } from 'commander';
import { checkArgumentOrder } from '../argument-order.js';
import { csvField } from '../data/csv-out.js';
import { DATA_FORMATS, readModelInputs, type DataFormat } from '../data/data-files.js';
import { UsageError } from '../exit-codes.js';
import { loadModel, sourceName, writeFileAtomic } from '../files.js';
import { checkOutputs } from '../output-paths.js';
import { choice, decimalMark, DECIMAL_HELP, delimiter, encoding, ENCODING_HELP, thousandsMark, THOUSANDS_HELP } from '../flags.js';
import type { Io } from '../io.js';

interface PredictFlags {
  proba?: boolean;
  json: boolean;
  out?: string;
  delimiter?: string;
  encoding?: string;
  decimal?: '.' | ',';
  thousands?: '.';
  format?: DataFormat;
}

export function predictCommand(io: Io): Command {
  return new Command('predict')
    .description("Predict a target for every row of a CSV file with a model's columns, or every sample of a FANN .data file.")
    .argument('<model>', 'a model file (.bpnn or .json)')
    .argument('<data>', 'rows to predict for: CSV with a header of column names, or FANN .data (- reads stdin)')
    .option('--proba', 'classification: also give each class probability', false)
    .option('--json', 'print one JSON object instead of CSV', false)
    .option('-o, --out <file>', 'write the predictions to this file instead of stdout (- is stdout)')
    .addOption(new Option('--delimiter <c>', 'field separator of the input CSV').default(',').argParser(delimiter('--delimiter')))
    .addOption(new Option('--encoding <name>', ENCODING_HELP).default('utf-8').argParser(encoding('--encoding')))
    .addOption(new Option('--decimal <mark>', DECIMAL_HELP).default('.').argParser(decimalMark('--decimal')))
    .addOption(new Option('--thousands <mark>', THOUSANDS_HELP).argParser(thousandsMark('--thousands')))
    .addOption(new Option('--format <format>', 'csv or fann (default: fann for a .data file, else csv)').argParser(choice('--format', DATA_FORMATS)))
    .addHelpText(
      'after',
      `
Output: CSV with a header, one line per data row (blank lines skipped), in the order of the file.
Classification gives the predicted label in a column named after the target; --proba adds a
column p(label) per class. Regression gives one column per target, in the targets' units.

Examples:
  $ bpnn predict iris.bpnn new-flowers.csv --proba
  $ cat new-flowers.csv | bpnn predict iris.bpnn - --json`,
    )
    .action(async (modelFile: string, file: string, flags: PredictFlags) => predict(modelFile, file, flags, io));
}

/** The predictions as CSV lines (header first) or as a JSON-ready object. */
export function predictionTable(model: Model, inputs: Parameters<Model['predict']>[0], proba: boolean): { header: string[]; rows: string[][]; json: Record<string, unknown> } {
  const prediction = model.predict(inputs);
  if (prediction.task === 'classification') {
    const labels = model.labels!;
    const target = model.targetNames[0] ?? 'label';
    const probs = prediction.probabilities;
    const probabilities = (r: number) => labels.map((_, j) => probs.get(r, j));
    const header = [target, ...(proba ? labels.map((l) => `p(${l})`) : [])];
    const rows = prediction.labels.map((label, r) => [label, ...(proba ? probabilities(r).map(String) : [])]);
    const predictions = prediction.labels.map((label, r) =>
      proba ? { [target]: label, probabilities: Object.fromEntries(labels.map((l, j) => [l, probs.get(r, j)])) } : { [target]: label },
    );
    return { header, rows, json: { task: 'classification', target, labels, predictions } };
  }
  const values = prediction.values;
  const names = model.targetNames;
  const rows = Array.from({ length: values.rows }, (_, r) => names.map((_, c) => String(values.get(r, c))));
  const predictions = Array.from({ length: values.rows }, (_, r) => Object.fromEntries(names.map((n, c) => [n, values.get(r, c)])));
  return { header: [...names], rows, json: { task: 'regression', targets: names, predictions } };
}

async function predict(modelFile: string, file: string, flags: PredictFlags, io: Io): Promise<void> {
  if (modelFile === '-' && file === '-') throw new UsageError('only one of the model and the data can come from stdin (-)');
  checkOutputs([{ name: '<model>', path: modelFile }, { name: '<data>', path: file }], [flags.out === undefined ? undefined : { name: '--out', path: flags.out, stdout: true }]);
  checkArgumentOrder('predict', modelFile, file);
  const { model } = loadModel(modelFile);
  if (flags.proba && model.task !== 'classification') throw new UsageError(`--proba applies to classification models; ${sourceName(modelFile)} is a regression model`);
  const inputs = await readModelInputs(model, file, { format: flags.format, delimiter: flags.delimiter, encoding: flags.encoding, decimal: flags.decimal, thousands: flags.thousands });
  const { header, rows, json } = predictionTable(model, inputs, flags.proba === true);
  const text = flags.json ? `${JSON.stringify(json)}\n` : [header, ...rows].map((row) => `${row.map(csvField).join(',')}\n`).join('');
  if (flags.out !== undefined && flags.out !== '-') {
    writeFileAtomic(flags.out, text);
    io.out(`wrote ${rows.length} predictions to ${flags.out}`);
  } else {
    io.write(text);
  }
}
