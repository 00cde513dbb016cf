/**
 * `bpnn train DATA.csv --target COL` (or `bpnn train DATA.data`): reads a CSV or FANN file
 * (data-files.ts), trains a network in a worker thread (so that Ctrl-C and the progress bar work
 * while it runs), saves the model by write-to-temp + rename, and reports how training went;
 * `--plot` draws the loss curves as SVG.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import {
  ACTIVATION_NAMES,
  defaultValidationSplit,
  DTYPES,
  EARLY_STOPPING_DEFAULTS,
  FIT_DEFAULTS,
  INIT_NAMES,
  LOSS_NAMES,
  OPTIMIZER_DEFAULTS,
  OPTIMIZER_NAMES,
  SCALING_NAMES,
  SCHEDULE_NAMES,
  TASKS,
  TRAIN_DEFAULTS,
  TrainingError,
  trainTestSplit,
  VALIDATION_SPLIT_WITH_EARLY_STOPPING,
  type Dataset,
  type FitResult,
  type Model,
  type OptimizerSpec,
} from '@bpnn/core';
import { readModel, writeModel } from '@bpnn/serialize';
import { Command, Option } from 'commander';
import { lossChart, type Series } from '../chart.js';
import { datasetCsv } from '../csv-out.js';
import { DATA_FORMATS, readTrainingData } from '../data-files.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { FileError, loadModel, modelBytes, sourceName, writeFileAtomic } from '../files.js';
import { activationFlag, choice, namedSettings, nameList, number, shares, threads, wholeNumber, wholeNumberList } from '../flags.js';
import type { Io } from '../io.js';
import { progress } from '../progress.js';
import { evaluationJson, evaluationLines } from '../report.js';
import { lossCurvesSvg } from '../svg-plot.js';
import { startTraining } from '../train-protocol.js';
import { defaultOut, describeOptimizer, optimizerSpec, trainOptions, type TrainFlags } from '../train-options.js';
import { summaryLines, trainJson } from '../train-report.js';

const batchSize = (value: string): number | 'full' => (value === 'full' ? 'full' : wholeNumber('--batch-size', 1)(value));

export function trainCommand(io: Io): Command {
  const activations = ACTIVATION_NAMES.filter((name) => name !== 'softmax');
  return new Command('train')
    .description('Train a network on a CSV or FANN .data file and save it as a model file.')
    .argument('<data>', 'training data: CSV with a header row of column names, one sample per row, or FANN .data (- reads stdin)')
    .option('-t, --target <columns>', 'CSV: the column(s) to predict, comma-separated (required); one-hot 0/1 columns are a classification', nameList('--target'))
    .option('--features <columns>', 'the input columns, comma-separated (default: every other column)', nameList('--features'))
    .addOption(new Option('--task <task>', 'classification or regression (default: inferred from the target)').argParser(choice('--task', TASKS)))
    .optionsGroup('Network:')
    .addOption(new Option('--hidden <sizes>', 'hidden layer sizes, comma-separated, or none').default([...TRAIN_DEFAULTS.hidden], TRAIN_DEFAULTS.hidden.join(',')).argParser(wholeNumberList('--hidden', 1, true)))
    .addOption(new Option('--activation <name>', `hidden activation: relu, tanh, sigmoid, leaky-relu:α, elu, softplus, linear, … (default: ${TRAIN_DEFAULTS.activation})`).argParser(activationFlag('--activation', activations)))
    .addOption(new Option('--output-activation <name>', 'output activation (default: softmax for classification, linear for regression)').argParser(activationFlag('--output-activation', ACTIVATION_NAMES)))
    .addOption(new Option('--loss <name>', 'mse, binary-cross-entropy or categorical-cross-entropy (default: categorical-cross-entropy for classification, mse for regression)').argParser(choice('--loss', LOSS_NAMES)))
    .addOption(new Option('--init <name>', `weight initialisation: ${INIT_NAMES.join(', ')} (default: he for relu-like, glorot otherwise)`).argParser(choice('--init', INIT_NAMES)))
    .addOption(new Option('--dtype <dtype>', 'number type of the weights: float32 or float64').default(TRAIN_DEFAULTS.dtype).argParser(choice('--dtype', DTYPES)))
    .optionsGroup('Optimiser:')
    .addOption(new Option('--optimizer <name>', 'adam, sgd (with --momentum, --nesterov), or full batch: rprop, quickprop (FANN\'s) or lbfgs (with a line search)').default(FIT_DEFAULTS.optimizer).argParser(choice('--optimizer', OPTIMIZER_NAMES)))
    .addOption(new Option('--learning-rate <η>', `step size of sgd, adam and quickprop, first trial step of lbfgs (default: ${OPTIMIZER_DEFAULTS.adam.learningRate} adam, ${OPTIMIZER_DEFAULTS.sgd.learningRate} sgd, ${OPTIMIZER_DEFAULTS.quickprop.learningRate} quickprop, ${OPTIMIZER_DEFAULTS.lbfgs.learningRate} lbfgs)`).argParser(number('--learning-rate', 0, Infinity, { min: true })))
    .addOption(new Option('--momentum <μ>', 'sgd momentum, in [0, 1)').argParser(number('--momentum', 0, 1, { max: true })))
    .option('--nesterov', 'sgd: Nesterov momentum')
    .addOption(new Option('--beta1 <β₁>', `adam: decay of the first moment (default: ${OPTIMIZER_DEFAULTS.adam.beta1})`).argParser(number('--beta1', 0, 1, { max: true })))
    .addOption(new Option('--beta2 <β₂>', `adam: decay of the second moment (default: ${OPTIMIZER_DEFAULTS.adam.beta2})`).argParser(number('--beta2', 0, 1, { max: true })))
    .addOption(new Option('--rprop-increase <η⁺>', `rprop: step growth, > 1 (default: ${OPTIMIZER_DEFAULTS.rprop.increase})`).argParser(number('--rprop-increase', 1, Infinity, { min: true })))
    .addOption(new Option('--rprop-decrease <η⁻>', `rprop: step shrink, in (0, 1) (default: ${OPTIMIZER_DEFAULTS.rprop.decrease})`).argParser(number('--rprop-decrease', 0, 1, { min: true, max: true })))
    .addOption(new Option('--rprop-step <Δ₀>', `rprop: first step (default: ${OPTIMIZER_DEFAULTS.rprop.initialStep})`).argParser(number('--rprop-step', 0, Infinity, { min: true })))
    .addOption(new Option('--batch-size <n>', `samples per step: 1 is online, full the whole set (default: min(${FIT_DEFAULTS.batchSize}, rows); full for rprop)`).argParser(batchSize))
    .addOption(new Option('--epochs <n>', 'passes over the training set').default(FIT_DEFAULTS.epochs).argParser(wholeNumber('--epochs', 1)))
    .addOption(new Option('--l2 <λ>', 'L2 weight decay').default(FIT_DEFAULTS.l2).argParser(number('--l2', 0)))
    .addOption(new Option('--dropout <p>', 'share of hidden neurons dropped while training: one p in [0, 1), or one per hidden layer, comma-separated').argParser(shares('--dropout')))
    .addOption(
      new Option('--schedule <name:settings>', 'learning-rate schedule of sgd and adam: step:every=10,factor=0.5, exponential:factor=0.95, cosine[:epochs=n,minRate=η], reduce-on-plateau[:factor=0.1,patience=10,threshold=1e-4,cooldown=0,minRate=0]').argParser(
        namedSettings('--schedule', SCHEDULE_NAMES, 'step:every=10,factor=0.5'),
      ),
    )
    .optionsGroup('Validation and stopping:')
    .addOption(
      new Option('--validation-split <f>', `share of the training rows held out to score each epoch (default: 0, none; ${VALIDATION_SPLIT_WITH_EARLY_STOPPING} with --patience)`).argParser(
        number('--validation-split', 0, 1, { max: true }),
      ),
    )
    .addOption(new Option('--patience <n>', 'early stopping: stop after n epochs without improvement and keep the best weights').argParser(wholeNumber('--patience', 1)))
    .addOption(new Option('--min-delta <d>', `early stopping: the smallest improvement that counts (default: ${EARLY_STOPPING_DEFAULTS.minDelta})`).argParser(number('--min-delta', 0)))
    .addOption(new Option('--target-loss <j>', 'stop once the training loss is at or below this').argParser(number('--target-loss', 0)))
    .addOption(new Option('--test-split <f>', 'share of the rows held out before training and scored at the end (0: none)').default(0).argParser(number('--test-split', 0, 1, { max: true })))
    .option('--test-out <file.csv>', 'write the held-out test rows to this CSV, for bpnn evaluate and predict later')
    .optionsGroup('Data and run:')
    .addOption(new Option('--scaling <kind>', 'input scaling: standard, minmax or none').default(TRAIN_DEFAULTS.scaling).argParser(choice('--scaling', SCALING_NAMES)))
    .addOption(new Option('--target-scaling <kind>', 'regression target scaling: standard, minmax or none').default(TRAIN_DEFAULTS.targetScaling).argParser(choice('--target-scaling', SCALING_NAMES)))
    .addOption(new Option('--seed <n>', 'seed of the weights, shuffles and splits').default(FIT_DEFAULTS.seed).argParser(wholeNumber('--seed', 0)))
    .addOption(new Option('--threads <n>', 'threads for large float32 kernels: a number or auto').argParser(threads('--threads')))
    .option('--from <model>', 'continue training this model (.bpnn or .json): its architecture, scaling and labels, and its optimiser state when it has a checkpoint for the same --optimizer')
    .option('--delimiter <c>', 'field separator of the CSV', ',')
    .addOption(new Option('--format <format>', 'csv or fann (default: fann for a .data file, else csv)').argParser(choice('--format', DATA_FORMATS)))
    .optionsGroup('Output:')
    .option('-o, --out <file>', 'where to save the model: .bpnn, or .json for the JSON form (default: DATA name with .bpnn)')
    .option('--plot <file.svg>', 'draw the training and validation loss curves as an SVG picture')
    .option('--json', 'print one JSON object instead of text (no progress)', false)
    .addHelpText(
      'after',
      `
Examples:
  $ bpnn train data/iris.csv --target species --hidden 16 --epochs 300 --out iris.bpnn
  $ bpnn train data/diabetes.csv --target progression --optimizer sgd --learning-rate 0.01 --momentum 0.9 --patience 20 --plot curve.svg
  $ bpnn train diabetes.train.data --optimizer rprop --epochs 500

Targets: --target names CSV columns. Several columns that hold only 0 and 1 (or −1 and 1), exactly
one 1 per row, are one-hot classes: a classification whose classes are the column names (--task
regression fits them as numbers instead). A FANN .data file needs no --target: its outputs are the
targets. One output is a regression; several one-hot outputs are a classification with classes
1 … m, after the output that holds the 1; other outputs are a regression.

On a terminal a progress bar is redrawn in place and the loss curves are drawn at the end.
Ctrl-C stops training after the batch in flight and saves the model: with --patience, the best
epoch's weights; without it, the weights of the last complete epoch. The exit code is then 130.`,
    )
    .action(async (file: string, flags: TrainFlags, command: Command) => train(file, flags, io, (name) => command.getOptionValueSource(name) === 'cli'));
}

function checkWritable(path: string, flag: string): void {
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new FileError(`cannot write ${path} (${flag}): the folder ${dir} does not exist`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new FileError(`cannot write ${path} (${flag}): it is a directory`);
}

/** What --from continues: the weights, and the optimiser state when the model has it for this optimiser. */
function continuation(from: Model, optimizer: OptimizerSpec): string {
  const name = typeof optimizer === 'string' ? optimizer : optimizer.name;
  const { checkpoint } = from;
  if (checkpoint === undefined) return 'its weights (the file has no checkpoint, so the optimiser starts afresh)';
  if (checkpoint.optimizer.name !== name) return `its weights (its checkpoint is of ${checkpoint.optimizer.name}, so ${name} starts afresh)`;
  return `its weights and ${name} state after ${checkpoint.epochs} epochs, exactly as if training had not stopped`;
}

