/**
 * The JSON form of a model: a model file's content as one plain JSON value. `JSON.stringify(model)`
 * writes it (through Model#toJSON) and `Model.fromJSON(JSON.parse(text))` reads it back, checked,
 * predicting bit for bit as before (a float32 weight is written as the double that equals it).
 *
 *   { "format": "bpnn", "format_version": 2,
 *     "model": { …the model document (model-document.ts)… }, "training": { … } or null,
 *     "dtype": "float64",
 *     "tensors": { "layers.0.weight": { "shape": [2, 3], "data": [[…], […]] }, "layers.0.bias": { … }, … } }
 *
 * A tensor is of the file's dtype, except one whose entry says `"dtype": "U32"`: a checkpoint's
 * `checkpoint.order` (checkpoint-file.ts), whose data are whole numbers.
 *
 * @bpnn/serialize writes the same value as text (its .json files), adding `created_by` and
 * `sha256` (SHA-256 of the tensor bytes; core has no hash function). Both are optional here and
 * not read: serialize checks the checksum. A .bpnn file holds the same content in binary, and
 * its reader shares readModelContent and modelParts with this one.
 */
import type { DType } from '../data/matrix.js';
import { DTYPES } from '../data/matrix.js';
import type { Network } from '../network/network.js';
import { show } from '../errors.js';
import type { TrainingRecord } from '../training/training-record.js';
import { FORMAT_VERSION, formatVersion, upgrade, type UpgradeOptions, type VersionedContent } from './format-version.js';
import type { JsonFields } from './json-fields.js';
import type { TrainingCheckpoint } from '../resume/checkpoint.js';
import { checkpointDocument, checkpointTensors, OPTIMIZER_TENSOR, ORDER_TENSOR, readCheckpoint, rowIndices, type CheckpointDocument } from './checkpoint-file.js';
import {
  buildNetwork, isModelDocument, modelDocument, networkDocument, readModelDocument, readTrainingRecord,
  type ModelDescription, type ModelDocument, type NetworkDocument,
} from './model-document.js';
import { DTYPE_NAMES, networkParameters, networkTensors, type FloatDtype, type NamedTensor } from './model-tensors.js';

/** The JSON form of a model file (`JSON.stringify(model)`): its document, training record and tensors. */
export interface ModelJson {
  format: 'bpnn';
  format_version: number;
  /** Written by @bpnn/serialize: "@bpnn/serialize 0.1.0". */
  created_by?: string;
  model: ModelDocument | NetworkDocument;
  training: TrainingRecord | null;
  dtype: DType;
  /** Written by @bpnn/serialize: SHA-256 of the tensor bytes, lowercase hex. */
  sha256?: string;
  /**
   * Each tensor's shape and values, a matrix as one array per row (a checkpoint's `optimizer.*`
   * and `checkpoint.order` after the network's); `dtype` only where it is not the file's: "U32".
   */
  tensors: Record<string, { dtype?: 'U32'; shape: number[]; data: number[] | number[][] }>;
  /** A model that can continue its training: its checkpoint document (checkpoint-file.ts). */
  checkpoint?: CheckpointDocument;
}

/** A Model's JSON form. */
export function modelJson(model: ModelDescription & { training?: TrainingRecord; checkpoint?: TrainingCheckpoint }): ModelJson {
  return jsonForm(modelDocument(model), model.training ?? null, model.network, model.checkpoint);
}

/** A bare Network's JSON form (no columns, scaling or labels). */
export function networkJson(network: Network): ModelJson {
  return jsonForm(networkDocument(network), null, network);
}

function jsonForm(model: ModelDocument | NetworkDocument, training: TrainingRecord | null, network: Network, checkpoint?: TrainingCheckpoint): ModelJson {
  const tensors = [...networkTensors(network), ...(checkpoint === undefined ? [] : checkpointTensors(checkpoint, network.dtype, network.parameterCount))];
  return {
    format: 'bpnn',
    format_version: FORMAT_VERSION,
    model,
    training,
    dtype: network.dtype,
    tensors: Object.fromEntries(tensors.map((t) => [t.name, { ...(t.dtype === 'U32' && { dtype: t.dtype }), shape: t.shape, data: nested(t) }])),
    ...(checkpoint !== undefined && { checkpoint: checkpointDocument(checkpoint) }),
  };
}

/**
 * A JSON form, checked: its document, network and training record, and its tensors as the file
 * lists them (what serialize's checksum covers). Anything wrong is a FileFormatError naming the field.
 */
