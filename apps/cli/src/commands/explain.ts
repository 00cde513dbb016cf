/**
 * `bpnn explain MODEL DATA.csv --row N`: back-propagation made visible for one sample. For the
 * row's scaled inputs and encoded target (model.encode), core's `network.explain` gives every
 * neuron's z, activation a and residual δ = ∂J/∂z, layer by layer, and ∂J/∂W for the sample;
 * this prints them with the formulas that connect them, and the largest weight gradients as the
 * product a_i·δ_j that makes each one.
 */
import { explainedLayers, largestWeightGradients, matrixWithMissing, selectRows, type Model } from '@bpnn/core';
import { Command, Option } from 'commander';
import { checkArgumentOrder } from '../argument-order.js';
import { UsageError } from '../exit-codes.js';
import { loadModel, sourceName } from '../files.js';
import { choice, decimalMark, DECIMAL_HELP, delimiter, encoding, ENCODING_HELP, thousandsMark, THOUSANDS_HELP, wholeNumber } from '../flags.js';
import type { Io } from '../io.js';
import { table } from '../output/table.js';
import { DATA_FORMATS, readLabelled, type DataFormat } from '../data/data-files.js';

interface ExplainFlags {
  row: number;
  top: number;
  all: boolean;
  json: boolean;
  delimiter?: string;
  encoding?: string;
  decimal?: '.' | ',';
  thousands?: '.';
  format?: DataFormat;
}

/** Neurons shown per layer unless --all. */
const SHOWN = 16;

export function explainCommand(io: Io): Command {
  return new Command('explain')
    .description("Show one sample's forward activations, residuals δ and largest weight gradients, layer by layer.")
    .argument('<model>', 'a model file (.bpnn or .json)')
    .argument('<data.csv>', "labelled rows with the model's input and target columns, or FANN .data (- reads stdin)")
    .addOption(new Option('--row <n>', 'the data row to explain: 1 is the first row after the header (blank lines not counted)').default(1).argParser(wholeNumber('--row', 1)))
    .addOption(new Option('--top <k>', 'how many of the largest weight gradients to list').default(10).argParser(wholeNumber('--top', 0)))
    .option('--all', `show every neuron (by default a layer wider than ${SHOWN} shows the ${SHOWN} with the largest |δ|)`, false)
    .option('--json', 'print one JSON object instead of text', false)
    .addOption(new Option('--delimiter <c>', 'field separator of the CSV').default(',').argParser(delimiter('--delimiter')))
    .addOption(new Option('--encoding <name>', ENCODING_HELP).default('utf-8').argParser(encoding('--encoding')))
    .addOption(new Option('--decimal <mark>', DECIMAL_HELP).default('.').argParser(decimalMark('--decimal')))
    .addOption(new Option('--thousands <mark>', THOUSANDS_HELP).argParser(thousandsMark('--thousands')))
    .addOption(new Option('--format <format>', 'csv or fann (default: fann for a .data file, else csv)').argParser(choice('--format', DATA_FORMATS)))
    .addHelpText('after', '\nExample:\n  $ bpnn explain iris.bpnn data/iris.csv --row 51 --top 5')
    .action(async (modelFile: string, file: string, flags: ExplainFlags) => explain(modelFile, file, flags, io));
}

/** Which neurons of a layer to show: all, or the `SHOWN` with the largest |δ|, in neuron order. */
function shownNeurons(residuals: Float64Array, all: boolean): number[] {
  const indices = Array.from(residuals, (_, i) => i);
  if (all || indices.length <= SHOWN) return indices;
  return indices
    .sort((a, b) => Math.abs(residuals[b]) - Math.abs(residuals[a]))
    .slice(0, SHOWN)
    .sort((a, b) => a - b);
}

const num = (v: number) => (Number.isInteger(v) ? String(v) : Math.abs(v) >= 1e4 || Math.abs(v) < 1e-4 ? v.toExponential(3) : v.toFixed(5));

/** The sentence that says how this network's output residual is computed. */
function outputRule(model: Model): string {
  const out = model.network.activations[model.network.activations.length - 1].name;
  const loss = model.network.loss.name;
  const shortcut = (out === 'softmax' && loss === 'categorical-cross-entropy') || (out === 'sigmoid' && loss === 'binary-cross-entropy') || (out === 'linear' && loss === 'mse');
  return shortcut ? `δ_j = a_j − y_j (${out} output with ${loss})` : `δ_j = f′(z_j)·∂cost/∂a_j (${out} output with ${loss})`;
}