/** The flags a model to continue (--from) decides itself. */
const SHAPING_FLAGS = ['task', 'hidden', 'activation', 'outputActivation', 'loss', 'init', 'dtype', 'scaling', 'targetScaling'] as const;

async function train(file: string, flags: TrainFlags, io: Io, given: (flag: string) => boolean = () => false): Promise<void> {
  const optimizer = optimizerSpec(flags);
  const shaping = SHAPING_FLAGS.find(given);
  if (flags.from !== undefined && shaping !== undefined) {
    throw new UsageError(`--${shaping.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} cannot be given with --from: the model to continue decides its architecture, scaling and task`);
  }
  const from = flags.from === undefined ? undefined : loadModel(flags.from).model;
  if (flags.minDelta !== undefined && flags.patience === undefined) throw new UsageError('--min-delta needs --patience (it sets early stopping)');
  if (flags.plot !== undefined && extname(flags.plot).toLowerCase() !== '.svg') throw new UsageError(`--plot writes SVG: the file name must end in .svg, got ${JSON.stringify(flags.plot)}`);
  if (flags.delimiter !== undefined && flags.delimiter.length !== 1) throw new UsageError(`--delimiter must be one character, got ${JSON.stringify(flags.delimiter)}`);
  const out = flags.out ?? defaultOut(file);
  checkWritable(out, '--out');
  if (flags.plot !== undefined) checkWritable(flags.plot, '--plot');
  if (flags.testOut !== undefined) {
    if (flags.testSplit === 0) throw new UsageError('--test-out needs --test-split (the share of rows to hold out)');
    checkWritable(flags.testOut, '--test-out');
  }

  const source = sourceName(file);
  const { data, task, how } = await readTrainingData(file, flags);
  let trainSet: Dataset = data;
  let testSet: Dataset | undefined;
  if (flags.testSplit > 0) ({ train: trainSet, test: testSet } = trainTestSplit(data, { testFraction: flags.testSplit, seed: flags.seed }));
  if (testSet !== undefined && flags.testOut !== undefined) writeFileAtomic(flags.testOut, datasetCsv(testSet));

  const options = trainOptions(flags, task, optimizer, trainSet.targets.length, from === undefined ? undefined : { seedGiven: given('seed') });

  const rows = trainSet.targets.length;
  // The share held out for validation: --validation-split, else core's rule (none without --patience).
  const validationSplit = flags.validationSplit ?? defaultValidationSplit(options.earlyStopping);
  const human = !flags.json;
  if (human) {
    const held = testSet === undefined ? '' : `, ${testSet.targets.length} held out for testing`;
    io.out(`bpnn train: ${source}, ${data.targets.length} rows, ${data.inputNames.length} features → ${how}${held}`);
    const validation = validationSplit > 0 ? `, ${Math.round(validationSplit * 100)}% of them held out for validation` : '';
    io.out(`training on ${rows} rows${validation}; ${describeOptimizer(optimizer)}, ${flags.epochs} epochs, seed ${options.seed ?? from?.training?.seed ?? flags.seed}`);
    if (from !== undefined) io.out(`continuing ${flags.from}: ${continuation(from, optimizer)}`);
  }
  const display = human ? progress(io, flags.epochs, Math.round(rows * (1 - validationSplit))) : undefined;
  const training = startTraining(trainSet, options, (info) => display?.epoch(info), from && writeModel(from));
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      training.stop();
      display?.note('stopping after the batch in flight and saving the model (Ctrl-C again to quit without saving)');
    } else {
      process.stderr.write('\nbpnn: interrupted again: quitting without saving\n');
      void training.kill().finally(() => process.exit(EXIT.interrupted));
    }
  };
  process.on('SIGINT', onSigint);
  let trained: { model: Uint8Array; result: FitResult };
  try {
    trained = await training.finished;
  } catch (error) {
    if (error instanceof TrainingError) throw new TrainingError(`${error.message}. Nothing was saved`);
    throw error;
  } finally {
    display?.done();
    process.off('SIGINT', onSigint);
  }
  const { result } = trained;
  if (result.epochs === 0) {
    io.status = EXIT.interrupted;
    io.warn('training was interrupted before the first epoch finished: nothing was saved');
    return;
  }
  const model = readModel(trained.model, { source: 'the trained model' });
  writeFileAtomic(out, modelBytes(model, out));
  const series: Series[] = [{ name: 'training loss', values: result.history.map((h) => h.loss) }];
  if (result.history.some((h) => h.valLoss !== undefined)) series.push({ name: 'validation loss', values: result.history.map((h) => h.valLoss ?? NaN) });
  if (flags.plot !== undefined) writeFileAtomic(flags.plot, lossCurvesSvg(series, { title: `${basename(source)}: ${model.network.layers.join('-')} network, loss per epoch`, yLabel: `loss (${model.network.loss.name})` }));
  const evaluation = testSet === undefined ? undefined : model.evaluate(testSet);
  if (result.stoppedBy === 'aborted') io.status = EXIT.interrupted;

  if (flags.json) {
    io.out(JSON.stringify({ out, plot: flags.plot ?? null, ...trainJson(model, result, rows), test: evaluation === undefined ? null : evaluationJson(evaluation), testOut: flags.testOut ?? null }));
    return;
  }
  if (io.isTTY && result.history.length > 1) {
    io.out('');
    for (const line of lossChart(series, { width: Math.min(60, io.columns - 14), height: 10 })) io.out(line);
    io.out('');
  }
  for (const line of summaryLines(model, result, flags.patience)) io.out(line);
  if (evaluation !== undefined && testSet !== undefined) {
    io.out(`on the ${testSet.targets.length} held-out test rows:`);
    for (const line of evaluationLines(evaluation, model)) io.out(line);
  }
  if (flags.testOut !== undefined) io.out(`the held-out test rows are in ${flags.testOut}`);
  if (flags.plot !== undefined) io.out(`loss curves drawn in ${flags.plot}`);
  io.out(`saved the model to ${out}${flags.out === undefined ? ' (the default name; --out chooses another)' : ''}`);
}

