/**
 * `bpnn train DATA.csv --target COL` (or `bpnn train DATA.data`): reads a CSV or FANN file
 * (data-files.ts), trains a network in a worker thread (so that Ctrl-C and the progress bar work
 * while it runs), saves the model by write-to-temp + rename, and reports how training went;
 * `--plot` draws the loss curves as SVG.
 */
import { basename, extname } from 'node:path';
import {
  AUTO_RULES,
  DataError,
  defaultValidationSplit,
  TrainingError,
  trainTestSplit,
  type Dataset,
  type MatrixDataset,
  type Task,
  type Model,
  type OptimizerSpec,
  Matrix,
} from '@bpnn/core';
import { readModel, writeModel } from '@bpnn/serialize';
import { Command, Option } from 'commander';
import { lossChart, type Series } from '../output/chart.js';
import { datasetCsv } from '../data/csv-out.js';
import { readTrainingData, readTrainingSet } from '../data/data-files.js';
import { streamTrainingData, type StreamedData } from '../data/stream-data.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { CACHE_KEY, cachePath } from '../data/data-cache.js';
import { isJsonPath, loadModel, modelBytes, sourceName, writeFileAtomic } from '../files.js';
import { checkOutputs } from '../output-paths.js';
import { number } from '../flags.js';
import type { Io } from '../io.js';
import { progress } from '../output/progress.js';
import { evaluationJson, evaluationLines } from '../output/report.js';
import { lossCurvesSvg } from '../output/svg-plot.js';
import { startTraining, type TrainedResult } from '../training/train-protocol.js';
import { checkTrainingFlags, defaultOut, holdOutError, describeOptimizer, optimizerSpec, trainOptions, type TrainFlags } from '../training/train-options.js';
import { addTrainingFlags } from '../training/training-flags.js';
import { featuresOf, missingSummary, summaryLines, trainJson } from '../training/train-report.js';

