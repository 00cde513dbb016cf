/**
 * `bpnn gradcheck`: back-propagation's gradient against central finite differences (core's
 * gradientCheck), tensor by tensor, for a model on rows of its data, or for a fresh network on
 * random data. Exits 1 when any tensor's relative error is above the tolerance.
 */
import {
  ACTIVATION_NAMES,
  BpnnError,
  ConfigError,
  gradientCheck,
  LOSS_NAMES,
  Matrix,
  Network,
  Random,
  selectRows,
  type ActivationSpec,
  type GradientCheckResult,
  type LossName,
} from '@bpnn/core';
import { Command, Option } from 'commander';
import { checkArgumentOrder } from '../argument-order.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { loadModel, sourceName } from '../files.js';
import { activationFlag, choice, decimalMark, DECIMAL_HELP, delimiter, encoding, ENCODING_HELP, number, thousandsMark, THOUSANDS_HELP, wholeNumber, wholeNumberList } from '../flags.js';
import type { Io } from '../io.js';
import { table } from '../output/table.js';
import { DATA_FORMATS, readLabelled, type DataFormat } from '../data/data-files.js';

interface GradcheckFlags {
  layers?: number[];
  activation?: ActivationSpec;
  outputActivation?: ActivationSpec;
  loss?: LossName;
  samples: number;
  rows: number;
  seed: number;
  epsilon: number;
  tolerance: number;
  l2: number;
  maxPerTensor?: number;
  json: boolean;
  format?: DataFormat;
  delimiter?: string;
  encoding?: string;
  decimal?: '.' | ',';
  thousands?: '.';
}

export function gradcheckCommand(io: Io): Command {
  return new Command('gradcheck')
    .description('Check back-propagation against finite differences, on a model and its data or on a fresh network.')
    .argument('[model]', 'a model file (.bpnn or .json); leave out to check a fresh network (--layers)')
    .argument('[data.csv]', "labelled rows with the model's columns, or FANN .data")
    .addOption(new Option('--layers <sizes>', 'a fresh network: layer sizes, inputs first').argParser(wholeNumberList('--layers', 1)))
    .addOption(new Option('--activation <name>', 'fresh network: hidden activation (default: sigmoid)').argParser(activationFlag('--activation', ACTIVATION_NAMES.filter((n) => n !== 'softmax'))))
    .addOption(new Option('--output-activation <name>', 'fresh network: output activation (default: the one the loss goes with)').argParser(activationFlag('--output-activation', ACTIVATION_NAMES)))
    .addOption(new Option('--loss <name>', 'fresh network: mse, binary-cross-entropy or categorical-cross-entropy (default: mse)').argParser(choice('--loss', LOSS_NAMES)))
    .addOption(new Option('--samples <n>', 'fresh network: random samples').default(8).argParser(wholeNumber('--samples', 1)))
    .addOption(new Option('--rows <n>', 'model: the first n data rows').default(16).argParser(wholeNumber('--rows', 1)))
    .addOption(new Option('--seed <n>', 'seed of the weights and random data, and of the entries drawn').default(1).argParser(wholeNumber('--seed', 0)))
    .addOption(new Option('--epsilon <h>', 'finite-difference step').default(1e-5, '1e-5').argParser(number('--epsilon', 0, 1, { min: true })))
    .addOption(new Option('--tolerance <t>', 'largest relative error that passes').default(1e-6, '1e-6').argParser(number('--tolerance', 0)))
    .addOption(new Option('--l2 <λ>', 'include L2 weight decay in J').default(0).argParser(number('--l2', 0)))
    .addOption(new Option('--max-per-tensor <n>', 'check at most n entries per tensor, drawn at random').argParser(wholeNumber('--max-per-tensor', 1)))
    .option('--json', 'print one JSON object instead of text', false)
    .addOption(new Option('--format <format>', 'model data: csv or fann (default: fann for a .data file, else csv)').argParser(choice('--format', DATA_FORMATS)))
    .addOption(new Option('--delimiter <c>', 'model data: field separator of the CSV').default(',').argParser(delimiter('--delimiter')))
    .addOption(new Option('--encoding <name>', ENCODING_HELP).default('utf-8').argParser(encoding('--encoding')))
    .addOption(new Option('--decimal <mark>', DECIMAL_HELP).default('.').argParser(decimalMark('--decimal')))
    .addOption(new Option('--thousands <mark>', THOUSANDS_HELP).argParser(thousandsMark('--thousands')))
    .addHelpText(
      'after',
      `
The relative error of a tensor is ‖analytic − numeric‖ / (‖analytic‖ + ‖numeric‖), in float64; a
correct back-propagation gives about 1e-9 or less. A kink (relu at 0) can make one entry differ.

Examples:
  $ bpnn gradcheck --layers 4,8,3 --activation tanh --loss categorical-cross-entropy
  $ bpnn gradcheck iris.bpnn data/iris.csv --rows 8`,
    )
    .action(async (modelFile: string | undefined, file: string | undefined, flags: GradcheckFlags, command: Command) =>
      gradcheck(modelFile, file, flags, io, (name) => command.getOptionValueSource(name) === 'cli'),
    );
}

