/**
 * The `model` document of a model file: what a network and its Model wrapper are besides their
 * numbers, as plain JSON, and the checked way back. One document serves both file forms.
 *
 *   { "layers": [4, 16, 3], "activations": ["relu", "softmax"], "loss": "categorical-cross-entropy",
 *     "task": "classification", "inputNames": [...], "targetNames": ["species"],
 *     "inputScaler": { "kind": "standard", "offset": [...], "scale": [...] },
 *     "labels": ["setosa", "versicolor", "virginica"] }        // or "targetScaler" for regression
 *
 * A bare network has only layers, activations and loss.
 */
import { ACTIVATION_NAMES, activation, type ActivationSpec } from '../activations/activations.js';
import { BpnnError, ConfigError } from '../errors.js';
import { checkCategorical, type CategoricalInput } from '../data/categories.js';
import { LOSS_NAMES, type LossName } from '../network/losses.js';
import type { DType, FloatArray } from '../data/matrix.js';
import { Network } from '../network/network.js';
import { SCALER_KINDS, type Scaler } from '../data/scaler.js';
import { TASKS, type Task } from '../data/task.js';
import type { TrainingRecord } from '../training/training-record.js';
import type { JsonFields, JsonObject } from './json-fields.js';

/** The `model` document of a bare network: layer sizes, each layer's activation, the loss. */
export interface NetworkDocument {
  layers: number[];
  activations: ActivationSpec[];
  loss: LossName;
}

/** The `model` document of a Model: the network's, plus task, column names, scaling and labels. */
export interface ModelDocument extends NetworkDocument {
  task: Task;
  inputNames: string[];
  targetNames: string[];
  inputScaler: Scaler;
  /** The categorical input columns (data/categories.ts), when there are any. */
  categorical?: CategoricalInput[];
  /** Trained with missing: 'mean': each input's fill (data/missing.ts). */
  fill?: number[];
  labels?: string[];
  targetScaler?: Scaler;
}

/** The largest layer a file may declare; its tensors must still fit in the file. */
const MAX_LAYER_SIZE = 2 ** 31 - 1;

/** A network's `model` document. */
export function networkDocument(network: Network): NetworkDocument {
  const { layers, activations, loss } = network.config();
  return { layers, activations, loss };
}

/** What a Model holds besides its training: what a model document describes. */
export interface ModelDescription {
  task: Task;
  network: Network;
  inputNames: readonly string[];
  targetNames: readonly string[];
  inputScaler: Scaler;
  /** The categorical input columns whose 0/1 columns are among inputNames. */
  categorical?: readonly CategoricalInput[];
  /** The value each input takes when it is missing (a model trained with missing: 'mean'). */
  fill?: readonly number[];
  /** Classification: the class of each output, in output order. */
  labels?: readonly string[];
  /** Regression: the scaling of the targets the network was trained on. */
  targetScaler?: Scaler;
}

/** A model's `model` document. */
export function modelDocument(model: ModelDescription): ModelDocument {
  return {
    ...networkDocument(model.network),
    task: model.task,
    inputNames: [...model.inputNames],
    targetNames: [...model.targetNames],
    inputScaler: copyScaler(model.inputScaler),
    ...(model.categorical !== undefined && model.categorical.length > 0 && { categorical: model.categorical.map(({ name, categories }) => ({ name, categories: [...categories] })) }),
    ...(model.fill !== undefined && { fill: [...model.fill] }),
    ...(model.labels !== undefined && { labels: [...model.labels] }),
    ...(model.targetScaler !== undefined && { targetScaler: copyScaler(model.targetScaler) }),
  };
}

/** Checks a parsed `model` document: the network part always, the model part when `task` is there. */
export function readModelDocument(value: unknown, fields: JsonFields): NetworkDocument | ModelDocument {
  const doc = fields.object(value, 'model');
  const layers = fields.array(fields.member(doc, 'layers', 'model'), 'model.layers').map((n, l) => fields.integer(n, `model.layers[${l}]`, 1, MAX_LAYER_SIZE));
  if (layers.length < 2) throw fields.fail('model.layers', `must list at least 2 layer sizes (inputs and outputs), got ${layers.length}`);
  const activations = fields.array(fields.member(doc, 'activations', 'model'), 'model.activations', layers.length - 1).map((spec, l) => activationSpec(spec, `model.activations[${l}]`, fields));
  const loss = fields.oneOf(fields.member(doc, 'loss', 'model'), LOSS_NAMES, 'model.loss');
  const network: NetworkDocument = { layers, activations, loss };
  if (!Object.hasOwn(doc, 'task')) return network;

  const inputs = layers[0];
  const outputs = layers[layers.length - 1];
  const task = fields.oneOf(doc.task, TASKS, 'model.task');
  const inputNames = distinct(fields.strings(fields.member(doc, 'inputNames', 'model'), 'model.inputNames', inputs), 'model.inputNames', 'name each input column differently', fields);
  const targetNames = fields.strings(fields.member(doc, 'targetNames', 'model'), 'model.targetNames', task === 'regression' ? outputs : 1);
  const inputScaler = scaler(fields.member(doc, 'inputScaler', 'model'), 'model.inputScaler', inputs, fields);
  const categorical = categoricalInputs(fields.member(doc, 'categorical', 'model', true), inputNames, fields);
  const fillValue = fields.member(doc, 'fill', 'model', true);
  const fill = fillValue === undefined ? undefined : fields.numbers(fillValue, 'model.fill', inputs);
  const columns = { inputNames, targetNames, inputScaler, ...(categorical.length > 0 && { categorical }), ...(fill !== undefined && { fill }) };
  if (task === 'classification') {
    const labels = distinct(fields.strings(fields.member(doc, 'labels', 'model'), 'model.labels', outputs), 'model.labels', 'name each output with a different class', fields);
    return { ...network, task, ...columns, labels };
  }
  const targetScaler = scaler(fields.member(doc, 'targetScaler', 'model'), 'model.targetScaler', outputs, fields);
  return { ...network, task, ...columns, targetScaler };
}

