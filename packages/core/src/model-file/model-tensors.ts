/**
 * A network's parameters as named tensors, the contract between core and the model files:
 * `layers.{l}.weight` of shape [n_l, n_{l+1}] and `layers.{l}.bias` of shape [n_{l+1}], in that
 * order, layer by layer (the order of `network.parameters()` and of the one params buffer).
 */
import { show } from '../errors.js';
import { allocate, type DType, type FloatArray } from '../data/matrix.js';
import type { Network } from '../network/network.js';
import type { JsonFields } from './json-fields.js';

/** A float tensor's element type, as safetensors names it: weights and optimiser state. */
export type FloatDtype = 'F32' | 'F64';

/** One float tensor of a model file: a weight, a bias, an optimiser's buffer. */
export interface FloatTensor {
  name: string;
  dtype: FloatDtype;
  shape: number[];
  /** The values, row-major; Float32Array for F32, Float64Array for F64. */
  data: FloatArray;
}

/** A tensor of row indices (U32, as safetensors names it): a checkpoint's `checkpoint.order`. */
export interface IndexTensor {
  name: string;
  dtype: 'U32';
  shape: number[];
  data: Uint32Array;
}

/** One tensor of a model file; its dtype tells which. */
export type NamedTensor = FloatTensor | IndexTensor;

export const DTYPE_NAMES: Record<DType, FloatDtype> = { float32: 'F32', float64: 'F64' };

/** The network's weights and biases as tensors (views of its buffer, not copies). */
export function networkTensors(network: Network): FloatTensor[] {
  return network.parameters().map((p) => ({ name: p.name, dtype: DTYPE_NAMES[network.dtype], shape: [...p.shape], data: p.value }));
}

/** The tensors a network with these layer sizes has, in file order. */
export function expectedTensors(layers: readonly number[]): { name: string; shape: number[] }[] {
  const out: { name: string; shape: number[] }[] = [];
  for (let l = 0; l + 1 < layers.length; l++) {
    out.push({ name: `layers.${l}.weight`, shape: [layers[l], layers[l + 1]] });
    out.push({ name: `layers.${l}.bias`, shape: [layers[l + 1]] });
  }
  return out;
}

/**
 * One params buffer from a file's tensors, checked against the architecture: exactly the expected
 * names, each with the expected shape, one dtype for all, every value finite.
 */
export function networkParameters(layers: readonly number[], tensors: readonly NamedTensor[], fields: JsonFields): { dtype: DType; params: FloatArray } {
  const expected = expectedTensors(layers);
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const known = new Set(expected.map((e) => e.name));
  const extra = tensors.find((t) => !known.has(t.name));
  if (extra !== undefined) {
    throw fields.fail(`tensor ${JSON.stringify(extra.name)}`, `is not part of a network with layers ${show(layers)} (it has ${expected.map((e) => e.name).join(', ')})`);
  }
  const first = byName.get(expected[0].name);
  const dtype: DType = first?.dtype === 'F32' ? 'float32' : 'float64';
  const checked: FloatTensor[] = [];
  for (const { name, shape } of expected) {
    const field = `tensor ${JSON.stringify(name)}`;
    const tensor = byName.get(name);
    if (tensor === undefined) throw fields.fail(field, `is missing; layers ${show(layers)} need it with shape ${show(shape)}`);
    if (tensor.shape.length !== shape.length || tensor.shape.some((d, i) => d !== shape[i])) {
      throw fields.fail(`${field}.shape`, `must be ${show(shape)} for layers ${show(layers)}, got ${show(tensor.shape)}`);
    }
    if (tensor.dtype !== 'F32' && tensor.dtype !== 'F64') throw fields.fail(`${field}.dtype`, `must be F32 or F64 (a network's weights are floats), got ${show(tensor.dtype)}`);
    if (tensor.dtype !== DTYPE_NAMES[dtype]) {
      throw fields.fail(`${field}.dtype`, `must be ${DTYPE_NAMES[dtype]} like ${JSON.stringify(expected[0].name)} (one dtype per network), got ${show(tensor.dtype)}`);
    }
    const bad = tensor.data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      const at = shape.length === 2 ? `[${Math.floor(bad / shape[1])}][${bad % shape[1]}]` : `[${bad}]`;
      throw fields.fail(`${field}${at}`, `must be a finite number, got ${show(tensor.data[bad])}`);
    }
    checked.push(tensor);
  }
  // Sized by the tensors that exist, never by the layer sizes a file claims.
  const params = allocate(dtype, checked.reduce((sum, t) => sum + t.data.length, 0));
  let offset = 0;
  for (const tensor of checked) {
    params.set(tensor.data, offset);
    offset += tensor.data.length;
  }
  return { dtype, params };
}
