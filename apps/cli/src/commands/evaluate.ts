/**
 * `bpnn evaluate MODEL DATA.csv`: scores a model on labelled data it was not trained on:
 * accuracy, a confusion matrix and per-class precision/recall/F1, or MSE, MAE and R².
 */
import type { Dataset, Model } from '@bpnn/core';
import { readCsvDataset } from '@bpnn/serialize';
import { Command } from 'commander';
import { UsageError } from '../exit-codes.js';
import { loadModel, sourceName, streamInput } from '../files.js';
import type { Io } from '../io.js';
import { evaluationJson, evaluationLines } from '../report.js';

interface EvaluateFlags {
  json: boolean;
  delimiter?: string;
}

export function evaluateCommand(io: Io): Command {
  return new Command('evaluate')
    .description("Score a model on labelled data: accuracy and confusion matrix, or MSE, MAE and R².")
    .argument('<model>', 'a model file (.bpnn or .json)')
    .argument('<data.csv>', "labelled rows: the model's input columns and its target column(s) (- reads stdin)")
    .option('--json', 'print one JSON object instead of text', false)
    .option('--delimiter <c>', 'field separator of the CSV', ',')
    .addHelpText('after', '\nExample:\n  $ bpnn evaluate iris.bpnn test.csv')
    .action(async (modelFile: string, file: string, flags: EvaluateFlags) => evaluate(modelFile, file, flags, io));
}

/** A labelled data set with the model's columns, by name. */
export async function readLabelled(model: Model, file: string, delimiter?: string): Promise<Dataset> {
  if (delimiter !== undefined && delimiter.length !== 1) throw new UsageError(`--delimiter must be one character, got ${JSON.stringify(delimiter)}`);
  return readCsvDataset(streamInput(file), { target: model.targetNames, features: model.inputNames, source: sourceName(file), delimiter });
}

async function evaluate(modelFile: string, file: string, flags: EvaluateFlags, io: Io): Promise<void> {
  if (modelFile === '-' && file === '-') throw new UsageError('only one of the model and the data can come from stdin (-)');
  const { model } = loadModel(modelFile);
  const data = await readLabelled(model, file, flags.delimiter);
  const evaluation = model.evaluate(data);
  if (flags.json) {
    io.out(JSON.stringify({ model: modelFile, data: sourceName(file), rows: data.targets.length, ...evaluationJson(evaluation) }));
    return;
  }
  io.out(`${modelFile} on ${sourceName(file)}: ${data.targets.length} rows, ${model.task} of ${model.targetNames.join(', ')}`);
  for (const line of evaluationLines(evaluation, model)) io.out(line);
}