export function trainCommand(io: Io): Command {
  return addTrainingFlags(new Command('train')
    .description('Train a network on a CSV or FANN .data file and save it as a model file.')
    .argument('<data>', 'training data: CSV with a header row of column names, one sample per row, or FANN .data (- reads stdin)'))
    .optionsGroup('Testing:')
    .addOption(new Option('--test-split <f>', 'share of the rows held out before training and scored at the end (0: none)').default(0).argParser(number('--test-split', 0, 1, { max: true })))
    .option('--test-out <file.csv>', 'write the held-out test rows to this CSV, for bpnn evaluate and predict later')
    .option('--stream', 'train from a cache file beside the CSV (DATA.csv.bpnn-cache, made once), read a block at a time: for data larger than memory; adam or sgd, no validation or test split')
    .optionsGroup('Continuing:')
    .option('--from <model>', 'continue training this model (.bpnn or .json): its architecture, scaling and labels, and its optimiser state when it has a checkpoint for the same --optimizer')
    .optionsGroup('Output:')
    .option('-o, --out <file>', 'where to save the model: .bpnn, or .json for the JSON form (default: DATA name with .bpnn)')
    .option('--no-checkpoint', 'save the weights only, without the optimiser and generator state that --from needs to continue bit for bit (the state of adam is twice the size of the weights)')
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
Defaults: options left out are chosen from the data's size, width and task by core's rules
(auto-defaults.ts): one hidden layer (${AUTO_RULES.narrowHidden} neurons below ${AUTO_RULES.wideFromRows} rows, else ${AUTO_RULES.hidden}), float32, a batch of about a tenth of the rows
(${AUTO_RULES.minBatchSize}–${AUTO_RULES.maxBatchSize}), Adam's step by the batch size, L2 by the weights per row, up to ${AUTO_RULES.epochs} epochs, stopping
when the training loss stops improving; bpnn inspect shows what was chosen.

Ctrl-C stops training after the batch in flight and saves the model: the best epoch's weights (by
the validation loss with --patience, else by the training loss). The exit code is then 130.`,
    )
    .action(async (file: string, flags: TrainFlags, command: Command) => train(file, flags, io, (name) => command.getOptionValueSource(name) === 'cli'));
}

/** The rows of a data set: its targets' rows, as a list or as a matrix. */
function rowsOf(data: Dataset | MatrixDataset): number {
  return data.targets instanceof Matrix ? data.targets.rows : data.targets.length;
}

/** The flags --stream does not go with: what needs every row in memory or the full gradient. */
function checkStreamFlags(flags: TrainFlags): void {
  const holdOut = 'hold out a separate file and run bpnn evaluate on it';
  const stepwise = 'use adam or sgd, which step on a batch at a time';
  const refused: [boolean, string, string][] = [
    [flags.testSplit > 0, '--test-split', holdOut],
    [flags.validationSplit !== undefined && flags.validationSplit > 0, '--validation-split', holdOut],
    [flags.patience !== undefined, '--patience', holdOut],
    [flags.optimizer === 'rprop' || flags.optimizer === 'quickprop' || flags.optimizer === 'lbfgs', `--optimizer ${flags.optimizer}`, stepwise],
    [flags.batchSize === 'full', '--batch-size full', stepwise],
    [flags.from !== undefined, '--from', 'continue a model without --stream'],
  ];
  const found = refused.filter(([given]) => given);
  if (found.length > 0) {
    const flagsFound = found.map(([, flag]) => flag).join(', ');
    const waysOut = [...new Set(found.map(([, , wayOut]) => wayOut))].join('; ');
    throw new UsageError(`--stream trains a block at a time from the cache file and does not take ${flagsFound}; ${waysOut}`);
  }
}

/**
 * What --from continued: the weights, and the optimiser state when the model had it for this
 * optimiser and these training rows (`trained`: the training record of the model made).
 */
function continuation(from: Model, optimizer: OptimizerSpec, trained: Model): string {
  const name = typeof optimizer === 'string' ? optimizer : optimizer.name;
  const { checkpoint } = from;
  if (checkpoint === undefined) return 'its weights (the file has no checkpoint, so the optimiser started afresh)';
  if (checkpoint.optimizer.name !== name) return `its weights (its checkpoint is of ${checkpoint.optimizer.name}, so ${name} started afresh)`;
  if (trained.training?.continued?.optimizerState !== true) {
    return `its weights (its checkpoint was made on other training rows (${checkpoint.order.length}; these are ${trained.training?.rows}), so ${name} started afresh)`;
  }
  return `its weights and ${name} state after ${checkpoint.epochs} epochs, exactly as if training had not stopped`;
}

/** The flags a model to continue (--from) decides itself. */
const SHAPING_FLAGS = ['task', 'hidden', 'activation', 'outputActivation', 'loss', 'init', 'dtype', 'scaling', 'targetScaling', 'categorical', 'missing'] as const;

async function train(file: string, flags: TrainFlags, io: Io, given: (flag: string) => boolean = () => false): Promise<void> {
  const optimizer = optimizerSpec(flags);
  const shaping = SHAPING_FLAGS.find(given);
  if (flags.from !== undefined && shaping !== undefined) {
    throw new UsageError(`--${shaping.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} cannot be given with --from: the model to continue decides its architecture, scaling, columns and task`);
  }
  checkTrainingFlags(flags);
  if (flags.plot !== undefined && extname(flags.plot).toLowerCase() !== '.svg') throw new UsageError(`--plot writes SVG: the file name must end in .svg, got ${JSON.stringify(flags.plot)}`);
  if (flags.testOut !== undefined && flags.testSplit === 0) throw new UsageError('--test-out needs --test-split (the share of rows to hold out)');
  const out = flags.out ?? defaultOut(file);
  checkOutputs(
    [{ name: '<data>', path: file }, flags.from === undefined ? undefined : { name: '--from', path: flags.from }],
    [
      { name: flags.out === undefined ? '--out (its default)' : '--out', path: out, model: true },
      flags.plot === undefined ? undefined : { name: '--plot', path: flags.plot },
      flags.testOut === undefined ? undefined : { name: '--test-out', path: flags.testOut },
      flags.stream === true && file !== '-' ? { name: "--stream's cache", path: cachePath(file), checkedWhenMade: true } : undefined,
    ],
  );
  const from = flags.from === undefined ? undefined : loadModel(flags.from).model;

  const source = sourceName(file);
  const human = !flags.json;
  // A model continued reads the file as it reads what it predicts: its columns of categories, its gaps.
  const continued = from === undefined ? {} : { categories: [...from.categorical], takeMissing: from.fill !== undefined };
  let input: Dataset | MatrixDataset | { stream: StreamedData };
  let testSet: Dataset | undefined;
  let described: { task: Task; how: string; rows: number; features: number | string };
  if (flags.stream === true) {
    checkStreamFlags(flags);
    const streamed = await streamTrainingData(file, source, flags);
    input = { stream: streamed.data };
    const { footer } = streamed.data;
    described = { task: streamed.task, how: streamed.how, rows: footer.rows, features: featuresOf(footer) };
    if (human) io.out(`${streamed.made ? 'made the cache' : 'reading the cache'} ${streamed.data.path} (${streamed.made ? `reused while ${CACHE_KEY} stay as they are now` : `${CACHE_KEY} are those it was made from`})`);
  } else {
    // Inputs in the network's dtype; a test split needs the rows of a Dataset.
    if (flags.testSplit > 0) {
      const { data, task, how } = await readTrainingData(file, { ...flags, ...continued });
      try {
        ({ train: input, test: testSet } = trainTestSplit(data, { testFraction: flags.testSplit, seed: flags.seed }));
      } catch (error) {
        // core refuses a split that leaves a side empty, saying so of its testFraction: the flag's words here
        if (error instanceof DataError && error.message.startsWith('testFraction ')) throw new UsageError(`--test-split${error.message.slice('testFraction'.length)}`);
        throw error;
      }
      if (flags.testOut !== undefined) writeFileAtomic(flags.testOut, datasetCsv(testSet));
      described = { task, how, rows: data.targets.length, features: featuresOf(data) };
    } else {
      const { data, task, how } = await readTrainingSet(file, { ...flags, ...continued });
      input = data;
      described = { task, how, rows: rowsOf(data), features: featuresOf(data) };
    }
  }
  const { task, how } = described;
  const rows = 'stream' in input ? described.rows : rowsOf(input);
  const gaps = flags.missing === 'mean' && !('stream' in input) ? missingSummary(input) : undefined; // in the rows that train

  const options = trainOptions(flags, task, optimizer, rows, from === undefined ? undefined : { seedGiven: given('seed') });
  const epochs = flags.epochs ?? AUTO_RULES.epochs;
  // Without --patience, core stops on the training loss (auto-defaults.ts), unless it was asked for all epochs.
  const patience = flags.earlyStopping === false ? undefined : (flags.patience ?? AUTO_RULES.patience);

  // The share held out for validation: --validation-split, else core's rule (none without --patience).
  const validationSplit = flags.validationSplit ?? defaultValidationSplit(options.earlyStopping);
  if (human) {
    const held = testSet === undefined ? '' : `, ${testSet.targets.length} held out for testing`;
    io.out(`bpnn train: ${source}, ${described.rows} rows, ${typeof described.features === 'number' ? `${described.features} features` : described.features} → ${how}${held}`);
    if (gaps !== undefined) io.out(`missing values: ${gaps} (each filled with its column's mean on the training rows)`);
    const validation = validationSplit > 0 ? `, ${Math.round(validationSplit * 100)}% of them held out for validation` : '';
    io.out(`training on ${rows} rows${validation}; ${describeOptimizer(optimizer)}, up to ${epochs} epochs, seed ${options.seed ?? from?.training?.seed ?? flags.seed}`);
    if (from !== undefined) io.out(`continuing ${flags.from}`);
  }
  const display = human ? progress(io, epochs, Math.round(rows * (1 - validationSplit))) : undefined;
  // The data set is read for this training only, so it moves to the training thread.
  const training = startTraining(input, options, (info) => display?.epoch(info), from && writeModel(from), true);
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
  let trained: { model: Uint8Array; result: TrainedResult };
  try {
    trained = await training.finished;
  } catch (error) {
    if (error instanceof TrainingError) throw new TrainingError(`${error.message}. Nothing was saved`);
    throw holdOutError(error, flags);
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
  if (!flags.checkpoint) model.checkpoint = undefined;
  // A .bpnn file with its checkpoint is the bytes the training thread wrote (and readModel checked).
  writeFileAtomic(out, flags.checkpoint && !isJsonPath(out) ? trained.model : modelBytes(model, out));
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
  if (from !== undefined) io.out(`continued ${flags.from}: ${continuation(from, optimizer, model)}`);
  for (const line of summaryLines(model, result, patience)) io.out(line);
  if (evaluation !== undefined && testSet !== undefined) {
    io.out(`on the ${testSet.targets.length} held-out test rows:`);
    for (const line of evaluationLines(evaluation, model)) io.out(line);
  }
  if (flags.testOut !== undefined) io.out(`the held-out test rows are in ${flags.testOut}`);
  if (flags.plot !== undefined) io.out(`loss curves drawn in ${flags.plot}`);
  io.out(`saved the model to ${out}${flags.out === undefined ? ' (the default name; --out chooses another)' : ''}`);
}

