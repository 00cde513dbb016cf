/**
 * A network's architecture: the options it is built from, checked and completed into the
 * NetworkConfig that a model file stores (layer sizes, one activation per layer, loss, dtype).
 */
import { activation, type ActivationSpec } from '../activations/activations.js';
import type { BackendPreference, ThreadCount } from '../backend/backend.js';
import type { KernelPreference } from '../backend/kernel-variants.js';
import { ConfigError, show } from '../errors.js';
import type { InitName } from './init.js';
import { loss as lossByName, type LossName } from './losses.js';
import type { DType } from '../data/matrix.js';
import { NETWORK_DEFAULTS } from '../defaults/defaults.js';
import { checkObject, checkOptions, optionNames } from '../strict-options.js';

/** The options of `new Network(…)`: the layer sizes, and defaults for everything else. */
export interface NetworkOptions {
  /** Neurons per layer, input layer first: [4, 8, 3] is 4 inputs, 8 hidden neurons, 3 outputs. */
  layers: readonly number[];
  /** The hidden layers' activation, or one per weight layer (layers.length − 1 of them). */
  activation?: ActivationSpec | readonly ActivationSpec[];
  /** The output layer's activation; by default softmax for categorical cross-entropy, sigmoid for
   * binary cross-entropy, and the hidden activation for mse (the classic all-sigmoid BPNN). */
  outputActivation?: ActivationSpec;
  loss?: LossName;
  dtype?: DType;
  /** Weight initialisation; by default He for relu-like activations, Glorot for the rest. */
  init?: InitName;
  /** Seed of the generator that draws the initial weights. */
  seed?: number;
  /** Where the numbers live and which kernels run: by default WebAssembly SIMD (f32x4 for float32,
   * f64x2 for float64; when the engine has it and the network is not tiny) and TypeScript loops
   * otherwise. Both compute the same to the dtype's rounding. */
  backend?: BackendPreference;
  /** Threads that large kernel calls are split over (wasm backend only): auto (the default) uses
   * the machine's cores, up to 4. Results are bit-identical whatever the count. */
  threads?: ThreadCount;
  /** The build of the WebAssembly kernels (wasm backend only): auto (the default) takes fma, whose
   * multiply-adds round once, where the engine has relaxed SIMD, else simd; simd gives the same
   * numbers on every engine. The environment variable BPNN_WASM_KERNELS=simd makes auto mean simd. */
  wasmKernels?: KernelPreference;
}

/** Every option of new Network: any other key is an error naming the closest one. */
export const NETWORK_OPTIONS = optionNames<NetworkOptions>({
  layers: true,
  activation: true,
  outputActivation: true,
  loss: true,
  dtype: true,
  init: true,
  seed: true,
  backend: true,
  threads: true,
  wasmKernels: true,
});

/** A network's architecture as plain data: what a model file stores besides the numbers. */
export interface NetworkConfig {
  layers: number[];
  activations: ActivationSpec[];
  loss: LossName;
  dtype: DType;
}

/**
 * The most weights and biases a network holds: 2^31 − 1, what typed arrays and the WebAssembly
 * kernels (a 32-bit memory, which also holds the gradients) index; 8 GiB of float32 parameters
 * alone, past any network this toolkit is for.
 */
export const MAX_PARAMETERS = 2 ** 31 - 1;

/** The weights and biases of layers of these sizes. */
export function parameterCount(layers: readonly number[]): number {
  let count = 0;
  for (let l = 0; l + 1 < layers.length; l++) count += layers[l] * layers[l + 1] + layers[l + 1];
  return count;
}

/** Checks the options and fills in the defaults (see NetworkOptions). */
export function resolveConfig(options: NetworkOptions): NetworkConfig {
  checkObject(options, 'options', 'an object such as { layers: [2, 3, 1] }');
  checkOptions(options, NETWORK_OPTIONS, 'new Network');
  const { layers } = options;
  if (!Array.isArray(layers) || layers.length < 2) {
    throw new ConfigError('layers', `must list at least 2 layer sizes (inputs and outputs), got ${show(layers)}`);
  }
  // (a for loop, not forEach, which skips the holes of a sparse array such as [2, , 1])
  for (let l = 0; l < layers.length; l++) {
    const size: unknown = layers[l];
    if (!Number.isInteger(size) || (size as number) < 1) {
      throw new ConfigError(`layers[${l}]`, `must be a whole number ≥ 1, got ${l in layers ? show(size) : 'nothing (a hole in the array)'}`);
    }
  }
  const parameters = parameterCount(layers);
  if (parameters > MAX_PARAMETERS) {
    throw new ConfigError('layers', `${show(layers)} have ${parameters.toLocaleString('en-US')} weights and biases; a network holds at most ${MAX_PARAMETERS.toLocaleString('en-US')} (2^31 − 1)`);
  }
  const dtype = options.dtype ?? NETWORK_DEFAULTS.dtype;
  if (dtype !== 'float32' && dtype !== 'float64') throw new ConfigError('dtype', `must be float32 or float64, got ${show(dtype)}`);
  const loss = lossByName(options.loss ?? NETWORK_DEFAULTS.loss).name;
  const weightLayers = layers.length - 1;
  let activations: ActivationSpec[];
  if (Array.isArray(options.activation)) {
    if (options.outputActivation !== undefined) {
      throw new ConfigError('outputActivation', 'cannot be given with a list of activations (the list already names the output layer)');
    }
    if (options.activation.length !== weightLayers) {
      throw new ConfigError('activation', `lists ${options.activation.length} activations, the layers need ${weightLayers} (one per layer after the input)`);
    }
    activations = [...options.activation];
  } else {
    const hidden = (options.activation as ActivationSpec | undefined) ?? NETWORK_DEFAULTS.activation;
    const output = options.outputActivation ?? (loss === 'categorical-cross-entropy' ? 'softmax' : loss === 'binary-cross-entropy' ? 'sigmoid' : hidden);
    activations = [...Array(weightLayers - 1).fill(hidden), output];
  }
  const listed = Array.isArray(options.activation);
  activations.forEach((spec, l) => {
    const act = activation(spec, listed ? `activation[${l}]` : l === weightLayers - 1 ? 'outputActivation' : 'activation');
    if (act.name === 'softmax' && l !== weightLayers - 1) {
      throw new ConfigError(`activation of layer ${l + 1}`, 'is softmax, which only the output layer may use (it ties the outputs of a layer together into one distribution)');
    }
  });
  return { layers: [...layers], activations, loss, dtype };
}

