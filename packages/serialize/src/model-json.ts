/**
 * The JSON form of a model file (.json): the same content as a .bpnn file, as text for people
 * and version control. Weights are nested arrays in the shape of their tensor (a weight matrix
 * [n_l, n_{l+1}] as n_l rows), numbers written so that they read back bit for bit.
 *
 *   { "format": "bpnn", "format_version": 1, "created_by": "@bpnn/serialize 0.1.0",
 *     "model": { …the model document… }, "training": { … } or null,
 *     "dtype": "float64", "sha256": "…",
 *     "tensors": { "layers.0.weight": { "shape": [2, 3], "data": [[…], […]] }, "layers.0.bias": { … }, … } }
 *
 * `sha256` is the same as the .bpnn file's (SHA-256 of the little-endian tensor bytes, in the
 * order listed); it is checked when present, so a hand-edited weight needs it removed.
 */
import { DTYPES, type Model, type Network, show } from '@bpnn/core';
import { checkOptions } from '@bpnn/core';
import { READ_OPTIONS, type ReadOptions } from './bpnn-file.js';
import { sha256Hex } from './checksum.js';
import { FORMAT_VERSION, formatVersion, upgrade } from './format-version.js';
import { layoutJson } from './json-layout.js';
import { JsonFields } from './json-fields.js';
import {
  buildModel, buildNetwork, isModelDocument, modelDocument, networkDocument, readModelDocument, readTrainingRecord,
  type ModelDocument, type NetworkDocument,
} from './model-document.js';
import { DTYPE_NAMES, networkParameters, networkTensors } from './network-tensors.js';
import { tensorBytes, type Tensor } from './safetensors.js';
import { CREATED_BY } from './version.js';

/** A Model as the text of its JSON form. */
export function writeModelJson(model: Model): string {
  return writeJson(modelDocument(model), model.training ?? null, model.network);
}

/** A bare Network as the text of its JSON form. */
export function writeNetworkJson(network: Network): string {
  return writeJson(networkDocument(network), null, network);
}

/** The Model in a JSON form (text or UTF-8 bytes); anything wrong is a FileFormatError. */
export function readModelJson(text: string | Uint8Array, options: ReadOptions = {}): Model {
  checkOptions(options, READ_OPTIONS, 'readModelJson');
  const { doc, network, training, fields } = readJson(text, options);
  if (!isModelDocument(doc)) {
    throw fields.fail('model.task', 'is missing: the file holds a bare network, without input columns or labels', 'Read it with readNetworkJson, or save a Model instead of a Network.');
  }
  return buildModel(doc, network, readTrainingRecord(training, fields), fields);
}

/** The Network in a JSON form, whether it was saved as a Model or as a bare Network. */
export function readNetworkJson(text: string | Uint8Array, options: ReadOptions = {}): Network {
  checkOptions(options, READ_OPTIONS, 'readNetworkJson');
  return readJson(text, options).network;
}

function writeJson(doc: NetworkDocument | ModelDocument, training: unknown, network: Network): string {
  const tensors = networkTensors(network);
  return `${layoutJson({
    format: 'bpnn',
    format_version: FORMAT_VERSION,
    created_by: CREATED_BY,
    model: doc,
    training,
    dtype: network.dtype,
    sha256: sha256Hex(tensorBytes(tensors)),
    tensors: Object.fromEntries(tensors.map((t) => [t.name, { shape: t.shape, data: nested(t) }])),
  })}\n`;
}

function readJson(input: string | Uint8Array, options: ReadOptions) {
  const source = options.source ?? 'model JSON';
  const fields = new JsonFields(source);
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else if (input instanceof Uint8Array) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      throw fields.fail('file', 'must be UTF-8 text, but is not');
    }
  } else {
    throw fields.fail('file', `must be text or bytes, got ${show(typeof input)}`);
  }
  const file = fields.object(fields.parse(text, 'file'), 'file');
  const member = (key: string, optional = false) => fields.member(file, key, 'file', optional);
  if (file.format !== 'bpnn') {
    throw fields.fail('format', `must be "bpnn", got ${show(file.format)}: this JSON is not a bpnn model`, 'Open a model JSON written by bpnn.');
  }
  const version = formatVersion(member('format_version'), fields);
  const dtype = fields.oneOf(member('dtype'), DTYPES, 'dtype');
  const listed = fields.object(member('tensors'), 'tensors');
  const tensors = Object.entries(listed).map(([name, entry]) => flat(name, entry, DTYPE_NAMES[dtype], fields));
  const expected = member('sha256', true);
  if (expected !== undefined) {
    const actual = sha256Hex(tensorBytes(tensors));
    if (fields.string(expected, 'sha256') !== actual) {
      throw fields.fail('sha256', `is ${JSON.stringify(expected)}, but the weights hash to ${JSON.stringify(actual)}: they were changed after the file was written`, 'If you edited the weights on purpose, delete the "sha256" line; otherwise use an intact copy.');
    }
  }
  const content = upgrade({ model: member('model'), training: member('training'), tensors }, version, fields);
  const doc = readModelDocument(content.model, fields);
  const { dtype: tensorDtype, params } = networkParameters(doc.layers, content.tensors, fields);
  return { doc, network: buildNetwork(doc, tensorDtype, params, fields), training: content.training, fields };
}

/** A tensor's values as nested arrays: a row per line for a matrix. */
function nested(tensor: Tensor): number[] | number[][] {
  const values = Array.from(tensor.data);
  if (tensor.shape.length !== 2) return values;
  const [rows, cols] = tensor.shape;
  return Array.from({ length: rows }, (_, r) => values.slice(r * cols, (r + 1) * cols));
}

/** A tensor from its JSON entry: a shape of rank 1 or 2 and data nested to match it. */
function flat(name: string, entry: unknown, dtype: Tensor['dtype'], fields: JsonFields): Tensor {
  const field = `tensors.${JSON.stringify(name)}`;
  const object = fields.object(entry, field);
  const shapeValue = fields.array(fields.member(object, 'shape', field), `${field}.shape`);
  if (shapeValue.length !== 1 && shapeValue.length !== 2) throw fields.fail(`${field}.shape`, `must have 1 or 2 dimensions, got ${show(shapeValue)}`);
  const shape = shapeValue.map((d, i) => fields.integer(d, `${field}.shape[${i}]`));
  const rows = fields.array(fields.member(object, 'data', field), `${field}.data`, shape[0]);
  const values = shape.length === 1
    ? fields.numbers(rows, `${field}.data`)
    : rows.flatMap((row, r) => fields.numbers(row, `${field}.data[${r}]`, shape[1]));
  return { name, dtype, shape, data: dtype === 'F32' ? Float32Array.from(values) : Float64Array.from(values) };
}
