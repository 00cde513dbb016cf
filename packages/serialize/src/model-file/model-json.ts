/**
 * The JSON form of a model file (.json): the same content as a .bpnn file, as text for people
 * and version control. The value is core's (Model#toJSON, model-file/model-json.ts in core); this
 * file lays it out (a weight matrix one row per line, numbers that read back bit for bit, −0
 * included) and adds what core cannot compute:
 *
 *   { "format": "bpnn", "format_version": 1, "created_by": "@bpnn/serialize 0.1.0",
 *     "model": { …the model document… }, "training": { … } or null,
 *     "dtype": "float64", "sha256": "…",
 *     "tensors": { "layers.0.weight": { "shape": [2, 3], "data": [[…], […]] }, "layers.0.bias": { … }, … } }
 *
 * `sha256` is the same as the .bpnn file's (SHA-256 of the little-endian tensor bytes, in the
 * order listed); it is checked when present, so a hand-edited weight needs it removed.
 */
import { checkOptions, checkpointTensors, JsonFields, Model, modelJson, modelParts, networkJson, networkTensors, readJsonForm, type ModelJson, type NamedTensor, type Network } from '@bpnn/core';
import { READ_OPTIONS, type ReadOptions } from './bpnn-file.js';
import { sha256Hex } from './checksum.js';
import { otherKind } from '../file-kind.js';
import { layoutJson } from './json-layout.js';
import { tensorBytes } from './safetensors.js';
import { CREATED_BY } from './version.js';
import { fileInputProblem, inputAdvice } from '../sources/file-input.js';
import { checkModel, checkNetwork } from '../model-argument.js';

/** A Model as the text of its JSON form. */
export function writeModelJson(model: Model): string {
  checkModel(model, 'writeModelJson');
  const { checkpoint, network } = model;
  return writeJson(modelJson(model), [...networkTensors(network), ...(checkpoint === undefined ? [] : checkpointTensors(checkpoint, network.dtype, network.parameterCount))]);
}

/** A bare Network as the text of its JSON form. */
export function writeNetworkJson(network: Network): string {
  checkNetwork(network, 'writeNetworkJson');
  return writeJson(networkJson(network), networkTensors(network));
}

/** The Model in a JSON form (text or UTF-8 bytes); anything wrong is a FileFormatError. */
export function readModelJson(text: string | Uint8Array, options: ReadOptions = {}): Model {
  checkOptions(options, READ_OPTIONS, 'readModelJson');
  const { content, fields } = readJson(text, options);
  const parts = modelParts(content, fields, 'Read it with readNetworkJson');
  return fields.build('model', 'a model', () => new Model(parts));
}

/** The Network in a JSON form, whether it was saved as a Model or as a bare Network. */
export function readNetworkJson(text: string | Uint8Array, options: ReadOptions = {}): Network {
  checkOptions(options, READ_OPTIONS, 'readNetworkJson');
  return readJson(text, options).content.network;
}

/** Core's value, in the order the file lists its members, with created_by and sha256 (of `named`, the tensors it lists). */
function writeJson(json: ModelJson, named: NamedTensor[]): string {
  const { format, format_version, model, training, dtype, tensors, checkpoint } = json;
  const sha256 = sha256Hex(tensorBytes(named));
  return `${layoutJson({ format, format_version, created_by: CREATED_BY, model, training, dtype, sha256, tensors, ...(checkpoint !== undefined && { checkpoint }) })}\n`;
}

function readJson(input: string | Uint8Array, options: ReadOptions) {
  const fields = new JsonFields(options.source ?? 'model JSON');
  let text: string;
  const problem = fileInputProblem(input, 'text or bytes');
  if (problem !== undefined) throw fields.fail('file', problem, inputAdvice('text or bytes'));
  const other = otherKind(input, 'bpnn-json');
  if (other !== undefined) throw fields.fail('file', `is ${other.what}, not the JSON form of a bpnn model`, other.read);
  if (typeof input === 'string') {
    text = input.startsWith('\uFEFF') ? input.slice(1) : input; // a byte-order mark (Notepad's), dropped as TextDecoder drops it from bytes
  } else {
    if ((input[0] === 0xff && input[1] === 0xfe) || (input[0] === 0xfe && input[1] === 0xff)) {
      throw fields.fail('file', 'must be UTF-8 text, but is UTF-16 (it starts with the byte-order mark FF FE or FE FF)', 'Save it again as UTF-8.');
    }
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      throw fields.fail('file', 'must be UTF-8 text, but is not');
    }
  }
  const value = fields.parse(text, 'file');
  const parsedOther = otherKind('', 'bpnn-json', value);
  if (parsedOther !== undefined) throw fields.fail('file', `is ${parsedOther.what}, not the JSON form of a bpnn model`, parsedOther.read);
  const { tensors, ...content } = readJsonForm(value, fields, { reader: CREATED_BY });
  const expected = fields.member(value as Record<string, unknown>, 'sha256', 'file', true);
  if (expected !== undefined) {
    const actual = sha256Hex(tensorBytes(tensors));
    if (fields.string(expected, 'sha256') !== actual) {
      throw fields.fail('sha256', `is ${JSON.stringify(expected)}, but the weights hash to ${JSON.stringify(actual)}: they were changed after the file was written`, 'If you edited the weights on purpose, delete the "sha256" line; otherwise use an intact copy.');
    }
  }
  return { content, fields };
}
