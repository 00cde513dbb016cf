/**
 * The flags of a training, defined once: `bpnn train`, `bpnn cv` and `bpnn tune` all take them
 * (the data's target and features, the network, the optimiser, validation and stopping, the
 * data's scaling and the run's seed), with core's defaults (defaults.ts) shown in --help.
 * train-options.ts turns the parsed flags into Model.train's options.
 */
import {
  ACTIVATION_NAMES,
  AUTO_RULES,
  BIT_FAIL_DEFAULTS,
  DTYPES,
  EARLY_STOPPING_DEFAULTS,
  FIT_DEFAULTS,
  INIT_NAMES,
  LOSS_NAMES,
  MISSING_NAMES,
  OPTIMIZER_DEFAULTS,
  OPTIMIZER_NAMES,
  SCALING_NAMES,
  SCHEDULE_NAMES,
  TASKS,
  TRAIN_DEFAULTS,
  VALIDATION_SPLIT_WITH_EARLY_STOPPING,
} from '@bpnn/core';
import { Option, type Command } from 'commander';
import { DATA_FORMATS } from '../data/data-files.js';
import { activationFlag, choice, classWeightsFlag, decimalMark, DECIMAL_HELP, delimiter, encoding, ENCODING_HELP, thousandsMark, THOUSANDS_HELP, namedSettings, nameList, number, shares, threads, wholeNumber, wholeNumberList } from '../flags.js';

const batchSize = (value: string): number | 'full' => (value === 'full' ? 'full' : wholeNumber('--batch-size', 1)(value));

