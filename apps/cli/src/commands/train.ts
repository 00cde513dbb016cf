/**
 * `bpnn train DATA.csv --target COL`: reads a CSV, trains a network in a worker thread (so that
 * Ctrl-C and the progress bar work while it runs), saves the model by write-to-temp + rename, and
 * reports how training went; `--plot` draws the loss curves as SVG.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import {
  ACTIVATION_NAMES,
  DTYPES,
  INIT_NAMES,
  LOSS_NAMES,
  OPTIMIZER_NAMES,
  inferTask,
  Matrix,
  SCALING_NAMES,
  TASKS,
  TrainingError,
  trainTestSplit,
  type Dataset,
  type DType,
  type FitResult,
  type InitName,
  type LossName,
  type OptimizerSpec,
  type ScalingName,
  type Task,
  type TrainOptions,
} from '@bpnn/core';
import { readCsvDataset, readModel } from '@bpnn/serialize';
import { Command, Option } from 'commander';
import { lossChart, type Series } from '../chart.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { FileError, modelBytes, readInput, sourceName, writeFileAtomic } from '../files.js';
import { activationFlag, choice, nameList, number, threads, wholeNumber, wholeNumberList } from '../flags.js';
import type { Io } from '../io.js';
import { progress } from '../progress.js';
import { evaluationLines, evaluationJson } from '../report.js';
import { lossCurvesSvg } from '../svg-plot.js';
import { startTraining } from '../train-protocol.js';
import { csvField } from './predict.js';

export interface TrainFlags {
  target: string[];
  features?: string[];
  task?: Task;
  hidden: number[];
  activation?: TrainOptions['activation'];
  outputActivation?: TrainOptions['activation'];
  loss?: LossName;
  optimizer: 'adam' | 'sgd' | 'rprop';
  learningRate?: number;
  momentum?: number;
  nesterov?: boolean;
  beta1?: number;
  beta2?: number;
  rpropIncrease?: number;
  rpropDecrease?: number;
  rpropStep?: number;
  batchSize?: number | 'full';
  epochs: number;
  l2: number;
  validationSplit: number;
  patience?: number;
  minDelta?: number;
  targetLoss?: number;
  testSplit: number;
  testOut?: string;
  seed: number;
  dtype: DType;
  scaling: ScalingName;
  targetScaling: ScalingName;
  init?: InitName;
  threads?: number | 'auto';
  out?: string;
  plot?: string;
  delimiter?: string;
  json: boolean;
}

const batchSize = (value: string): number | 'full' => (value === 'full' ? 'full' : wholeNumber('--batch-size', 1)(value));

export function trainCommand(io: Io): Command {
  const activations = ACTIVATION_NAMES.filter((name) => name !== 'softmax');
  return new Command('train')
    .description('Train a network on a CSV file and save it as a model file.')
    .argument('<data.csv>', 'training data: a header row of column names, one sample per row (- reads stdin)')
    .requiredOption('-t, --target <columns>', 'the column(s) to predict, comma-separated', nameList('--target'))
    .option('--features <columns>', 'the input columns, comma-separated (default: every other column)', nameList('--features'))
    .addOption(new Option('--task <task>', 'classification or regression (default: inferred from the target)').argParser(choice('--task', TASKS)))
    .optionsGroup('Network:')
    .addOption(new Option('--hidden <sizes>', 'hidden layer sizes, comma-separated, or none').default([64], '64').argParser(wholeNumberList('--hidden', 1, true)))
    .addOption(new Option('--activation <name>', 'hidden activation (leaky-relu:0.1 sets alpha)').default(undefined, 'relu').argParser(activationFlag('--activation', activations)))
    .addOption(new Option('--output-activation <name>', 'output activation').default(undefined, 'softmax for classification, linear for regression').argParser(activationFlag('--output-activation', ACTIVATION_NAMES)))
    .addOption(new Option('--loss <name>', 'cost function').default(undefined, 'categorical-cross-entropy / mse').argParser(choice('--loss', LOSS_NAMES)))
    .addOption(new Option('--init <name>', 'weight initialisation').default(undefined, 'he for relu-like, glorot otherwise').argParser(choice('--init', INIT_NAMES)))
    .addOption(new Option('--dtype <dtype>', 'number type of the weights').default('float64').argParser(choice('--dtype', DTYPES)))
    .optionsGroup('Optimiser:')
    .addOption(new Option('--optimizer <name>', 'adam, sgd (with --momentum, --nesterov) or rprop (full batch)').default('adam').argParser(choice('--optimizer', OPTIMIZER_NAMES)))
    .addOption(new Option('--learning-rate <η>', 'step size of sgd and adam').default(undefined, '0.001 adam, 0.01 sgd').argParser(number('--learning-rate', 0, Infinity, { min: true })))
    .addOption(new Option('--momentum <μ>', 'sgd momentum, in [0, 1)').argParser(number('--momentum', 0, 1, { max: true })))
    .option('--nesterov', 'sgd: Nesterov momentum')
    .addOption(new Option('--beta1 <β₁>', 'adam: decay of the first moment').default(undefined, '0.9').argParser(number('--beta1', 0, 1, { max: true })))
    .addOption(new Option('--beta2 <β₂>', 'adam: decay of the second moment').default(undefined, '0.999').argParser(number('--beta2', 0, 1, { max: true })))
    .addOption(new Option('--rprop-increase <η⁺>', 'rprop: step growth, > 1').default(undefined, '1.2').argParser(number('--rprop-increase', 1, Infinity, { min: true })))
    .addOption(new Option('--rprop-decrease <η⁻>', 'rprop: step shrink, in (0, 1)').default(undefined, '0.5').argParser(number('--rprop-decrease', 0, 1, { min: true, max: true })))
    .addOption(new Option('--rprop-step <Δ₀>', 'rprop: first step').default(undefined, '0.1').argParser(number('--rprop-step', 0, Infinity, { min: true })))
    .addOption(new Option('--batch-size <n>', 'samples per step: 1 is online, full the whole set').default(undefined, 'min(32, rows); full for rprop').argParser(batchSize))
    .addOption(new Option('--epochs <n>', 'passes over the training set').default(200).argParser(wholeNumber('--epochs', 1)))
    .addOption(new Option('--l2 <λ>', 'L2 weight decay').default(0).argParser(number('--l2', 0)))
    .optionsGroup('Validation and stopping:')
    .addOption(new Option('--validation-split <f>', 'share of the training rows held out to score each epoch (0: none)').default(0.2).argParser(number('--validation-split', 0, 1, { max: true })))
    .addOption(new Option('--patience <n>', 'early stopping: stop after n epochs without improvement and keep the best weights').argParser(wholeNumber('--patience', 1)))
    .addOption(new Option('--min-delta <d>', 'early stopping: the smallest improvement that counts').argParser(number('--min-delta', 0)))
    .addOption(new Option('--target-loss <j>', 'stop once the training loss is at or below this').argParser(number('--target-loss', 0)))
    .addOption(new Option('--test-split <f>', 'share of the rows held out before training and scored at the end (0: none)').default(0).argParser(number('--test-split', 0, 1, { max: true })))
    .option('--test-out <file.csv>', 'write the held-out test rows to this CSV, for bpnn evaluate and predict later')
    .optionsGroup('Data and run:')
    .addOption(new Option('--scaling <kind>', 'input scaling').default('standard').argParser(choice('--scaling', SCALING_NAMES)))
    .addOption(new Option('--target-scaling <kind>', 'regression target scaling').default('standard').argParser(choice('--target-scaling', SCALING_NAMES)))
    .addOption(new Option('--seed <n>', 'seed of the weights, shuffles and splits').default(42).argParser(wholeNumber('--seed', 0)))
    .addOption(new Option('--threads <n>', 'threads for large float32 kernels: a number or auto').argParser(threads('--threads')))
    .option('--delimiter <c>', 'field separator of the CSV', ',')
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

On a terminal a progress bar is redrawn in place and the loss curves are drawn at the end.
Ctrl-C stops training after the batch in flight and saves the model: with --patience, the best
epoch's weights; without it, the weights of the last complete epoch. The exit code is then 130.`,
    )
    .action(async (file: string, flags: TrainFlags) => train(file, flags, io));
}

/** The optimiser spec the flags ask for; flags of another optimiser are a usage error. */
export function optimizerSpec(flags: TrainFlags): OptimizerSpec {
  const given = (names: [string, unknown][]) => names.filter(([, v]) => v !== undefined).map(([n]) => n);
  const sgdFlags = given([['--momentum', flags.momentum], ['--nesterov', flags.nesterov]]);
  const adamFlags = given([['--beta1', flags.beta1], ['--beta2', flags.beta2]]);
  const rpropFlags = given([['--rprop-increase', flags.rpropIncrease], ['--rprop-decrease', flags.rpropDecrease], ['--rprop-step', flags.rpropStep]]);
  const foreign = { sgd: [...adamFlags, ...rpropFlags], adam: [...sgdFlags, ...rpropFlags], rprop: [...sgdFlags, ...adamFlags] }[flags.optimizer];
  if (foreign.length > 0) throw new UsageError(`${foreign[0]} does not apply to --optimizer ${flags.optimizer}`);
  if (flags.optimizer === 'rprop') {
    if (flags.learningRate !== undefined) throw new UsageError('--learning-rate does not apply to --optimizer rprop (it adapts a step per weight; see --rprop-step)');
    if (flags.batchSize !== undefined && flags.batchSize !== 'full') throw new UsageError(`--batch-size must be full for --optimizer rprop, which steps on the sign of the whole set's gradient; got ${flags.batchSize}`);
    return { name: 'rprop', increase: flags.rpropIncrease, decrease: flags.rpropDecrease, initialStep: flags.rpropStep };
  }
  if (flags.optimizer === 'sgd') {
    if (flags.nesterov && !flags.momentum) throw new UsageError('--nesterov needs --momentum > 0');
    return { name: 'sgd', learningRate: flags.learningRate, momentum: flags.momentum, nesterov: flags.nesterov };
  }
  return { name: 'adam', learningRate: flags.learningRate, beta1: flags.beta1, beta2: flags.beta2 };
}