export function isModelDocument(doc: NetworkDocument | ModelDocument): doc is ModelDocument {
  return 'task' in doc;
}

/** The network a checked document describes, with the given parameters. */
export function buildNetwork(doc: NetworkDocument, dtype: DType, params: FloatArray, fields: JsonFields): Network {
  // Each part was checked alone; core may still refuse a combination (softmax in a hidden layer, …).
  return fields.build('model', 'a network', () => Network.fromParameters({ layers: doc.layers, activations: doc.activations, loss: doc.loss, dtype }, params));
}

/** The deepest a training record may nest: it is kept as read and written again, whose JSON.stringify recurses. */
export const MAX_RECORD_DEPTH = 32;

/** Refuses a training record nested deeper than MAX_RECORD_DEPTH (walked without recursion). */
function checkDepth(record: object, fields: JsonFields): void {
  const stack: Array<[unknown, number]> = [[record, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth > MAX_RECORD_DEPTH) throw fields.fail('training', `nests arrays and objects more than ${MAX_RECORD_DEPTH} deep; a training record has a few levels`);
    for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push([child, depth + 1]);
  }
}

/**
 * Checks a parsed `training` record: null (none) or the fields a TrainingRecord has, each of its
 * type; fields it does not know (from a later core) are kept as they are, nested at most
 * MAX_RECORD_DEPTH deep.
 */
export function readTrainingRecord(value: unknown, fields: JsonFields): TrainingRecord | undefined {
  if (value === null) return undefined;
  const record = fields.object(value, 'training');
  checkDepth(record, fields);
  const member = (key: string, optional = false) => fields.member(record, key, 'training', optional);
  const count = (key: string) => fields.integer(member(key), `training.${key}`);
  const valLoss = member('valLoss', true);
  const epochs = count('epochs');
  // A training stopped before its first epoch ended has no loss: NaN, which JSON writes as null.
  const loss = (key: string, value: unknown) => (epochs === 0 && value === null ? NaN : fields.finite(value, `training.${key}`));
  return {
    ...record,
    options: fields.object(member('options'), 'training.options'),
    rows: count('rows'),
    epochs,
    bestEpoch: count('bestEpoch'),
    stoppedBy: fields.string(member('stoppedBy'), 'training.stoppedBy'),
    loss: loss('loss', member('loss')),
    ...(valLoss !== undefined && { valLoss: loss('valLoss', valLoss) }),
    seed: fields.integer(member('seed'), 'training.seed', Number.MIN_SAFE_INTEGER),
    seconds: fields.finite(member('seconds'), 'training.seconds'),
  };
}

function activationSpec(value: unknown, field: string, fields: JsonFields): ActivationSpec {
  let spec: ActivationSpec;
  if (typeof value === 'string') {
    spec = fields.oneOf(value, ACTIVATION_NAMES, field);
  } else {
    const object: JsonObject = fields.object(value, field);
    const name = fields.oneOf(fields.member(object, 'name', field), ACTIVATION_NAMES, `${field}.name`);
    const alpha = fields.member(object, 'alpha', field, true);
    spec = alpha === undefined ? { name } : { name, alpha: fields.finite(alpha, `${field}.alpha`) };
  }
  try {
    activation(spec, field); // core's own check of the parameters (alpha > 0, …)
  } catch (error) {
    if (error instanceof BpnnError) throw fields.fail(field, `is not a valid activation: ${error.message}`);
    throw error;
  }
  return spec;
}

/** A Scaler of `width` columns: offsets finite, scales finite and non-zero (they divide). */
function scaler(value: unknown, field: string, width: number, fields: JsonFields): Scaler {
  const object = fields.object(value, field);
  const kind = fields.oneOf(fields.member(object, 'kind', field), SCALER_KINDS, `${field}.kind`);
  const offset = fields.numbers(fields.member(object, 'offset', field), `${field}.offset`, width);
  const scale = fields.numbers(fields.member(object, 'scale', field), `${field}.scale`, width);
  const zero = scale.indexOf(0);
  if (zero >= 0) throw fields.fail(`${field}.scale[${zero}]`, 'must not be 0 (inputs are divided by it), got 0');
  return { kind, offset, scale };
}

/** A model's categorical input columns (none when the document has no `categorical`), checked against its input names. */
function categoricalInputs(value: unknown, inputNames: readonly string[], fields: JsonFields): CategoricalInput[] {
  if (value === undefined) return [];
  try {
    return checkCategorical(inputNames, value, 'model.categorical');
  } catch (error) {
    if (error instanceof ConfigError) throw fields.fail(error.field, error.message.slice(error.field.length + 1));
    throw error;
  }
}

/** The list, if no name appears twice in it. */
function distinct(names: string[], field: string, rule: string, fields: JsonFields): string[] {
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) throw fields.fail(field, `must ${rule}, got ${JSON.stringify(repeated)} twice`);
  return names;
}

function copyScaler(s: Scaler): Scaler {
  return { kind: s.kind, offset: [...s.offset], scale: [...s.scale] };
}