async function explain(modelFile: string, file: string, flags: ExplainFlags, io: Io): Promise<void> {
  if (modelFile === '-' && file === '-') throw new UsageError('only one of the model and the data can come from stdin (-)');
  checkArgumentOrder('explain', modelFile, file);
  const { model } = loadModel(modelFile);
  const data = await readLabelled(model, file, { format: flags.format, delimiter: flags.delimiter, encoding: flags.encoding, decimal: flags.decimal, thousands: flags.thousands });
  const rows = data.targets.length;
  if (flags.row > rows) throw new UsageError(`--row ${flags.row} is past the last data row of ${sourceName(file)} (it has ${rows})`);
  const sample = selectRows(data, [flags.row - 1]);
  const { inputs, targets } = model.encode(sample);
  const net = model.network;
  const e = net.explain(inputs.row(0), targets.row(0));
  const raw = Array.from(matrixWithMissing(sample.inputs, 'inputs').row(0));
  const outputNames = model.labels ?? model.targetNames;
  const gradients = largestWeightGradients(e, flags.top).map((g) => ({ tensor: `layers.${g.layer}.weight`, ...g }));
  const last = net.layers.length - 1;

  if (flags.json) {
    io.out(
      JSON.stringify({
        model: sourceName(modelFile),
        data: sourceName(file),
        row: flags.row,
        input: Object.fromEntries(model.inputNames.map((n, c) => [n, raw[c]])),
        target: Object.fromEntries(model.targetNames.map((n, c) => [n, sample.targets[0][c]])),
        encodedTarget: Array.from(targets.row(0)),
        cost: e.cost,
        layers: explainedLayers(net, e),
        topGradients: gradients,
      }),
    );
    return;
  }

  const target = model.targetNames.map((n, c) => `${n} = ${sample.targets[0][c]}`).join(', ');
  io.out(`explain: ${sourceName(modelFile)}, data row ${flags.row} of ${sourceName(file)} (rows count from 1, after the header)`);
  // A missing value (NaN) is shown with the value the model fills in (a JSON null above).
  io.out(`input: ${model.inputNames.map((n, c) => `${n} = ${Number.isNaN(raw[c]) ? `missing, filled with ${num(model.fill![c])}` : raw[c]}`).join(', ')}`);
  io.out(`target: ${target}; as the network learns it, y = [${Array.from(targets.row(0), num).join(', ')}]`);
  const prediction = model.predict(sample.inputs);
  const predicted =
    prediction.task === 'classification'
      ? `${prediction.labels[0]} (probability ${num(prediction.probabilities.get(0, model.labels!.indexOf(prediction.labels[0])))})`
      : model.targetNames.map((n, c) => `${n} = ${num(prediction.values.get(0, c))}`).join(', ');
  io.out(`prediction: ${predicted}; this sample's cost J = ${num(e.cost)} (${net.loss.name})`);
  io.out('');
  io.out('forward:  z^(l+1) = a^(l)·W[l] + b[l],  a^(l+1) = f(z^(l+1))');
  io.out(`backward: output layer ${outputRule(model)};`);
  io.out('          hidden layers δ_i^(l) = (Σ_j W[l][i][j]·δ_j^(l+1))·f′(z_i^(l));  ∂J/∂W[l][i][j] = a_i^(l)·δ_j^(l+1),  ∂J/∂b[l][j] = δ_j^(l+1)');
  io.out('');
  io.out(`layer 0: ${net.layers[0]} inputs, scaled (${model.inputScaler.kind}): a = (x − offset) / scale`);
  io.out(table([['neuron', 'column', 'x', 'a'], ...model.inputNames.map((n, i) => [String(i), n, String(raw[i]), num(e.activations[0][i])])], { numeric: [0, 2, 3], indent: '  ' }));
  for (let l = 1; l <= last; l++) {
    const act = net.activations[l - 1].name;
    const residuals = e.residuals[l - 1];
    const shown = shownNeurons(residuals, flags.all);
    const kind = l === last ? 'outputs' : 'hidden neurons';
    const note = shown.length < residuals.length ? ` (the ${shown.length} with the largest |δ|; --all shows every one)` : '';
    io.out(`layer ${l}: ${net.layers[l]} ${kind}, ${act}${note}`);
    const header = l === last ? ['neuron', 'output', 'z', 'a', 'y', 'δ'] : ['neuron', 'z', 'a', 'δ'];
    const rows = shown.map((i) => {
      const cells = [String(i), num(e.z[l - 1][i]), num(e.activations[l][i])];
      if (l === last) cells.splice(1, 0, outputNames[i] ?? '');
      if (l === last) cells.push(num(targets.get(0, i)));
      cells.push(num(residuals[i]));
      return cells;
    });
    io.out(table([header, ...rows], { numeric: l === last ? [0, 2, 3, 4, 5] : [0, 1, 2, 3], indent: '  ' }));
  }
  if (gradients.length > 0) {
    io.out('');
    io.out(`the ${gradients.length} largest weight gradients for this sample, ∂J/∂W[l][i][j] = a_i^(l)·δ_j^(l+1):`);
    const rows = gradients.map((g) => [`W[${g.layer}][${g.i}][${g.j}]`, num(g.activation), num(g.residual), num(g.gradient)]);
    io.out(table([['weight', 'a_i', 'δ_j', '∂J/∂W'], ...rows], { numeric: [1, 2, 3], indent: '  ' }));
  }
}