/** Where the model goes when --out is not given: the data file's name with .bpnn, here. */
export function defaultOut(file: string): string {
  return file === '-' ? 'model.bpnn' : `${basename(file, extname(file))}.bpnn`;
}

function checkWritable(path: string, flag: string): void {
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new FileError(`cannot write ${path} (${flag}): the folder ${dir} does not exist`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new FileError(`cannot write ${path} (${flag}): it is a directory`);
}

async function train(file: string, flags: TrainFlags, io: Io): Promise<void> {
  const optimizer = optimizerSpec(flags);
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
  const data = await readCsvDataset(readInput(file), { target: flags.target, features: flags.features, source, delimiter: flags.delimiter });
  let trainSet: Dataset = data;
  let testSet: Dataset | undefined;
  if (flags.testSplit > 0) ({ train: trainSet, test: testSet } = trainTestSplit(data, { testFraction: flags.testSplit, seed: flags.seed }));
  if (testSet !== undefined && flags.testOut !== undefined) writeFileAtomic(flags.testOut, datasetCsv(testSet));

  const task = flags.task ?? inferTask(trainSet.targets);
  const options: Omit<TrainOptions, 'onEpoch' | 'signal' | 'validation'> = {
    task,
    hidden: flags.hidden,
    activation: flags.activation,
    outputActivation: flags.outputActivation,
    loss: flags.loss,
    scaling: flags.scaling,
    targetScaling: task === 'regression' ? flags.targetScaling : undefined,
    dtype: flags.dtype,
    init: flags.init,
    seed: flags.seed,
    epochs: flags.epochs,
    batchSize: flags.batchSize === 'full' ? trainRows(trainSet, flags) : flags.batchSize,
    optimizer,
    l2: flags.l2,
    validationSplit: flags.validationSplit > 0 ? flags.validationSplit : undefined,
    earlyStopping: flags.patience === undefined ? undefined : { patience: flags.patience, minDelta: flags.minDelta },
    targetLoss: flags.targetLoss,
    threads: flags.threads,
  };
  for (const key of Object.keys(options) as (keyof typeof options)[]) if (options[key] === undefined) delete options[key];

  const rows = trainSet.targets.length;
  const human = !flags.json;
  if (human) {
    const held = testSet === undefined ? '' : `, ${testSet.targets.length} held out for testing`;
    const how = flags.task === undefined ? `${task}, inferred from its values; --task says otherwise` : task;
    io.out(`bpnn train: ${source}, ${data.targets.length} rows, ${data.inputNames.length} features → ${flags.target.join(', ')} (${how})${held}`);
    const validation = flags.validationSplit > 0 ? `, ${Math.round(flags.validationSplit * 100)}% of them held out for validation` : '';
    io.out(`training on ${rows} rows${validation}; ${describeOptimizer(optimizer)}, ${flags.epochs} epochs, seed ${flags.seed}`);
  }
  const display = human ? progress(io, flags.epochs, Math.round(rows * (1 - flags.validationSplit))) : undefined;
  const training = startTraining(trainSet, options, (info) => display?.epoch(info));
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
    io.out(
      JSON.stringify({
        out,
        plot: flags.plot ?? null,
        task: model.task,
        layers: model.network.layers,
        activations: model.network.config().activations,
        loss: model.network.loss.name,
        dtype: model.network.dtype,
        parameters: model.network.parameterCount,
        labels: model.labels ?? null,
        rows,
        epochs: result.epochs,
        stoppedBy: result.stoppedBy,
        bestEpoch: result.bestEpoch,
        finalLoss: result.loss,
        finalValLoss: result.valLoss ?? null,
        seconds: result.seconds,
        history: result.history.map((h) => ({ epoch: h.epoch, loss: h.loss, valLoss: h.valLoss ?? null, valAccuracy: h.valAccuracy ?? null })),
        test: evaluation === undefined ? null : evaluationJson(evaluation),
        testOut: flags.testOut ?? null,
      }),
    );
    return;
  }
  if (io.isTTY && result.history.length > 1) {
    io.out('');
    for (const line of lossChart(series, { width: Math.min(60, io.columns - 14), height: 10 })) io.out(line);
    io.out('');
  }
  const net = model.network;
  io.out(`network ${net.layers.join('-')} (${net.activations.map((a) => a.name).join(', ')}; ${net.loss.name}), ${net.parameterCount} parameters, ${net.dtype}, ${model.task}${model.labels ? ` of ${model.labels.length} classes` : ''}`);
  io.out(stopLine(result, flags.patience));
  const chosen = result.history[result.bestEpoch - 1];
  const scores = [`loss ${result.loss.toFixed(4)}`];
  if (chosen?.valLoss !== undefined) scores.push(`val loss ${chosen.valLoss.toFixed(4)}`);
  if (chosen?.valAccuracy !== undefined) scores.push(`val accuracy ${chosen.valAccuracy.toFixed(4)}`);
  io.out(`the model's epoch ${result.bestEpoch}: ${scores.join(', ')} (${result.epochs} epochs in ${result.seconds.toFixed(2)} s)`);
  if (evaluation !== undefined && testSet !== undefined) {
    io.out(`on the ${testSet.targets.length} held-out test rows:`);
    for (const line of evaluationLines(evaluation, model)) io.out(line);
  }
  if (flags.testOut !== undefined) io.out(`the held-out test rows are in ${flags.testOut}`);
  if (flags.plot !== undefined) io.out(`loss curves drawn in ${flags.plot}`);
  io.out(`saved the model to ${out}${flags.out === undefined ? ' (the default name; --out chooses another)' : ''}`);
}