/** Adds the training flags to `command` (after its arguments, before its own flags). */
export function addTrainingFlags(command: Command): Command {
  const activations = ACTIVATION_NAMES.filter((name) => name !== 'softmax');
  return command
    .option('-t, --target <columns>', 'CSV: the column(s) to predict, comma-separated, a name with a comma in double quotes (\'"Price, USD"\') (required); one-hot 0/1 columns are a classification', nameList('--target'))
    .option('--features <columns>', 'the input columns, comma-separated (default: every other column)', nameList('--features'))
    .option('--categorical <columns>', 'CSV input columns to read as categories (one 0/1 input per category), comma-separated; a column whose first value is a word always is', nameList('--categorical'))
    .addOption(new Option('--task <task>', 'classification or regression (default: inferred from the target)').argParser(choice('--task', TASKS)))
    .optionsGroup('Network:')
    .addOption(new Option('--hidden <sizes>', `hidden layer sizes, comma-separated, or none (default: ${AUTO_RULES.narrowHidden} below ${AUTO_RULES.wideFromRows} rows, else ${AUTO_RULES.hidden}; see "Defaults" in bpnn train --help)`).argParser(wholeNumberList('--hidden', 1, true)))
    .addOption(new Option('--activation <name>', `hidden activation: relu, tanh, sigmoid, leaky-relu:α, elu, softplus, linear, … (default: ${TRAIN_DEFAULTS.activation})`).argParser(activationFlag('--activation', activations)))
    .addOption(new Option('--output-activation <name>', 'output activation (default: softmax for classification, linear for regression)').argParser(activationFlag('--output-activation', ACTIVATION_NAMES)))
    .addOption(new Option('--loss <name>', 'mse, binary-cross-entropy or categorical-cross-entropy (default: categorical-cross-entropy for classification, mse for regression)').argParser(choice('--loss', LOSS_NAMES)))
    .addOption(new Option('--init <name>', `weight initialisation: ${INIT_NAMES.join(', ')} (default: he for relu-like, glorot otherwise)`).argParser(choice('--init', INIT_NAMES)))
    .addOption(new Option('--dtype <dtype>', 'number type of the weights: float32 or float64 (default: float32)').argParser(choice('--dtype', DTYPES)))
    .optionsGroup('Optimiser:')
    .addOption(new Option('--optimizer <name>', 'adam, sgd (with --momentum, --nesterov), or full batch: rprop, quickprop (FANN\'s) or lbfgs (with a line search)').default(FIT_DEFAULTS.optimizer).argParser(choice('--optimizer', OPTIMIZER_NAMES)))
    .addOption(new Option('--learning-rate <η>', `step size of sgd, adam and quickprop, first trial step of lbfgs (default: adam ${AUTO_RULES.learningRate}·√(batch size / ${AUTO_RULES.learningRateBatch}), at least ${AUTO_RULES.learningRate}; sgd ${OPTIMIZER_DEFAULTS.sgd.learningRate}; quickprop ${OPTIMIZER_DEFAULTS.quickprop.learningRate}; lbfgs ${OPTIMIZER_DEFAULTS.lbfgs.learningRate})`).argParser(number('--learning-rate', 0, Infinity, { min: true })))
    .addOption(new Option('--momentum <μ>', 'sgd momentum, in [0, 1)').argParser(number('--momentum', 0, 1, { max: true })))
    .option('--nesterov', 'sgd: Nesterov momentum')
    .addOption(new Option('--beta1 <β₁>', `adam: decay of the first moment (default: ${OPTIMIZER_DEFAULTS.adam.beta1})`).argParser(number('--beta1', 0, 1, { max: true })))
    .addOption(new Option('--beta2 <β₂>', `adam: decay of the second moment (default: ${OPTIMIZER_DEFAULTS.adam.beta2})`).argParser(number('--beta2', 0, 1, { max: true })))
    .addOption(new Option('--rprop-increase <η⁺>', `rprop: step growth, > 1 (default: ${OPTIMIZER_DEFAULTS.rprop.increase})`).argParser(number('--rprop-increase', 1, Infinity, { min: true })))
    .addOption(new Option('--rprop-decrease <η⁻>', `rprop: step shrink, in (0, 1) (default: ${OPTIMIZER_DEFAULTS.rprop.decrease})`).argParser(number('--rprop-decrease', 0, 1, { min: true, max: true })))
    .addOption(new Option('--rprop-step <Δ₀>', `rprop: first step (default: ${OPTIMIZER_DEFAULTS.rprop.initialStep})`).argParser(number('--rprop-step', 0, Infinity, { min: true })))
    .addOption(new Option('--batch-size <n>', `samples per step: 1 is online, full the whole set (default: rows / ${AUTO_RULES.stepsPerEpoch} within ${AUTO_RULES.minBatchSize}–${AUTO_RULES.maxBatchSize}; full for rprop, quickprop and lbfgs)`).argParser(batchSize))
    .addOption(new Option('--epochs <n>', `passes over the training set at most (default: ${AUTO_RULES.epochs})`).argParser(wholeNumber('--epochs', 1)))
    .addOption(new Option('--l2 <λ>', `L2 weight decay (default: c·√(weights / rows), at most ${AUTO_RULES.maxL2}: c = ${AUTO_RULES.l2PerWeightsPerRow} for regression, ${AUTO_RULES.classificationL2PerWeightsPerRow} for classification)`).argParser(number('--l2', 0)))
    .addOption(new Option('--l1 <λ₁>', `L1 penalty λ₁·Σ|W| on the weights (not the biases) (default: ${FIT_DEFAULTS.l1})`).argParser(number('--l1', 0)))
    .addOption(new Option('--class-weights <w>', `classification: weight each class's samples: balanced (n_samples / (n_classes · count)), or label=weight pairs such as spam=4,ham=1 (default: ${TRAIN_DEFAULTS.classWeights})`).argParser(classWeightsFlag('--class-weights')))
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
    .addOption(new Option('--patience <n>', `early stopping on a validation hold-out: stop after n epochs without improvement and keep the best weights (default: stop once the training loss has not improved by ${AUTO_RULES.minDelta} in ${AUTO_RULES.patience} epochs)`).argParser(wholeNumber('--patience', 1)))
    .option('--no-early-stopping', 'train every epoch: no automatic stop on the training loss')
    .addOption(new Option('--min-delta <d>', `early stopping: the smallest improvement that counts (default: ${EARLY_STOPPING_DEFAULTS.minDelta})`).argParser(number('--min-delta', 0)))
    .addOption(new Option('--target-loss <j>', 'stop once the training loss is at or below this').argParser(number('--target-loss', 0)))
    .addOption(new Option('--bit-fail <n>', "stop once at most n of the training set's outputs are off by --bit-fail-limit or more (FANN's bit fail)").argParser(wholeNumber('--bit-fail', 0)))
    .addOption(new Option('--bit-fail-limit <l>', `with --bit-fail: an output is a fail when |y − a| ≥ l, halved for tanh-like outputs as in FANN (default: ${BIT_FAIL_DEFAULTS.limit})`).argParser(number('--bit-fail-limit', 0, Infinity, { min: true })))
    .optionsGroup('Data and run:')
    .addOption(new Option('--scaling <kind>', 'input scaling: standard, minmax or none').default(TRAIN_DEFAULTS.scaling).argParser(choice('--scaling', SCALING_NAMES)))
    .addOption(new Option('--missing <how>', 'missing input values (empty cells, NA, N/A, NaN, null, None, ?): error, or mean: fill each with its column\'s mean on the training rows, which the model keeps to fill what it predicts (default: error)').argParser(choice('--missing', MISSING_NAMES)))
    .addOption(new Option('--target-scaling <kind>', 'regression target scaling: standard, minmax or none').default(TRAIN_DEFAULTS.targetScaling).argParser(choice('--target-scaling', SCALING_NAMES)))
    .addOption(new Option('--seed <n>', 'seed of the weights, shuffles and splits').default(FIT_DEFAULTS.seed).argParser(wholeNumber('--seed', 0)))
    .addOption(new Option('--threads <n>', 'threads for large float32 kernels: a number or auto').argParser(threads('--threads')))
    .addOption(new Option('--delimiter <c>', 'field separator of the CSV').default(',').argParser(delimiter('--delimiter')))
    .addOption(new Option('--encoding <name>', ENCODING_HELP).default('utf-8').argParser(encoding('--encoding')))
    .addOption(new Option('--decimal <mark>', DECIMAL_HELP).default('.').argParser(decimalMark('--decimal')))
    .addOption(new Option('--thousands <mark>', THOUSANDS_HELP).argParser(thousandsMark('--thousands')))
    .addOption(new Option('--format <format>', 'csv or fann (default: fann for a .data file, else csv)').argParser(choice('--format', DATA_FORMATS)));
}
