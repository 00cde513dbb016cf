/**
 * A checkpoint (checkpoint.ts) in a model file, beside the weights: the optimiser's buffers as
 * tensors `optimizer.{name}` (`optimizer.m`, `optimizer.v` for Adam, `optimizer.velocity` for SGD,
 * `optimizer.delta`, `optimizer.previous` for RPROP), each of shape [parameters] in the network's
 * dtype; the order of the training rows as the tensor `checkpoint.order`, U32 of shape [rows]
 * (4 bytes a row: a million rows are 4 MB, where the JSON array of format_version 1 took 6.9 MB
 * and several times that in memory to write); and the rest as the JSON document `checkpoint`:
 *
 *   { "epochs": 10, "optimizer": { "name": "adam", "steps": 40 },
 *     "random": { "words": [4 int32], "spareNormal": null }, "schedule": {…} }
 *
 * format_version 1 kept the order in that document ("order": [row, …]); format-version.ts
 * migrates such a file on read (checkpointOrderTensor).
 */
import type { TrainingCheckpoint } from '../resume/checkpoint.js';
import type { FloatArray } from '../data/matrix.js';
import { OPTIMIZER_NAMES } from '../optimizers/optimizer.js';
import { negativeState, STATE_MATRICES, STATE_TENSORS } from '../optimizers/optimizer-interface.js';
import type { JsonFields } from './json-fields.js';
import { DTYPE_NAMES, type FloatTensor, type IndexTensor, type NamedTensor } from './model-tensors.js';
import type { DType } from '../data/matrix.js';

/** The prefix of the optimiser's tensors. */
export const OPTIMIZER_TENSOR = 'optimizer.';

/** The tensor of the training rows' order. */
export const ORDER_TENSOR = 'checkpoint.order';

/** The checkpoint's `checkpoint` document: everything but the optimiser's buffers and the order. */
export interface CheckpointDocument {
  epochs: number;
  optimizer: { name: string; steps: number };
  random: { words: number[]; spareNormal: number | null };
  schedule?: { rate: number; best: number | null; bad: number; cooldown: number };
}

/**
 * The checkpoint's tensors: the optimiser's buffers in the network's dtype, [parameters] or
 * (pairs, parameters) for L-BFGS's s and y, then the order of the rows, U32 (rows).
 */
export function checkpointTensors(checkpoint: TrainingCheckpoint, dtype: DType, parameters: number): NamedTensor[] {
  const state: FloatTensor[] = Object.entries(checkpoint.optimizer.tensors).map(([name, data]) => ({
    name: `${OPTIMIZER_TENSOR}${name}`,
    dtype: DTYPE_NAMES[dtype],
    shape: STATE_MATRICES.includes(name) ? [data.length / parameters, parameters] : [data.length],
    data,
  }));
  const order: IndexTensor = { name: ORDER_TENSOR, dtype: 'U32', shape: [checkpoint.order.length], data: checkpoint.order };
  return [...state, order];
}

/** The checkpoint's `checkpoint` document (plain JSON): everything but its tensors. */
export function checkpointDocument(checkpoint: TrainingCheckpoint): CheckpointDocument {
  const { epochs, optimizer, random, schedule } = checkpoint;
  return {
    epochs,
    optimizer: { name: optimizer.name, steps: optimizer.steps },
    random: { words: [...random.words], spareNormal: random.spareNormal },
    // JSON has no Infinity: a plateau schedule that has seen no epoch yet has best = null.
    ...(schedule !== undefined && { schedule: { ...schedule, best: Number.isFinite(schedule.best) ? schedule.best : null } }),
  };
}

/**
 * A checkpoint from a file's `checkpoint` document, its `optimizer.*` tensors and its
 * `checkpoint.order` tensor, checked against the network's parameter count and dtype; anything
 * wrong is a FileFormatError naming the field.
 */
