/**
 * A Model handed from one thread to another (a worker that read and checked a model file, to the
 * thread that serves it) without reading the file twice. postMessage copies plain values and typed
 * arrays but not class instances, so the Network travels as its config and its one params buffer:
 *
 *   { task, inputNames, targetNames, inputScaler, categorical?, fill?, labels?, targetScaler?, training?, checkpoint?,
 *     network: { layers, activations, loss, dtype, params } }        // params: (parameters)
 *
 * modelForTransfer copies every typed array (the params, a checkpoint's optimiser state and row
 * order) into a buffer of its own and lists those buffers in `transfer`, so that postMessage can
 * move them instead of copying them, and the model sent from stays whole. modelFromTransfer builds
 * the Model again in a few milliseconds where readModel takes a hundred for a million weights: it
 * does not hash the weights or check the file's fields, which the sending thread did; it checks
 * only what core's constructors check (the architecture, the parameter count, every parameter
 * finite, names and labels that fit the network). Give it only what modelForTransfer made.
 */
import { ConfigError, Model, Network, show, type FloatArray, type ModelParts, type NetworkConfig, type TrainingCheckpoint } from '@bpnn/core';
import { checkModel } from '../model-argument.js';

/** A Model as plain values and typed arrays: what postMessage (structured clone) can send. */
export interface TransferredModel extends Omit<ModelParts, 'network'> {
  /** The network's config and its parameters, layer by layer: W[0], b[0], W[1], b[1], … */
  network: NetworkConfig & { params: FloatArray };
}

/** What {@link modelForTransfer} makes: the value to post and the buffers to move with it. */
export interface ModelTransfer {
  value: TransferredModel;
  /** The buffers of `value`'s typed arrays, each its own: postMessage's transfer list. */
  transfer: ArrayBuffer[];
}

/** A Model as a value postMessage can send, with fresh copies of its typed arrays to transfer. */
export function modelForTransfer(model: Model): ModelTransfer {
  checkModel(model, 'modelForTransfer');
  const transfer: ArrayBuffer[] = [];
  /** A copy in a buffer of its own (not a view of the model's, nor of WebAssembly memory). */
  const own = <T extends FloatArray | Uint32Array>(array: T): T => {
    const copy = array.slice() as T;
    transfer.push(copy.buffer as ArrayBuffer);
    return copy;
  };
  const { network, checkpoint } = model;
  const value: TransferredModel = {
    task: model.task,
    network: { ...network.config(), params: own(network.params) },
    inputNames: [...model.inputNames],
    targetNames: [...model.targetNames],
    inputScaler: model.inputScaler,
    ...(model.categorical.length > 0 && { categorical: model.categorical.map(({ name, categories }) => ({ name, categories: [...categories] })) }),
    ...(model.fill !== undefined && { fill: [...model.fill] }),
    ...(model.labels !== undefined && { labels: [...model.labels] }),
    ...(model.targetScaler !== undefined && { targetScaler: model.targetScaler }),
    ...(model.training !== undefined && { training: model.training }),
    ...(checkpoint !== undefined && { checkpoint: checkpointForTransfer(checkpoint, own) }),
  };
  return { value, transfer };
}

/**
 * The Model that `value` (made by {@link modelForTransfer}, received from another thread) holds;
 * checked as core's constructors check (a ConfigError, ShapeError or DataError), not as a file.
 */
export function modelFromTransfer(value: TransferredModel): Model {
  const network = (value as Partial<TransferredModel> | null)?.network;
  if (network === null || typeof network !== 'object' || !ArrayBuffer.isView(network.params)) {
    throw new ConfigError('value', `must be what modelForTransfer made (a network with its params), got ${show(value)}`);
  }
  const { params, ...config } = network;
  return new Model({ ...value, network: Network.fromParameters(config, params) });
}

function checkpointForTransfer(checkpoint: TrainingCheckpoint, own: <T extends FloatArray | Uint32Array>(array: T) => T): TrainingCheckpoint {
  const { optimizer } = checkpoint;
  return {
    ...checkpoint,
    optimizer: { ...optimizer, tensors: Object.fromEntries(Object.entries(optimizer.tensors).map(([name, data]) => [name, own(data)])) },
    order: own(checkpoint.order),
  };
}
