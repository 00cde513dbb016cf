/**
 * The .bpnn model file: a safetensors file (see safetensors.ts) whose tensors are the network's
 * `layers.{l}.weight` and `layers.{l}.bias`, and whose `__metadata__` holds, as strings:
 *
 *   format          "bpnn"
 *   format_version  "2" (core's model-file/format-version.ts; files of "1" are migrated on read)
 *   created_by      "@bpnn/serialize 0.1.0"
 *   sha256          SHA-256 of the byte buffer (every tensor's bytes), lowercase hex
 *   model           the model document as JSON (model-document.ts)
 *   training        the training record as JSON, or "null"
 *   checkpoint      only in a model that can continue its training: the checkpoint document
 *                   (core's model-file/checkpoint-file.ts), whose optimiser buffers are the
 *                   extra tensors `optimizer.{name}` after the network's, and whose row order
 *                   is the U32 tensor `checkpoint.order` after those
 *
 * Any safetensors reader can load the weights; readModel also checks everything else.
 */
import { checkOptions, optionNames } from '@bpnn/core';
import {
  checkNotNewer, checkpointDocument, checkpointTensors, FORMAT_VERSION, formatVersion, JsonFields, Model, modelDocument, modelParts, networkDocument, networkTensors, readModelContent,
  type ModelDocument, type Network, type NetworkDocument, type TrainingCheckpoint,
} from '@bpnn/core';
import { sha256Hex } from './checksum.js';
import { otherKind } from '../file-kind.js';
import { decodeSafetensors, encodeSafetensors, tensorBytes, type Tensor } from './safetensors.js';
import { CREATED_BY } from './version.js';
import { fileInputProblem, inputAdvice } from '../sources/file-input.js';
import { checkModel, checkNetwork } from '../model-argument.js';

/** The options of {@link readModel}, {@link readNetwork} and their JSON twins. */
export interface ReadOptions {
  /** The file's name, for error messages; default "model file". */
  source?: string;
}

/** A Model as the bytes of a .bpnn file, with its checkpoint when it has one (so that its training can continue). */
export function writeModel(model: Model): Uint8Array {
  checkModel(model, 'writeModel');
  const { checkpoint, network } = model;
  const tensors = [...networkTensors(network), ...(checkpoint === undefined ? [] : checkpointTensors(checkpoint, network.dtype, network.parameterCount))];
  return writeFile(modelDocument(model), model.training ?? null, tensors, checkpoint);
}

/** A bare Network as the bytes of a .bpnn file (no columns, scaling or labels). */
export function writeNetwork(network: Network): Uint8Array {
  checkNetwork(network, 'writeNetwork');
  return writeFile(networkDocument(network), null, networkTensors(network));
}

/** The options of the read functions; any other key is a ConfigError naming the closest one. */
export const READ_OPTIONS = optionNames<ReadOptions>({ source: true });

/** The Model in a .bpnn file; anything wrong with the bytes is a FileFormatError. */
export function readModel(bytes: Uint8Array, options: ReadOptions = {}): Model {
  checkOptions(options, READ_OPTIONS, 'readModel');
  const { content, fields } = readFile(bytes, options);
  const parts = modelParts(content, fields, 'Read it with readNetwork');
  return fields.build('model', 'a model', () => new Model(parts));
}

/** The Network in a .bpnn file, whether it was saved as a Model or as a bare Network. */
export function readNetwork(bytes: Uint8Array, options: ReadOptions = {}): Network {
  checkOptions(options, READ_OPTIONS, 'readNetwork');
  return readFile(bytes, options).content.network;
}

function writeFile(doc: NetworkDocument | ModelDocument, training: unknown, tensors: Tensor[], checkpoint?: TrainingCheckpoint): Uint8Array {
  const buffer = tensorBytes(tensors);
  const metadata = {
    format: 'bpnn',
    format_version: String(FORMAT_VERSION),
    created_by: CREATED_BY,
    sha256: sha256Hex(buffer),
    model: JSON.stringify(doc),
    training: JSON.stringify(training),
    ...(checkpoint !== undefined && { checkpoint: JSON.stringify(checkpointDocument(checkpoint)) }),
  };
  return encodeSafetensors(tensors, metadata, buffer);
}

/** A bpnn file's metadata, its format and format_version checked: what is checked before its tensors are read. */
function bpnnMetadata(metadata: Record<string, string> | undefined, fields: JsonFields): { metadata: Record<string, string>; version: number } {
  if (metadata === undefined) {
    throw fields.fail('__metadata__', 'is missing: this is a safetensors file, but not a bpnn model', 'Open a .bpnn file written by bpnn.');
  }
  if (metadata.format !== 'bpnn') {
    throw fields.fail('__metadata__.format', `must be "bpnn", got ${JSON.stringify(metadata.format ?? null)}: this safetensors file was not written by bpnn`, 'Open a .bpnn file written by bpnn.');
  }
  const version = formatVersion(fields.member(metadata, 'format_version', '__metadata__'), fields, '__metadata__.format_version');
  checkNotNewer(version, fields, { reader: CREATED_BY });
  return { metadata, version };
}

function readFile(bytes: Uint8Array, options: ReadOptions) {
  const source = options.source ?? 'model file';
  const fields = new JsonFields(source);
  const problem = fileInputProblem(bytes, 'bytes');
  if (problem !== undefined) throw fields.fail('file', problem, inputAdvice('bytes'));
  const other = otherKind(bytes, 'bpnn');
  if (other !== undefined) throw fields.fail('file', `is ${other.what}, not a .bpnn model file`, other.read);
  // The format_version first: a newer file's tensors may be of a layout this reader does not know.
  const file = decodeSafetensors(bytes, source, { checkMetadata: (found) => bpnnMetadata(found, fields) });
  const { metadata, version } = bpnnMetadata(file.metadata, fields);
  const member = (key: string) => fields.member(metadata, key, '__metadata__');
  const expected = fields.string(member('sha256'), '__metadata__.sha256');
  const actual = sha256Hex(file.buffer);
  if (expected !== actual) {
    throw fields.fail('__metadata__.sha256', `is ${JSON.stringify(expected)}, but the tensor bytes hash to ${JSON.stringify(actual)}: the weights were changed or damaged after the file was written`, 'Use an intact copy of the file, or save or train the model again.');
  }
  const content = readModelContent(
    {
      model: fields.parse(member('model') as string, '__metadata__.model'),
      training: fields.parse(member('training') as string, '__metadata__.training'),
      tensors: file.tensors,
      ...(metadata.checkpoint !== undefined && { checkpoint: fields.parse(metadata.checkpoint, '__metadata__.checkpoint') }),
    },
    version,
    fields,
    { reader: CREATED_BY },
  );
  return { content, fields };
}
