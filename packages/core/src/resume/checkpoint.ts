/**
 * A checkpoint: what a training hands to the training that continues it, so that the two together
 * give the weights, bit for bit, of one training that never stopped: the optimiser's state (Adam's
 * moments and step count, SGD's velocity, RPROP's steps and last gradients), the generator's state,
 * the order of the rows (each epoch shuffles the previous epoch's order), the epochs run (a
 * schedule counts from the first) and a schedule's counters. `fit` returns one as
 * `result.checkpoint` and takes one as `resume`; a Model keeps it, and a .bpnn file carries it
 * (model-file/checkpoint-file.ts).
 */
import { ConfigError, show } from '../errors.js';
import type { Network } from '../network/network.js';
import { negativeState, STATE_MATRICES, type Optimizer, type OptimizerState } from '../optimizers/optimizer-interface.js';
import { checkRandomState, type Random, type RandomState } from '../random.js';
import type { LearningRateSchedule, ScheduleState } from '../training/schedules.js';

/**
 * What continues a training bit for bit: `fit`'s `result.checkpoint`, taken by `resume`; a Model
 * keeps it as `model.checkpoint` and a model file carries it.
 */
export interface TrainingCheckpoint {
  /** Epochs run by all the trainings so far. */
  epochs: number;
  optimizer: OptimizerState;
  random: RandomState;
  /** The training rows in the order the last epoch ran them. */
  order: Uint32Array;
  schedule?: ScheduleState;
}

/** What a training is made of, for saving and resuming it. */
interface Parts {
  network: Network;
  opt: Optimizer;
  random: Random;
  schedule: LearningRateSchedule | undefined;
}

/**
 * The checkpoint of a finished training after `epochs` epochs in all, its rows in `order`, which
 * the checkpoint keeps (not a copy: a million rows are 4 MB, and the training is over).
 */
export function saveCheckpoint(parts: Parts, epochs: number, order: Uint32Array): TrainingCheckpoint {
  return {
    epochs,
    optimizer: parts.opt.saveState(),
    random: parts.random.save(),
    order,
    ...(parts.schedule !== undefined && { schedule: parts.schedule.save() }),
  };
}

/**
 * Continues `checkpoint` in a training about to start on rows `index` (checked against it):
 * restores the optimiser, the generator and the schedule, and returns the row order and the epochs
 * already run. A checkpoint of another optimiser or another data set is a ConfigError.
 */
export function resumeCheckpoint(parts: Parts, checkpoint: TrainingCheckpoint, index: Uint32Array): { order: Uint32Array; epochsBefore: number } {
  const { opt, network } = parts;
  if (checkpoint === null || typeof checkpoint !== 'object' || !(checkpoint.order instanceof Uint32Array)) {
    throw new ConfigError('resume', `must be a checkpoint (a FitResult's checkpoint, or a Model's), got ${show(checkpoint)}`);
  }
  checkParts(checkpoint);
  if (checkpoint.optimizer.name !== opt.name) {
    throw new ConfigError('resume', `holds the state of ${checkpoint.optimizer.name}, but this training uses ${opt.name}: continue with ${checkpoint.optimizer.name}, or start afresh without resume`);
  }
  for (const [name, tensor] of Object.entries(checkpoint.optimizer.tensors)) {
    const fits = STATE_MATRICES.includes(name) ? tensor.length % network.parameterCount === 0 : tensor.length === network.parameterCount;
    if (!fits) {
      throw new ConfigError(`resume.optimizer.tensors.${name}`, `has ${tensor.length} values, the network ${network.parameterCount} parameters: the checkpoint is of another network`);
    }
    const bad = Array.prototype.findIndex.call(tensor, (v: number) => !Number.isFinite(v));
    if (bad >= 0) throw new ConfigError(`resume.optimizer.tensors.${name}[${bad}]`, `must be a finite number, got ${show(tensor[bad])}: the checkpoint is damaged`);
    const negative = negativeState(opt.name, name, tensor);
    if (negative.index >= 0) {
      throw new ConfigError(`resume.optimizer.tensors.${name}[${negative.index}]`, `must be ≥ 0 (${negative.what}), got ${show(tensor[negative.index])}`);
    }
  }
  checkRandomState(checkpoint.random, 'resume.random');
  let largest = -1;
  for (const r of index) largest = Math.max(largest, r);
  const rows = new Uint8Array(largest + 1); // 1 for each row of this training, 2 once the order has it
  for (const r of index) rows[r] = 1;
  const same = checkpoint.order.length === index.length && checkpoint.order.every((r) => r < rows.length && rows[r] !== 0);
  if (!same) {
    throw new ConfigError('resume', `was made on ${checkpoint.order.length} training rows that are not these ${index.length}: resume on the same data, with the same seed and validation split`);
  }
  for (let i = 0; i < checkpoint.order.length; i++) {
    const r = checkpoint.order[i];
    if (rows[r] === 2) throw new ConfigError(`resume.order[${i}]`, `is row ${r} a second time (each training row is in the order once, so a row is missing): the checkpoint is damaged`);
    rows[r] = 2;
  }
  if ((checkpoint.schedule !== undefined) !== (parts.schedule !== undefined)) {
    throw new ConfigError('schedule', `must be given as in the training the checkpoint continues (${checkpoint.schedule === undefined ? 'none' : 'one'}), got ${parts.schedule === undefined ? 'none' : 'one'}`);
  }
  opt.restoreState(checkpoint.optimizer);
  parts.random.restore(checkpoint.random);
  if (checkpoint.schedule !== undefined) parts.schedule!.restore(checkpoint.schedule);
  return { order: checkpoint.order.slice(), epochsBefore: checkpoint.epochs };
}

/**
 * The parts of a checkpoint that resumeCheckpoint reads before it compares them with the training:
 * a hand-made or damaged one is a ConfigError naming the part, not a TypeError, nor a training
 * that "diverged" on NaN moments or a negative step count.
 */
function checkParts(checkpoint: TrainingCheckpoint): void {
  const damaged = (field: string, what: string, value: unknown) => new ConfigError(`resume.${field}`, `must be ${what}, got ${show(value)}: the checkpoint is damaged`);
  const { epochs, optimizer } = checkpoint;
  if (!Number.isSafeInteger(epochs) || epochs < 0) throw damaged('epochs', 'a whole number ≥ 0 (the epochs run so far)', epochs);
  if (optimizer === null || typeof optimizer !== 'object') throw damaged('optimizer', "an optimiser's state { name, steps, tensors }", optimizer);
  if (!Number.isSafeInteger(optimizer.steps) || optimizer.steps < 0) throw damaged('optimizer.steps', 'a whole number ≥ 0', optimizer.steps);
  const { tensors } = optimizer;
  if (tensors === null || typeof tensors !== 'object') throw damaged('optimizer.tensors', 'an object of state tensors', tensors);
  for (const [name, tensor] of Object.entries(tensors)) {
    if (!(tensor instanceof Float32Array || tensor instanceof Float64Array)) throw damaged(`optimizer.tensors.${name}`, 'a Float32Array or Float64Array', tensor);
  }
}
