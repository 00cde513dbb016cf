/**
 * `bpnn export MODEL --to onnx|json|fann|js|cjs -o FILE`: a model in another format, through
 * serialize's exporters (INTERCHANGE.md says what each maps and refuses). js and cjs write a
 * module and its TypeScript declarations beside it (model.mjs + model.d.mts).
 */
import { extname } from 'node:path';
import { exportFannNet, exportJsModule, exportOnnx, writeModelJson } from '@bpnn/serialize';
import { Command, Option } from 'commander';
import { UsageError } from '../exit-codes.js';
import { loadModel, sourceName, writeFileAtomic } from '../files.js';
import { checkOutputs } from '../output-paths.js';
import { choice } from '../flags.js';
import type { Io } from '../io.js';

const FORMATS = ['onnx', 'json', 'fann', 'js', 'cjs'] as const;
type Format = (typeof FORMATS)[number];

/** The format a file name's extension suggests. */
const BY_EXTENSION: Record<string, Format> = { '.onnx': 'onnx', '.json': 'json', '.net': 'fann', '.js': 'js', '.mjs': 'js', '.cjs': 'cjs' };

/** The declarations beside a module: model.mjs → model.d.mts, model.cjs → model.d.cts, model.js → model.d.ts. */
function declarationsPath(out: string): string {
  const extension = extname(out);
  const base = out.slice(0, out.length - extension.length);
  const lower = extension.toLowerCase();
  return lower === '.mjs' ? `${base}.d.mts` : lower === '.cjs' ? `${base}.d.cts` : lower === '.js' ? `${base}.d.ts` : `${out}.d.ts`;
}

interface ExportFlags {
  to?: Format;
  out: string;
  dtype?: 'float32' | 'float64';
  name?: string;
  outputs: 'array' | 'object';
  categories?: 'one-hot' | 'strings';
  json: boolean;
}

export function exportCommand(io: Io): Command {
  return new Command('export')
    .description('Write a model as ONNX, the bpnn JSON form, a FANN .net file, or a standalone JavaScript module (ES or CommonJS) with TypeScript declarations beside it.')
    .argument('<model>', 'a model file (.bpnn or .json; - reads stdin)')
    .addOption(new Option('--to <format>', 'onnx, json, fann, js (an ES module: .mjs, or .js in a "type": "module" package) or cjs (a CommonJS module: .cjs) (default: from the extension of --out)').argParser(choice('--to', FORMATS)))
    .requiredOption('-o, --out <file>', 'the file to write')
    .addOption(new Option('--dtype <dtype>', "onnx: tensor type (default the model's; float32 for runtimes that only take FLOAT)").argParser(choice('--dtype', ['float32', 'float64'] as const)))
    .option('--name <name>', 'onnx: the graph name; js, cjs: the exported function\'s name (a JavaScript identifier, default bpnnModel)')
    .addOption(new Option('--categories <form>', 'onnx: a column of categories as its 0/1 inputs in "input" (one-hot, the default), or as a tensor of strings "input.<column>" beside "input" of the numeric columns (strings)').argParser(choice('--categories', ['one-hot', 'strings'] as const)))
    .addOption(new Option('--outputs <form>', 'js, cjs: return an array, or an object keyed by label or target').default('array').argParser(choice('--outputs', ['array', 'object'] as const)))
    .option('--json', 'print one JSON object instead of text', false)
    .addHelpText(
      'after',
      `
Examples:
  $ bpnn export iris.bpnn -o iris.onnx
  $ bpnn export grunfeld.bpnn -o grunfeld.onnx --categories strings   (the firm as a string)
  $ bpnn export iris.bpnn -o iris.mjs --name iris       (also writes iris.d.mts)
    then: import iris from './iris.mjs'; iris([5.1, 3.5, 1.4, 0.2])
  $ bpnn export iris.bpnn -o iris.cjs --outputs object  (also writes iris.d.cts)
    then: const { bpnnModel } = require('./iris.cjs'); bpnnModel({ 'sepal length (cm)': 5.1, … })`,
    )
    .action(async (file: string, flags: ExportFlags, command: Command) => runExport(file, flags, io, command.getOptionValueSource('outputs') === 'cli'));
}