export function readJsonForm(value: unknown, fields: JsonFields, options: UpgradeOptions = {}) {
  const file = fields.object(value, 'file');
  const member = (key: string, optional = false) => fields.member(file, key, 'file', optional);
  if (file.format !== 'bpnn') {
    throw fields.fail('format', `must be "bpnn", got ${show(file.format)}: this JSON is not a bpnn model`, 'Open a model JSON written by bpnn.');
  }
  const version = formatVersion(member('format_version'), fields);
  const dtype = fields.oneOf(member('dtype'), DTYPES, 'dtype');
  const listed = fields.object(member('tensors'), 'tensors');
  const tensors = Object.entries(listed).map(([name, entry]) => flat(name, entry, DTYPE_NAMES[dtype], fields));
  const checkpoint = member('checkpoint', true);
  const content = readModelContent({ model: member('model'), training: member('training'), tensors, ...(checkpoint !== undefined && { checkpoint }) }, version, fields, options);
  return { ...content, tensors };
}

/** A file's content (either form) migrated to the current format_version and checked: the document, its network, the training record. */
export function readModelContent(content: VersionedContent, version: number, fields: JsonFields, options: UpgradeOptions = {}) {
  const current = upgrade(content, version, fields, options);
  const doc = readModelDocument(current.model, fields);
  // The optimiser's tensors and the order belong to the checkpoint, the others to the network.
  const ofCheckpoint = (name: string) => name.startsWith(OPTIMIZER_TENSOR) || name === ORDER_TENSOR;
  const state = current.tensors.filter((t) => t.name.startsWith(OPTIMIZER_TENSOR));
  const order = current.tensors.find((t) => t.name === ORDER_TENSOR);
  const { dtype, params } = networkParameters(doc.layers, current.tensors.filter((t) => !ofCheckpoint(t.name)), fields);
  if (current.checkpoint === undefined) {
    const orphan = state[0] ?? order;
    if (orphan !== undefined) throw fields.fail(`tensor ${JSON.stringify(orphan.name)}`, `is ${orphan === order ? 'the order of a training' : 'an optimiser state'}, but the file has no checkpoint document to go with it`);
  }
  const checkpoint = current.checkpoint === undefined ? undefined : readCheckpoint(current.checkpoint, state, order, params.length, dtype, fields);
  return { doc, network: buildNetwork(doc, dtype, params, fields), training: current.training, checkpoint };
}

/**
 * What `new Model(…)` takes, from checked content: a file that holds a bare network (no task, columns
 * or labels) is an error whose advice (`readInstead`) says how to read it instead.
 */
export function modelParts(content: { doc: NetworkDocument | ModelDocument; network: Network; training: unknown; checkpoint?: TrainingCheckpoint }, fields: JsonFields, readInstead: string) {
  const { doc, network } = content;
  if (!isModelDocument(doc)) {
    throw fields.fail('model.task', 'is missing: the file holds a bare network, without input columns or labels', `${readInstead}, or save a Model instead of a Network.`);
  }
  const { task, inputNames, targetNames, inputScaler, categorical, fill, labels, targetScaler } = doc;
  return { task, network, inputNames, targetNames, inputScaler, categorical, fill, labels, targetScaler, training: readTrainingRecord(content.training, fields), checkpoint: content.checkpoint };
}

/** A tensor's values as nested arrays: a row per line for a matrix. */
function nested(tensor: NamedTensor): number[] | number[][] {
  const values = Array.from(tensor.data);
  if (tensor.shape.length !== 2) return values;
  const [rows, cols] = tensor.shape;
  return Array.from({ length: rows }, (_, r) => values.slice(r * cols, (r + 1) * cols));
}

/** A tensor from its JSON entry: a shape of rank 1 or 2 and data nested to match it, of the file's dtype unless the entry says U32. */
function flat(name: string, entry: unknown, fileDtype: FloatDtype, fields: JsonFields): NamedTensor {
  const field = `tensors.${JSON.stringify(name)}`;
  const object = fields.object(entry, field);
  const stated = fields.member(object, 'dtype', field, true);
  const dtype = stated === undefined ? fileDtype : fields.oneOf(stated, [fileDtype, 'U32'] as const, `${field}.dtype`);
  const shapeValue = fields.array(fields.member(object, 'shape', field), `${field}.shape`);
  if (shapeValue.length !== 1 && shapeValue.length !== 2) throw fields.fail(`${field}.shape`, `must have 1 or 2 dimensions, got ${show(shapeValue)}`);
  const shape = shapeValue.map((d, i) => fields.integer(d, `${field}.shape[${i}]`));
  const rows = fields.array(fields.member(object, 'data', field), `${field}.data`, shape[0]);
  if (dtype === 'U32') {
    if (shape.length !== 1) throw fields.fail(`${field}.shape`, `must have 1 dimension for U32 row indices, got ${show(shape)}`);
    return { name, dtype, shape, data: rowIndices(rows, `${field}.data`, fields) };
  }
  const values = shape.length === 1
    ? fields.numbers(rows, `${field}.data`)
    : rows.flatMap((row, r) => fields.numbers(row, `${field}.data[${r}]`, shape[1]));
  return { name, dtype, shape, data: dtype === 'F32' ? Float32Array.from(values) : Float64Array.from(values) };
}