export function readCheckpoint(value: unknown, tensors: readonly NamedTensor[], orderTensor: NamedTensor | undefined, parameters: number, dtype: DType, fields: JsonFields): TrainingCheckpoint {
  const doc = fields.object(value, 'checkpoint');
  const member = (object: Record<string, unknown>, key: string, field: string) => fields.member(object, key, field);
  const optimizer = fields.object(member(doc, 'optimizer', 'checkpoint'), 'checkpoint.optimizer');
  const name = fields.oneOf(member(optimizer, 'name', 'checkpoint.optimizer'), OPTIMIZER_NAMES, 'checkpoint.optimizer.name');
  const steps = fields.integer(member(optimizer, 'steps', 'checkpoint.optimizer'), 'checkpoint.optimizer.steps');
  const random = fields.object(member(doc, 'random', 'checkpoint'), 'checkpoint.random');
  const words = fields.numbers(member(random, 'words', 'checkpoint.random'), 'checkpoint.random.words', 4).map((w, i) => fields.integer(w, `checkpoint.random.words[${i}]`, -(2 ** 31), 2 ** 31 - 1));
  if (words.every((w) => w === 0)) throw fields.fail('checkpoint.random.words', "must not all be 0 (xoshiro128**'s degenerate state, which draws 0 for ever), got [0, 0, 0, 0]");
  const spare = member(random, 'spareNormal', 'checkpoint.random');
  const spareNormal = spare === null ? null : fields.finite(spare, 'checkpoint.random.spareNormal');
  const order = readOrder(orderTensor, fields);
  const byName: Record<string, FloatArray> = {};
  for (const tensor of tensors) {
    const key = tensor.name.slice(OPTIMIZER_TENSOR.length);
    const field = `tensor ${JSON.stringify(tensor.name)}`;
    if (!STATE_TENSORS[name].includes(key)) throw fields.fail(field, `is not part of ${name}'s state (${STATE_TENSORS[name].map((t) => OPTIMIZER_TENSOR + t).join(', ')})`);
    if (tensor.dtype === 'U32') throw fields.fail(`${field}.dtype`, `must be ${DTYPE_NAMES[dtype]}, the network's, got "U32"`);
    const matrix = STATE_MATRICES.includes(key);
    const shaped = matrix ? tensor.shape.length === 2 && tensor.shape[1] === parameters : tensor.shape.length === 1 && tensor.shape[0] === parameters;
    if (!shaped) throw fields.fail(`${field}.shape`, `must be ${matrix ? `[pairs, ${parameters}]` : `[${parameters}]`} (one value per parameter), got ${JSON.stringify(tensor.shape)}`);
    if (tensor.dtype !== DTYPE_NAMES[dtype]) throw fields.fail(`${field}.dtype`, `must be ${DTYPE_NAMES[dtype]}, the network's, got ${JSON.stringify(tensor.dtype)}`);
    const bad = tensor.data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw fields.fail(`${field}[${bad}]`, `must be a finite number, got ${tensor.data[bad]}`);
    const negative = negativeState(name, key, tensor.data);
    if (negative.index >= 0) throw fields.fail(`${field}[${negative.index}]`, `must be ≥ 0 (${negative.what}), got ${tensor.data[negative.index]}`);
    byName[key] = tensor.data;
  }
  const count = Object.keys(byName).length;
  if (count !== 0 && count !== STATE_TENSORS[name].length) {
    const missing = STATE_TENSORS[name].find((t) => !(t in byName))!;
    throw fields.fail(`tensor ${JSON.stringify(OPTIMIZER_TENSOR + missing)}`, `is missing: ${name}'s state has ${STATE_TENSORS[name].map((t) => OPTIMIZER_TENSOR + t).join(', ')}`);
  }
  const checkpoint: TrainingCheckpoint = {
    epochs: fields.integer(member(doc, 'epochs', 'checkpoint'), 'checkpoint.epochs'),
    optimizer: { name, steps, tensors: byName },
    random: { words, spareNormal },
    order,
  };
  if (Object.hasOwn(doc, 'schedule')) {
    const schedule = fields.object(doc.schedule, 'checkpoint.schedule');
    const best = member(schedule, 'best', 'checkpoint.schedule');
    checkpoint.schedule = {
      rate: fields.finite(member(schedule, 'rate', 'checkpoint.schedule'), 'checkpoint.schedule.rate'),
      best: best === null ? Infinity : fields.finite(best, 'checkpoint.schedule.best'),
      bad: fields.integer(member(schedule, 'bad', 'checkpoint.schedule'), 'checkpoint.schedule.bad'),
      cooldown: fields.integer(member(schedule, 'cooldown', 'checkpoint.schedule'), 'checkpoint.schedule.cooldown'),
    };
  }
  return checkpoint;
}

/** The order tensor, checked: U32 of shape [rows] (each index is checked against the rows when training resumes). */
function readOrder(tensor: NamedTensor | undefined, fields: JsonFields): Uint32Array {
  const field = `tensor ${JSON.stringify(ORDER_TENSOR)}`;
  if (tensor === undefined) throw fields.fail(field, 'is missing: a checkpoint holds the order of its training rows');
  if (tensor.dtype !== 'U32') throw fields.fail(`${field}.dtype`, `must be U32 (row indices), got ${JSON.stringify(tensor.dtype)}`);
  if (tensor.shape.length !== 1) throw fields.fail(`${field}.shape`, `must be [rows] (one index per training row), got ${JSON.stringify(tensor.shape)}`);
  // Each row once (a row twice means another is missing): sorted, a repeat sits beside its twin.
  const sorted = tensor.data.slice().sort();
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) throw fields.fail(`${field}[${tensor.data.indexOf(sorted[i], tensor.data.indexOf(sorted[i]) + 1)}]`, `is row ${sorted[i]} a second time: each training row is in the order once`);
  }
  return tensor.data;
}

/**
 * format_version 1's `checkpoint` document, whose "order" was a JSON array of row indices, as
 * version 2 has it: the document without it, and the tensor `checkpoint.order`. A document that
 * is not an object is left for readCheckpoint to refuse.
 */
export function checkpointOrderTensor(value: unknown, fields: JsonFields): { checkpoint: unknown; order?: IndexTensor } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { checkpoint: value };
  const { order: _listed, ...rest } = value as Record<string, unknown>;
  const order = rowIndices(fields.array(fields.member(value as Record<string, unknown>, 'order', 'checkpoint'), 'checkpoint.order'), 'checkpoint.order', fields);
  return { checkpoint: rest, order: { name: ORDER_TENSOR, dtype: 'U32', shape: [order.length], data: order } };
}

/** Row indices from JSON: whole numbers from 0 to 2³² − 1, each checked, the field's name made only for an error (a million rows are a million names). */
export function rowIndices(values: readonly unknown[], field: string, fields: JsonFields): Uint32Array {
  const out = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 2 ** 32 - 1 ? v : fields.integer(v, `${field}[${i}]`, 0, 2 ** 32 - 1);
  }
  return out;
}
