/**
 * A checkpoint (checkpoint.ts) in a model file, beside the weights: the optimiser's buffers as
 * tensors `optimizer.{name}` (`optimizer.m`, `optimizer.v` for Adam, `optimizer.velocity` for SGD,
 * `optimizer.delta`, `optimizer.previous` for RPROP), each of shape [parameters] in the network's
 * dtype, and the rest as the JSON document `checkpoint`:
 *
 *   { "epochs": 10, "optimizer": { "name": "adam", "steps": 40 },
 *     "random": { "words": [4 int32], "spareNormal": null }, "order": [row, …], "schedule": {…} }
 *
 * A file without a checkpoint is exactly as before, so format_version stays 1: a reader older than
 * checkpoints refuses a file that has one (its `optimizer.*` tensors are not part of the network),
 * it never misreads it.
 */
import type { TrainingCheckpoint } from '../checkpoint.js';
import type { FloatArray } from '../matrix.js';
import { OPTIMIZER_NAMES } from '../optimizers/optimizer.js';
import { STATE_MATRICES, STATE_TENSORS } from '../optimizers/optimizer-interface.js';
import type { JsonFields } from './json-fields.js';
import { DTYPE_NAMES, type NamedTensor } from './model-tensors.js';
import type { DType } from '../matrix.js';

/** The prefix of a checkpoint's tensors. */
export const OPTIMIZER_TENSOR = 'optimizer.';

/** The checkpoint's `checkpoint` document: everything but the optimiser's buffers. */
export interface CheckpointDocument {
  epochs: number;
  optimizer: { name: string; steps: number };
  random: { words: number[]; spareNormal: number | null };
  order: number[];
  schedule?: { rate: number; best: number | null; bad: number; cooldown: number };
}

/** The optimiser's buffers as tensors, in the network's dtype: [parameters], or (pairs, parameters) for L-BFGS's s and y. */
export function checkpointTensors(checkpoint: TrainingCheckpoint, dtype: DType, parameters: number): NamedTensor[] {
  return Object.entries(checkpoint.optimizer.tensors).map(([name, data]) => ({
    name: `${OPTIMIZER_TENSOR}${name}`,
    dtype: DTYPE_NAMES[dtype],
    shape: STATE_MATRICES.includes(name) ? [data.length / parameters, parameters] : [data.length],
    data,
  }));
}

/** The checkpoint's `checkpoint` document (plain JSON): everything but the optimiser's buffers. */
export function checkpointDocument(checkpoint: TrainingCheckpoint): CheckpointDocument {
  const { epochs, optimizer, random, order, schedule } = checkpoint;
  return {
    epochs,
    optimizer: { name: optimizer.name, steps: optimizer.steps },
    random: { words: [...random.words], spareNormal: random.spareNormal },
    order: Array.from(order),
    // JSON has no Infinity: a plateau schedule that has seen no epoch yet has best = null.
    ...(schedule !== undefined && { schedule: { ...schedule, best: Number.isFinite(schedule.best) ? schedule.best : null } }),
  };
}

/**
 * A checkpoint from a file's `checkpoint` document and its `optimizer.*` tensors, checked against
 * the network's parameter count and dtype; anything wrong is a FileFormatError naming the field.
 */
export function readCheckpoint(value: unknown, tensors: readonly NamedTensor[], parameters: number, dtype: DType, fields: JsonFields): TrainingCheckpoint {
  const doc = fields.object(value, 'checkpoint');
  const member = (object: Record<string, unknown>, key: string, field: string) => fields.member(object, key, field);
  const optimizer = fields.object(member(doc, 'optimizer', 'checkpoint'), 'checkpoint.optimizer');
  const name = fields.oneOf(member(optimizer, 'name', 'checkpoint.optimizer'), OPTIMIZER_NAMES, 'checkpoint.optimizer.name');
  const steps = fields.integer(member(optimizer, 'steps', 'checkpoint.optimizer'), 'checkpoint.optimizer.steps');
  const random = fields.object(member(doc, 'random', 'checkpoint'), 'checkpoint.random');
  const words = fields.numbers(member(random, 'words', 'checkpoint.random'), 'checkpoint.random.words', 4).map((w, i) => fields.integer(w, `checkpoint.random.words[${i}]`, -(2 ** 31), 2 ** 31 - 1));
  const spare = member(random, 'spareNormal', 'checkpoint.random');
  const spareNormal = spare === null ? null : fields.finite(spare, 'checkpoint.random.spareNormal');
  // A row index at a time into the array, the field's name made only for an error (a million rows are a million names).
  const rows = fields.array(member(doc, 'order', 'checkpoint'), 'checkpoint.order');
  const order = new Uint32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    order[i] = typeof r === 'number' && Number.isInteger(r) && r >= 0 && r <= 2 ** 32 - 1 ? r : fields.integer(r, `checkpoint.order[${i}]`, 0, 2 ** 32 - 1);
  }
  const byName: Record<string, FloatArray> = {};
  for (const tensor of tensors) {
    const key = tensor.name.slice(OPTIMIZER_TENSOR.length);
    const field = `tensor ${JSON.stringify(tensor.name)}`;
    if (!STATE_TENSORS[name].includes(key)) throw fields.fail(field, `is not part of ${name}'s state (${STATE_TENSORS[name].map((t) => OPTIMIZER_TENSOR + t).join(', ')})`);
    const matrix = STATE_MATRICES.includes(key);
    const shaped = matrix ? tensor.shape.length === 2 && tensor.shape[1] === parameters : tensor.shape.length === 1 && tensor.shape[0] === parameters;
    if (!shaped) throw fields.fail(`${field}.shape`, `must be ${matrix ? `[pairs, ${parameters}]` : `[${parameters}]`} (one value per parameter), got ${JSON.stringify(tensor.shape)}`);
    if (tensor.dtype !== DTYPE_NAMES[dtype]) throw fields.fail(`${field}.dtype`, `must be ${DTYPE_NAMES[dtype]}, the network's, got ${JSON.stringify(tensor.dtype)}`);
    const bad = tensor.data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw fields.fail(`${field}[${bad}]`, `must be a finite number, got ${tensor.data[bad]}`);
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
