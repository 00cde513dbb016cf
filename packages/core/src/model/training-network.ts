/**
 * The network Model.train and trainModelOnRows make for a training that does not start from a
 * model: the caller's activations, loss, dtype and initialisation where given, else the project's
 * hidden activation, the task's output and loss (softmax and cross-entropy for classes, linear and
 * mse for numbers) and the dtype the automatic defaults chose.
 */
import type { ActivationSpec } from '../activations/activations.js';
import { TRAIN_DEFAULTS } from '../defaults/defaults.js';
import type { DType } from '../data/matrix.js';
import type { Task } from '../data/task.js';
import type { InitName } from '../network/init.js';
import type { LossName } from '../network/losses.js';
import { Network } from '../network/network.js';

/** What of the training options shapes the network (TrainOptions has them all). */
export interface NetworkChoices {
  activation?: ActivationSpec;
  outputActivation?: ActivationSpec;
  loss?: LossName;
  dtype?: DType;
  init?: InitName;
}

/** A new network of these layers for `task`, seeded. */
export function trainingNetwork(layers: number[], task: Task, options: NetworkChoices, autoDType: DType, seed: number): Network {
  return new Network({
    layers,
    activation: options.activation ?? TRAIN_DEFAULTS.activation,
    outputActivation: options.outputActivation ?? (task === 'classification' ? 'softmax' : 'linear'),
    loss: options.loss ?? (task === 'classification' ? 'categorical-cross-entropy' : 'mse'),
    dtype: options.dtype ?? autoDType,
    init: options.init,
    seed,
  });
}
