/**
 * `bpnn export MODEL --to onnx|json|fann|js -o FILE`: a model in another format, through
 * serialize's exporters (INTERCHANGE.md says what each maps and refuses).
 */
import { extname } from 'node:path';
import { exportFannNet, exportJsFunction, exportOnnx, writeModelJson } from '@bpnn/serialize';
import { Command, Option } from 'commander';
import { UsageError } from '../exit-codes.js';
import { loadModel, writeFileAtomic } from '../files.js';
import { choice } from '../flags.js';
import type { Io } from '../io.js';

const FORMATS = ['onnx', 'json', 'fann', 'js'] as const;
type Format = (typeof FORMATS)[number];

/** The format a file name's extension suggests. */
const BY_EXTENSION: Record<string, Format> = { '.onnx': 'onnx', '.json': 'json', '.net': 'fann', '.js': 'js', '.mjs': 'js', '.cjs': 'js' };

interface ExportFlags {
  to?: Format;
  out: string;
  dtype?: 'float32' | 'float64';
  name?: string;
  outputs: 'array' | 'object';
  json: boolean;
}

export function exportCommand(io: Io): Command {
  return new Command('export')
    .description('Write a model as ONNX, the bpnn JSON form, a FANN .net file or a standalone JavaScript function.')
    .argument('<model>', 'a model file (.bpnn or .json; - reads stdin)')
    .addOption(new Option('--to <format>', 'onnx, json, fann or js (default: from the extension of --out)').argParser(choice('--to', FORMATS)))
    .requiredOption('-o, --out <file>', 'the file to write')
    .addOption(new Option('--dtype <dtype>', "onnx: tensor type (default the model's; float32 for runtimes that only take FLOAT)").argParser(choice('--dtype', ['float32', 'float64'] as const)))
    .option('--name <name>', 'onnx: the graph name; js: the function name (a JavaScript identifier)')
    .addOption(new Option('--outputs <form>', 'js: return an array, or an object keyed by label or target').default('array').argParser(choice('--outputs', ['array', 'object'] as const)))
    .option('--json', 'print one JSON object instead of text', false)
    .addHelpText(
      'after',
      `
Examples:
  $ bpnn export iris.bpnn -o iris.onnx
  $ bpnn export iris.bpnn --to js -o predict-iris.js --outputs object`,
    )
    .action(async (file: string, flags: ExportFlags) => runExport(file, flags, io));
}

function runExport(file: string, flags: ExportFlags, io: Io): void {
  const format = flags.to ?? BY_EXTENSION[extname(flags.out).toLowerCase()];
  if (format === undefined) throw new UsageError(`--to is needed: the extension of ${JSON.stringify(flags.out)} does not say which format (.onnx, .json, .net or .js)`);
  if (flags.dtype !== undefined && format !== 'onnx') throw new UsageError(`--dtype applies to --to onnx, not ${format}`);
  if (flags.name !== undefined && format !== 'onnx' && format !== 'js') throw new UsageError(`--name applies to --to onnx or js, not ${format}`);
  const { model } = loadModel(file);
  let bytes: string | Uint8Array;
  switch (format) {
    case 'onnx':
      bytes = exportOnnx(model, { dtype: flags.dtype, name: flags.name });
      break;
    case 'json':
      bytes = writeModelJson(model);
      break;
    case 'fann':
      bytes = exportFannNet(model);
      break;
    case 'js':
      bytes = exportJsFunction(model, { name: flags.name, outputs: flags.outputs });
      break;
  }
  writeFileAtomic(flags.out, bytes);
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
  if (flags.json) io.out(JSON.stringify({ model: file, format, out: flags.out, bytes: size }));
  else io.out(`wrote ${flags.out}: ${file} as ${format} (${size} bytes)`);
}