function runExport(file: string, flags: ExportFlags, io: Io, outputsGiven = false): void {
  const format = flags.to ?? BY_EXTENSION[extname(flags.out).toLowerCase()];
  if (format === undefined) throw new UsageError(`--to is needed: the extension of ${JSON.stringify(flags.out)} does not say which format (.onnx, .json, .net, .mjs, .js or .cjs)`);
  const extension = extname(flags.out).toLowerCase();
  if (format === 'js' && extension === '.cjs') throw new UsageError(`--to js writes an ES module, which Node does not load from a .cjs file: name it .mjs, or use --to cjs`);
  if (format === 'cjs' && extension === '.mjs') throw new UsageError(`--to cjs writes a CommonJS module, which Node does not load from a .mjs file: name it .cjs, or use --to js`);
  // (A .js file is either module, by its package's "type".)
  const named = BY_EXTENSION[extension];
  if (named !== undefined && named !== format && extension !== '.js') throw new UsageError(`--to ${format} and the extension of ${JSON.stringify(flags.out)}, which names ${named}, disagree: name the file for the format written, or leave out --to`);
  if (flags.dtype !== undefined && format !== 'onnx') throw new UsageError(`--dtype applies to --to onnx, not ${format}`);
  if (flags.categories !== undefined && format !== 'onnx') throw new UsageError(`--categories applies to --to onnx, not ${format} (${format === 'fann' ? 'a FANN network takes numbers only' : 'it keeps the categories by name'})`);
  if (flags.name !== undefined && format !== 'onnx' && format !== 'js' && format !== 'cjs') throw new UsageError(`--name applies to --to onnx, js or cjs, not ${format}`);
  if (outputsGiven && format !== 'js' && format !== 'cjs') throw new UsageError(`--outputs applies to --to js or cjs, not ${format}`);
  const types = format === 'js' || format === 'cjs' ? { name: `the declarations beside --out`, path: declarationsPath(flags.out) } : undefined;
  checkOutputs([{ name: '<model>', path: file }], [{ name: '--out', path: flags.out }, types]);
  const { model } = loadModel(file);
  let bytes: string | Uint8Array;
  let declarations: string | undefined;
  switch (format) {
    case 'onnx':
      bytes = exportOnnx(model, { dtype: flags.dtype, name: flags.name, categories: flags.categories });
      break;
    case 'json':
      bytes = writeModelJson(model);
      break;
    case 'fann':
      bytes = exportFannNet(model);
      break;
    case 'js':
    case 'cjs': {
      const module = exportJsModule(model, { name: flags.name, outputs: flags.outputs, format: format === 'js' ? 'esm' : 'cjs' });
      bytes = module.code;
      declarations = module.declarations;
      break;
    }
  }
  writeFileAtomic(flags.out, bytes);
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
  const typesPath = declarations === undefined ? undefined : declarationsPath(flags.out);
  if (typesPath !== undefined) writeFileAtomic(typesPath, declarations!);
  if (flags.json) io.out(JSON.stringify({ model: sourceName(file), format, out: flags.out, bytes: size, ...(typesPath !== undefined && { declarations: typesPath }) }));
  else io.out(`wrote ${flags.out}${typesPath !== undefined ? ` and ${typesPath}` : ''}: ${sourceName(file)} as ${format} (${size} bytes)`);
  // The JSON form keeps the categories and the fill, and a JavaScript module takes the words and fills gaps itself.
  const encodesItself = format === 'json' || format === 'js' || format === 'cjs';
  if (!flags.json && format === 'onnx' && flags.categories === 'strings' && model.categorical.length > 0) {
    io.out(`note: the onnx model takes the numbers of ${model.inputColumns.filter((c) => !model.categorical.some((k) => k.name === c)).join(', ') || 'no column'} in "input" and ${model.categorical.map((c) => `${c.name} as strings in "input.${c.name}"`).join(', ')}; a category it does not know gives all 0s`);
  } else if (!flags.json && !encodesItself && model.categorical.length > 0) {
    const first = model.categorical[0];
    const strings = format === 'onnx' ? '; --categories strings takes the words' : '';
    io.out(`note: ${model.categorical.map((c) => c.name).join(', ')} ${model.categorical.length > 1 ? 'are columns' : 'is a column'} of categories; the ${format} model takes ${model.categorical.length > 1 ? 'their' : 'its'} 0/1 inputs (${first.name}=${first.categories[0]}, …), as the network does${strings}`);
  }
  // ONNX fills a NaN input itself (Where(IsNaN(input), fill, input)).
  if (!flags.json && !encodesItself && format !== 'onnx' && model.fill !== undefined) {
    io.out(`note: the model fills missing values with its training means (bpnn inspect lists them); the ${format} model takes complete rows only`);
  }
}
