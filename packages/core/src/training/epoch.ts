/**
 * One epoch of training, the loop inside fit's loop over epochs: batch by batch through the
 * network's general path, or sample by sample through a step compiled for a small network
 * (online.ts); and the guard that stops a diverging run with the last good weights.
 */
import { TrainingError, show } from '../errors.js';
import type { Batch, RowSet } from './batch.js';
import type { FloatArray } from '../data/matrix.js';
import type { Network } from '../network/network.js';
import { compileSampleStep, type SampleStep } from './online.js';
import type { Objective, Optimizer } from '../optimizers/optimizer-interface.js';
import type { Dropout } from './dropout.js';
import type { Random } from '../random.js';

/**
 * Rows order[from … to) of an epoch, batch by batch: forward → loss → backward → optimiser step
 * (`from` is a multiple of batchSize, so a run split into slices has the same batches as one in
 * a single call). Adds the summed cost (each batch's mean times its size) to lossSum[0] and
 * returns true, or returns false when `signal` aborted it. (Numbers go back through a typed array, as returning
 * a double from a call the JIT does not inline allocates it.) A small function of its own, so
 * that the JIT optimises it whole rather than mid-loop.
 */
export function trainEpoch(
  network: Network,
  plan: BatchPlan,
  train: RowSet,
  order: Uint32Array,
  from: number,
  to: number,
  epoch: number,
  lastGood: FloatArray,
  lossSum: Float64Array,
): boolean {
  const { opt, batch, batchSize, l2, l1, signal, dropout, random } = plan;
  for (let start = from; start < to; start += batchSize) {
    if (signal !== undefined && signal.aborted) return false;
    const size = Math.min(batchSize, to - start);
    batch.gather(train, order, start, size);
    dropout?.draw(size, random); // the neurons this batch trains without
    network.forward(batch.inputs, size, dropout); // forward
    const cost = network.cost(batch.targets, size, l2, batch.weights, l1); // loss
    if (!Number.isFinite(cost)) diverged(network, lastGood, epoch, cost);
    lossSum[0] += cost * size;
    network.backward(batch.targets, size, l2, batch.weights, l1, dropout); // backward
    opt.step(network.params, network.grads, opt.fullBatch ? objective(network, batch, size, l2, l1, dropout, cost) : undefined); // optimiser step
  }
  return true;
}

/**
 * What a full-batch optimiser may re-evaluate (a line search): the batch's cost J and its gradient
 * at the network's current parameters, with the same dropout masks as the step's forward pass.
 */
function objective(network: Network, batch: Batch, size: number, l2: number, l1: number, dropout: Dropout | undefined, cost: number): Objective {
  return {
    rows: size,
    cost,
    evaluate() {
      network.forward(batch.inputs, size, dropout); // forward
      const j = network.cost(batch.targets, size, l2, batch.weights, l1); // loss
      network.backward(batch.targets, size, l2, batch.weights, l1, dropout); // backward
      return j;
    },
  };
}

/** What trainEpoch reads of a training's plan (training.ts). */
export interface BatchPlan {
  opt: Optimizer;
  batch: Batch;
  batchSize: number;
  l2: number;
  l1: number;
  signal: { readonly aborted: boolean } | undefined;
  dropout: Dropout | undefined;
  random: Random;
}

/** trainEpoch for batchSize 1 with a compiled step: forward → loss → backward in one call per sample. */
export function trainEpochOnline(
  network: Network,
  opt: Optimizer,
  sampleStep: SampleStep,
  train: RowSet,
  order: Uint32Array,
  from: number,
  to: number,
  signal: { readonly aborted: boolean } | undefined,
  epoch: number,
  lastGood: FloatArray,
  lossSum: Float64Array,
): boolean {
  const x = train.x.data; // (rows, n_0)
  const y = train.y.data; // (rows, n_L)
  const inputs = train.x.cols;
  const outputs = train.y.cols;
  const rate = opt.descentRate;
  const costs = sampleStep.cost;
  let sum = lossSum[0];
  for (let s = from; s < to; s++) {
    if (signal !== undefined && signal.aborted) return false;
    const row = order[s];
    // forward, loss, backward; and the optimiser step too when it is plain gradient descent
    sampleStep.run(x, row * inputs, y, row * outputs, rate ?? 0);
    const cost = costs[0];
    if (!Number.isFinite(cost)) diverged(network, lastGood, epoch, cost);
    sum += cost;
    if (rate === undefined) opt.step(network.params, network.grads); // optimiser step
  }
  lossSum[0] = sum;
  return true;
}

/** Puts back the weights of the epoch's start and throws the error that says training diverged. */
export function diverged(network: Network, lastGood: FloatArray, epoch: number, cost: number): never {
  network.params.set(lastGood);
  throw new TrainingError(
    `training diverged in epoch ${epoch} (the loss became ${show(cost)}); the network keeps the weights from the start of that epoch. Try a smaller learning rate, scaled inputs, or gradient-friendlier activations`,
  );
}

/** Each network's compiled step, kept while the network lives: compiling and warming it up costs more than a short fit. */
const compiledSteps = new WeakMap<Network, { l2: number; descend: boolean; step: SampleStep | null }>();

export function compiledStep(network: Network, l2: number, descend: boolean): SampleStep | null {
  const cached = compiledSteps.get(network);
  if (cached !== undefined && cached.l2 === l2 && cached.descend === descend) return cached.step;
  const step = compileSampleStep(network, l2, descend);
  compiledSteps.set(network, { l2, descend, step });
  return step;
}