/** Random data a fresh network can be checked on: normal inputs, targets its loss accepts. */
export function randomData(network: Network, samples: number, random: Random): { inputs: Matrix; targets: Matrix } {
  const inputs = Matrix.zeros(samples, network.inputSize);
  for (let k = 0; k < inputs.data.length; k++) inputs.data[k] = random.normal();
  const m = network.outputSize;
  const targets = Matrix.zeros(samples, m);
  for (let r = 0; r < samples; r++) {
    if (network.loss.name === 'categorical-cross-entropy') targets.data[r * m + random.int(m)] = 1;
    else for (let j = 0; j < m; j++) targets.data[r * m + j] = random.uniform(0.05, 0.95);
  }
  return { inputs, targets };
}

/** 1e-6 rather than 0.000001. */
const short = (v: number) => (v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential() : String(v));

/** `outputActivation` as its flag, `--output-activation`. */
const flagOf = (name: string) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

async function gradcheck(modelFile: string | undefined, file: string | undefined, flags: GradcheckFlags, io: Io, given: (flag: string) => boolean): Promise<void> {
  // The flags of one kind of check only: a flag of the other kind would be ignored, so it is refused.
  const fresh = ['activation', 'outputActivation', 'loss', 'samples'];
  const modelData = ['rows', 'format', 'delimiter', 'encoding', 'decimal', 'thousands'];
  let network: Network;
  let inputs: Matrix;
  let targets: Matrix;
  let what: string;
  if (modelFile !== undefined) {
    if (flags.layers !== undefined) throw new UsageError('give a model and data, or --layers for a fresh network, not both');
    const stray = fresh.find(given);
    if (stray !== undefined) throw new UsageError(`${flagOf(stray)} applies to a fresh network (--layers), not to a model`);
    if (file === undefined) throw new UsageError(`a model needs data to be checked on: bpnn gradcheck ${modelFile} DATA.csv`);
    checkArgumentOrder('gradcheck', modelFile, file);
    const { model } = loadModel(modelFile);
    const data = await readLabelled(model, file, { format: flags.format, delimiter: flags.delimiter, encoding: flags.encoding, decimal: flags.decimal, thousands: flags.thousands });
    const count = Math.min(flags.rows, data.targets.length);
    const encoded = model.encode(selectRows(data, Array.from({ length: count }, (_, r) => r)));
    network = model.network;
    ({ inputs, targets } = encoded);
    what = `${sourceName(modelFile)} on the first ${count} rows of ${sourceName(file)}`;
  } else {
    if (flags.layers === undefined) throw new UsageError('give a model and data (bpnn gradcheck MODEL DATA.csv) or a fresh network (--layers 4,8,3)');
    if (flags.layers.length < 2) throw new UsageError(`--layers needs at least an input and an output size, got ${flags.layers.join(',')}`);
    const stray = modelData.find(given);
    if (stray !== undefined) throw new UsageError(`${flagOf(stray)} applies to a model's data (bpnn gradcheck MODEL DATA.csv), not to a fresh network, which is checked on --samples random samples`);
    network = new Network({ layers: flags.layers, activation: flags.activation, outputActivation: flags.outputActivation, loss: flags.loss, dtype: 'float64', seed: flags.seed });
    ({ inputs, targets } = randomData(network, flags.samples, new Random(flags.seed + 1)));
    what = `a fresh network on ${flags.samples} random samples (seed ${flags.seed})`;
  }
  let result: GradientCheckResult;
  try {
    result = gradientCheck(network, inputs, targets, { epsilon: flags.epsilon, l2: flags.l2, maxPerTensor: flags.maxPerTensor, seed: flags.seed });
  } catch (error) {
    // A model whose activations cannot be back-propagated (threshold) is a property of the model.
    if (modelFile !== undefined && error instanceof ConfigError) throw new BpnnError(`${sourceName(modelFile)}: ${error.message}`);
    throw error;
  }
  const failed = result.tensors.filter((t) => !(t.relativeError <= flags.tolerance));
  if (failed.length > 0) io.status = EXIT.bad;
  const net = network;
  const architecture = `${net.layers.join('-')} (${net.activations.map((a) => a.name).join(', ')}; ${net.loss.name})`;
  if (flags.json) {
    io.out(JSON.stringify({ network: { layers: net.layers, activations: net.activations.map((a) => a.name), loss: net.loss.name }, epsilon: flags.epsilon, tolerance: flags.tolerance, passed: failed.length === 0, ...result }));
  } else {
    io.out(`gradient check: ${architecture}, ${what}; ε = ${short(flags.epsilon)}${flags.l2 > 0 ? `, L2 ${flags.l2}` : ''}`);
    const rows = result.tensors.map((t) => [t.name, String(t.checked), t.relativeError.toExponential(2), t.maxAbsoluteError.toExponential(2), t.relativeError <= flags.tolerance ? 'ok' : 'FAIL']);
    io.out(table([['tensor', 'checked', 'relative error', 'max |difference|', ''], ...rows], { numeric: [1, 2, 3], indent: '  ' }));
    if (failed.length === 0) io.out(`largest relative error ${result.maxRelativeError.toExponential(2)} ≤ tolerance ${short(flags.tolerance)}: back-propagation agrees with finite differences`);
  }
  if (failed.length > 0) {
    const worst = failed.reduce((a, b) => (b.relativeError > a.relativeError ? b : a));
    io.warn(`gradient check failed: ${failed.length} tensor${failed.length > 1 ? 's' : ''} above --tolerance ${short(flags.tolerance)}, the worst ${worst.name} with relative error ${worst.relativeError.toExponential(2)}`);
  }
}
