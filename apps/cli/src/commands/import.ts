/**
 * `bpnn import FILE --from fann|brainjs -o MODEL.bpnn`: a network trained by FANN or brain.js as a
 * bpnn model file, through serialize's importers (INTERCHANGE.md says what each maps and refuses).
 */
import { extname } from 'node:path';
import { DTYPES, type DType } from '@bpnn/core';
import { importBrainJs, importFannNet } from '@bpnn/serialize';
import { Command, Option } from 'commander';
import { UsageError } from '../exit-codes.js';
import { modelBytes, readModelInput, sourceName, writeFileAtomic } from '../files.js';
import { checkOutputs } from '../output-paths.js';
import { choice, nameList } from '../flags.js';
import type { Io } from '../io.js';

const FORMATS = ['fann', 'brainjs'] as const;
type Format = (typeof FORMATS)[number];

interface ImportFlags {
  from?: Format;
  out: string;
  inputs?: string[];
  outputs?: string[];
  labels?: string[];
  target?: string;
  dtype: DType;
  brainjs1LeakyRelu: 'refuse' | 'as-computed';
  json: boolean;
}

export function importCommand(io: Io): Command {
  return new Command('import')
    .description('Turn a FANN .net file or a brain.js JSON network into a bpnn model file.')
    .argument('<file>', 'the network to import (- reads stdin)')
    .addOption(new Option('--from <format>', 'fann or brainjs (default: .net is fann, .json is brainjs)').argParser(choice('--from', FORMATS)))
    .requiredOption('-o, --out <model>', 'the model file to write: .bpnn, or .json for the JSON form')
    .addOption(new Option('--inputs <names>', 'fann: input column names, comma-separated (default x0, x1, …)').argParser(nameList('--inputs')))
    .addOption(new Option('--outputs <names>', 'fann: output names, comma-separated (default y0, y1, …)').argParser(nameList('--outputs')))
    .addOption(new Option('--labels <names>', 'read the outputs as classes, one label per output, comma-separated: a classifier predicting the largest output').argParser(nameList('--labels')))
    .option('--target <name>', 'with --labels: the name of the class column (default: class)')
    .addOption(new Option('--dtype <dtype>', 'number type of the weights').default('float64').argParser(choice('--dtype', DTYPES)))
    .addOption(
      new Option('--brainjs1-leaky-relu <how>', "brainjs 1.x leaky-relu: refuse, or import what brain.js 1.x computed (see INTERCHANGE.md)")
        .default('refuse')
        .argParser(choice('--brainjs1-leaky-relu', ['refuse', 'as-computed'] as const)),
    )
    .option('--json', 'print one JSON object instead of text', false)
    .addHelpText(
      'after',
      `
Imported networks are regression models unless --labels names a class for each output (the
formats do not say whether outputs are classes): then predict prints the label of the largest output.

Examples:
  $ bpnn import xor_float.net -o xor.bpnn --inputs a,b --outputs xor
  $ bpnn import iris.net -o iris.bpnn --inputs sl,sw,pl,pw --labels setosa,versicolor,virginica --target species
  $ bpnn import brain-net.json --from brainjs -o brain.bpnn`,
    )
    .action(async (file: string, flags: ImportFlags) => runImport(file, flags, io));
}

function runImport(file: string, flags: ImportFlags, io: Io): void {
  const format = flags.from ?? ({ '.net': 'fann', '.json': 'brainjs' } as Record<string, Format>)[extname(file).toLowerCase()];
  if (format === undefined) throw new UsageError(`--from is needed: the extension of ${JSON.stringify(file)} does not say which format (.net for fann, .json for brainjs)`);
  if (format === 'brainjs' && (flags.inputs !== undefined || flags.outputs !== undefined)) {
    throw new UsageError('--inputs and --outputs apply to --from fann; a brain.js file names its inputs and outputs itself, if at all');
  }
  if (flags.target !== undefined && flags.labels === undefined) {
    throw new UsageError('--target names the class column of a classifier, so it needs --labels (a class per output); without --labels the outputs are values of a regression, which --outputs names');
  }
  const target = flags.target ?? 'class';
  if (flags.labels !== undefined && flags.outputs !== undefined) {
    throw new UsageError('--labels and --outputs cannot be given together: --outputs names the values of a regression model, --labels the classes of a classifier');
  }
  // A model's input and output columns are told apart by name (predict ignores a target column it finds).
  const outputNames = flags.labels !== undefined ? { flag: '--target', names: [target] } : { flag: '--outputs', names: flags.outputs ?? [] };
  const clash = outputNames.names.find((name) => flags.inputs?.includes(name));
  if (clash !== undefined) throw new UsageError(`${outputNames.flag} names ${JSON.stringify(clash)}, which --inputs names too; an output cannot have an input's name`);
  checkOutputs([{ name: '<file>', path: file }], [{ name: '--out', path: flags.out, model: true }]);
  const bytes = readModelInput(file);
  const source = sourceName(file);
  const classes = flags.labels === undefined ? undefined : { labels: flags.labels, target };
  const model =
    format === 'fann'
      ? importFannNet(bytes, { source, inputNames: flags.inputs, outputNames: flags.outputs, dtype: flags.dtype, classes })
      : importBrainJs(bytes, { source, dtype: flags.dtype, brainJs1LeakyRelu: flags.brainjs1LeakyRelu, classes });
  writeFileAtomic(flags.out, modelBytes(model, flags.out));
  const net = model.network;
  const outputs = model.labels === undefined ? model.targetNames.join(', ') : `${model.targetNames[0]} (${model.labels.join(', ')})`;
  const summary = `${net.layers.join('-')} (${net.activations.map((a) => a.name).join(', ')}), ${net.parameterCount} parameters, inputs ${model.inputNames.join(', ')} → ${outputs}`;
  if (flags.json) io.out(JSON.stringify({ file: source, format, out: flags.out, task: model.task, layers: net.layers, activations: net.activations.map((a) => a.name), parameters: net.parameterCount, inputNames: model.inputNames, targetNames: model.targetNames, labels: model.labels }));
  else io.out(`wrote ${flags.out}: ${format} network ${summary}`);
}
