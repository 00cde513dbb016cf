/**
 * The one buffer of a network's weights and biases, and its twin of gradients: the layout, layer
 * by layer W[0], b[0], W[1], b[1], … (W[l] (n_l, n_{l+1}), b[l] (n_{l+1}), as in the model file);
 * the memory the backend gives both; and the named views of `network.parameters()`, the contract
 * with the optimisers and the serializers.
 */
import { createBackend, type Backend } from '../backend/backend.js';
import { dtypeRange, finiteIn, type DType, type FloatArray } from '../data/matrix.js';
import { ConfigError, DataError, show } from '../errors.js';
import type { NetworkOptions } from './network-config.js';

/** One named tensor: a view of the parameter buffer and the matching view of the gradients. */
export interface Parameter {
  /** `layers.{l}.weight` or `layers.{l}.bias`, as in the model file. */
  name: string;
  layer: number;
  kind: 'weight' | 'bias';
  shape: number[];
  /** Where the tensor starts in `params` and `grads`. */
  offset: number;
  value: FloatArray;
  gradient: FloatArray;
}

/** Where each weight layer's W[l] and b[l] start in the buffer, and the buffer's length. */
export interface ParameterLayout {
  weightOffsets: number[];
  biasOffsets: number[];
  length: number;
}

/** The layout of the parameters of a network of these layer sizes. */
export function parameterLayout(layers: readonly number[]): ParameterLayout {
  const weightOffsets: number[] = [];
  const biasOffsets: number[] = [];
  let offset = 0;
  for (let l = 0; l + 1 < layers.length; l++) {
    weightOffsets.push(offset);
    offset += layers[l] * layers[l + 1];
    biasOffsets.push(offset);
    offset += layers[l + 1];
  }
  return { weightOffsets, biasOffsets, length: offset };
}

/**
 * The backend of a network (its threads set) and, from its memory, the parameter and gradient
 * buffers; a network within MAX_PARAMETERS whose memory the engine will not give (a full machine,
 * or a 32-bit WebAssembly memory of 4 GiB for the parameters, their gradients and the widest layer)
 * is a ConfigError that says so.
 */
export function parameterMemory(layers: readonly number[], dtype: DType, options: Pick<NetworkOptions, 'backend' | 'threads' | 'wasmKernels'>, length: number): { backend: Backend; params: FloatArray; grads: FloatArray } {
  const largestLayer = Math.max(...layers.slice(1).map((m, l) => layers[l] * m));
  try {
    const backend = createBackend(dtype, options.backend, length, options.wasmKernels);
    backend.prepare(largestLayer);
    if (backend.name === 'wasm' || options.threads !== undefined) backend.setThreads(options.threads ?? 'auto');
    return { backend, params: backend.allocate(length), grads: backend.allocate(length) };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const bytes = 2 * length * (dtype === 'float32' ? 4 : 8);
    throw new ConfigError('layers', `${show(layers)} have ${length.toLocaleString('en-US')} weights and biases, ${(bytes / 2 ** 30).toFixed(1)} GiB with their gradients, more memory than this engine could allocate (${error.message})`);
  }
}

/** Per weight layer l, the views of `buffer` (the parameters or their gradients): W[l] and b[l]. */
export function layerViews(layers: readonly number[], layout: ParameterLayout, buffer: FloatArray): { weights: FloatArray[]; biases: FloatArray[] } {
  const weights: FloatArray[] = [];
  const biases: FloatArray[] = [];
  for (let l = 0; l + 1 < layers.length; l++) {
    const w = layout.weightOffsets[l];
    const b = layout.biasOffsets[l];
    weights.push(buffer.subarray(w, w + layers[l] * layers[l + 1]));
    biases.push(buffer.subarray(b, b + layers[l + 1]));
  }
  return { weights, biases };
}

/** Named views of every tensor and its gradient, in file order. */
export function namedParameters(layers: readonly number[], layout: ParameterLayout, params: FloatArray, grads: FloatArray): Parameter[] {
  const out: Parameter[] = [];
  for (let l = 0; l + 1 < layers.length; l++) {
    const n = layers[l];
    const m = layers[l + 1];
    const w = layout.weightOffsets[l];
    const b = layout.biasOffsets[l];
    out.push({ name: `layers.${l}.weight`, layer: l, kind: 'weight', shape: [n, m], offset: w, value: params.subarray(w, w + n * m), gradient: grads.subarray(w, w + n * m) });
    out.push({ name: `layers.${l}.bias`, layer: l, kind: 'bias', shape: [m], offset: b, value: params.subarray(b, b + m), gradient: grads.subarray(b, b + m) });
  }
  return out;
}

/**
 * Every value of `params` finite once held in the network's dtype, else a DataError naming the
 * tensor and element: a float64 weight beyond ±3.4e38 given to a float32 network (an import with
 * `dtype: 'float32'`) would be held as ±Infinity, and a prediction NaN.
 */
export function checkParameterValues(params: ArrayLike<number>, dtype: DType, tensors: readonly Parameter[]): void {
  for (let k = 0; k < params.length; k++) {
    const value = params[k];
    if (typeof value === 'number' && finiteIn(value, dtype)) continue;
    const tensor = tensors.find((p) => k >= p.offset && k < p.offset + p.value.length)!;
    const i = k - tensor.offset;
    const at = tensor.shape.length === 2 ? `[${Math.floor(i / tensor.shape[1])}][${i % tensor.shape[1]}]` : `[${i}]`;
    const beyond = typeof value === 'number' && Number.isFinite(value) ? ` (beyond ${dtypeRange(dtype)}, which this ${dtype} network holds)` : '';
    throw new DataError(`parameters: ${tensor.name}${at} must be a finite number, got ${show(value)}${beyond}`);
  }
}
