/**
 * `bpnn inspect MODEL`: what a model file holds: its format and checksum, the architecture layer by
 * layer, the preprocessing of inputs and targets, the labels, and the record of its training.
 * Reading the file checks all of it (serialize's readers verify the sha256 of the weights).
 */
import { activationSpec, type Model, type Scaler } from '@bpnn/core';
import { decodeSafetensors } from '@bpnn/serialize';
import { Command } from 'commander';
import { loadModel, sourceName } from '../files.js';
import type { Io } from '../io.js';
import { table } from '../output/table.js';

interface InspectFlags {
  json: boolean;
}

export function inspectCommand(io: Io): Command {
  return new Command('inspect')
    .description("Show a model file's architecture, preprocessing, labels, training record and checksum.")
    .argument('<model>', 'a model file (.bpnn or .json; - reads stdin)')
    .option('--json', 'print one JSON object instead of text', false)
    .addHelpText('after', '\nExample:\n  $ bpnn inspect iris.bpnn')
    .action(async (file: string, flags: InspectFlags) => inspect(file, flags, io));
}

interface FileFacts {
  form: 'bpnn' | 'json';
  bytes: number;
  formatVersion: number;
  createdBy: string;
  sha256: string | null;
}

/** The container facts besides the model: format version, writer, checksum. */
function fileFacts(bytes: Buffer, form: 'bpnn' | 'json', source: string): FileFacts {
  if (form === 'bpnn') {
    const metadata = decodeSafetensors(bytes, source).metadata ?? {};
    return { form, bytes: bytes.length, formatVersion: Number(metadata.format_version), createdBy: metadata.created_by ?? '', sha256: metadata.sha256 ?? null };
  }
  const document = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  return {
    form,
    bytes: bytes.length,
    formatVersion: Number(document.format_version),
    createdBy: String(document.created_by ?? ''),
    sha256: typeof document.sha256 === 'string' ? document.sha256 : null,
  };
}

/** What the checksum covers besides the weights: a checkpoint's tensors (its row order is one since format_version 2). */
function checkpointCovered(model: Model, facts: FileFacts): string {
  if (model.checkpoint === undefined) return '';
  return facts.formatVersion >= 2 ? ', the optimiser state and the row order' : ' and the optimiser state';
}

function scalerRows(names: readonly string[], scaler: Scaler): string[][] {
  return [['column', 'offset', 'scale'], ...names.map((name, c) => [name, fmt(scaler.offset[c]), fmt(scaler.scale[c])])];
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(6);
}

export function modelJson(model: Model): Record<string, unknown> {
  const net = model.network;
  return {
    task: model.task,
    layers: net.layers,
    activations: net.activations.map(activationSpec),
    loss: net.loss.name,
    dtype: net.dtype,
    parameters: net.parameterCount,
    inputNames: model.inputNames,
    columns: model.inputColumns,
    categorical: model.categorical,
    fill: model.fill ?? null,
    inputScaler: model.inputScaler,
    targetNames: model.targetNames,
    labels: model.labels ?? null,
    targetScaler: model.targetScaler ?? null,
    training: model.training ?? null,
  };
}

async function inspect(file: string, flags: InspectFlags, io: Io): Promise<void> {
  const source = sourceName(file);
  const { model, bytes, form } = loadModel(file);
  const facts = fileFacts(bytes, form, source);
  const checksum = facts.sha256 === null ? 'absent' : 'verified';
  if (flags.json) {
    io.out(JSON.stringify({ file: source, ...facts, checksum, ...modelJson(model) }));
    return;
  }
  const net = model.network;
  const what = form === 'bpnn' ? '.bpnn (safetensors)' : 'JSON form';
  io.out(`${source}: bpnn model, ${what}, format_version ${facts.formatVersion}, written by ${facts.createdBy}, ${facts.bytes} bytes`);
  io.out(
    facts.sha256 === null
      ? 'checksum: none in the file (the JSON form may omit it), so not verified; shapes and values were checked'
      : `checksum: sha256 ${facts.sha256} of the weights${checkpointCovered(model, facts)} verified; shapes and values checked`,
  );
  const task =
    model.task === 'classification'
      ? `classification of ${model.targetNames[0]} into ${model.labels!.length} classes: ${model.labels!.join(', ')}`
      : `regression of ${model.targetNames.join(', ')}`;
  io.out(`task: ${task}`);
  io.out(`architecture: ${net.layers.join(' → ')}, ${net.parameterCount} parameters, ${net.dtype}, loss ${net.loss.name}`);
  const layerRows = [['layer', 'neurons', 'activation', 'weights', 'biases']];
  net.layers.forEach((n, l) => {
    if (l === 0) layerRows.push(['0', String(n), '(inputs)', '', '']);
    else {
      const act = net.activations[l - 1];
      const alpha = act.params.alpha === undefined ? '' : ` (alpha ${act.params.alpha})`;
      layerRows.push([String(l), String(n), `${act.name}${alpha}`, `${net.layers[l - 1]}×${n}`, String(n)]);
    }
  });
  io.out(table(layerRows, { numeric: [0, 1], indent: '  ' }));
  io.out(`inputs (${model.inputNames.length}), scaling ${model.inputScaler.kind}: x′ = (x − offset) / scale`);
  io.out(table(scalerRows(model.inputNames, model.inputScaler), { numeric: [1, 2], indent: '  ' }));
  if (model.fill !== undefined) io.out(`  missing values: each input's is filled with its training mean (${model.inputNames.map((n, c) => `${n} ${fmt(model.fill![c])}`).join(', ')})`);
  for (const { name, categories } of model.categorical) {
    io.out(`  ${name}: categories ${categories.join(', ')}, as the 0/1 inputs ${name}=… above (a CSV to predict has the column ${name})`);
  }
  if (model.targetScaler !== undefined) {
    io.out(`targets (${model.targetNames.length}), scaling ${model.targetScaler.kind}: the network's outputs y′ become y = y′·scale + offset`);
    io.out(table(scalerRows(model.targetNames, model.targetScaler), { numeric: [1, 2], indent: '  ' }));
  }
  const t = model.training;
  if (t === undefined) {
    io.out('training: no record (the model was imported or built by hand)');
    return;
  }
  const val = t.valLoss === undefined ? '' : `, val loss ${t.valLoss.toFixed(4)}`;
  io.out(`training: ${t.rows} rows, ${t.epochs} epochs (stopped by ${t.stoppedBy}), weights of epoch ${t.bestEpoch}: loss ${t.loss.toFixed(4)}${val}; seed ${t.seed}, ${t.seconds.toFixed(2)} s`);
  const options = Object.entries(t.options).map(([k, v]) => `${k} ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  if (options.length > 0) io.out(`  options: ${options.join(', ')}`);
  const c = model.checkpoint;
  if (c !== undefined) io.out(`  checkpoint: ${c.optimizer.name} state after ${c.epochs} epochs (bpnn train --from continues it exactly)`);
}