/** A data set as CSV: the input columns, then the targets; numbers as the shortest exact text. */
export function datasetCsv(data: Dataset): string {
  const x = Matrix.from(data.inputs, 'inputs');
  const lines = [[...data.inputNames, ...data.targetNames].map(csvField).join(',')];
  for (let r = 0; r < x.rows; r++) lines.push([...Array.from(x.row(r), String), ...data.targets[r].map((t) => csvField(String(t)))].join(','));
  return `${lines.join('\n')}\n`;
}

function trainRows(data: Dataset, flags: TrainFlags): number | undefined {
  // --batch-size full: the training rows left after the validation split. fit sizes a full batch
  // itself for rprop; for the others, a batch larger than the set is the whole set.
  return flags.optimizer === 'rprop' ? undefined : data.targets.length;
}

function describeOptimizer(spec: OptimizerSpec): string {
  if (typeof spec === 'string') return spec;
  const parts = Object.entries(spec)
    .filter(([k, v]) => k !== 'name' && v !== undefined)
    .map(([k, v]) => `${k} ${v}`);
  return parts.length > 0 ? `${spec.name} (${parts.join(', ')})` : spec.name;
}

export function stopLine(result: FitResult, patience: number | undefined): string {
  const early = patience !== undefined;
  const best = result.history[result.bestEpoch - 1];
  const bestLoss = best === undefined ? '' : `${best.valLoss !== undefined ? 'val loss' : 'loss'} ${(best.valLoss ?? best.loss).toFixed(4)}`;
  switch (result.stoppedBy) {
    case 'early-stopping':
      return `stopped early at epoch ${result.epochs}: no improvement in ${patience} epochs; restored the best weights, from epoch ${result.bestEpoch} (${bestLoss})`;
    case 'target-loss':
      return `stopped at epoch ${result.epochs}: the training loss reached --target-loss`;
    case 'aborted':
      return early
        ? `interrupted (Ctrl-C) after ${result.epochs} complete epochs; with early stopping, restored the best weights, from epoch ${result.bestEpoch} (${bestLoss})`
        : `interrupted (Ctrl-C) after ${result.epochs} complete epochs; kept the weights at the stop: those of epoch ${result.bestEpoch}, the last complete one (no early stopping, so no best epoch was kept)`;
    default:
      return early
        ? `ran all ${result.epochs} epochs; restored the best weights, from epoch ${result.bestEpoch} (${bestLoss})`
        : `ran all ${result.epochs} epochs; the model holds the last epoch's weights`;
  }
}
