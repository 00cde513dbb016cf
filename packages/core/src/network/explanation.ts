/**
 * A sample's forward and backward pass made visible (`network.explain`): every layer's activations,
 * z and residuals, and this one sample's gradients, copied out of the network's working buffers as
 * float64. explained-layers.ts and weight-gradients.ts present it.
 */
import { Matrix, type FloatArray } from '../data/matrix.js';
import type { Parameter } from './parameters.js';

/** A sample's forward and backward pass made visible (`Network.explain`). */
export interface Explanation {
  /** a^(l) for every layer, the inputs first. */
  activations: Float64Array[];
  /** z^(l) for every layer after the input layer. */
  z: Float64Array[];
  /** δ^(l) = ∂J/∂z^(l) for every layer after the input layer. */
  residuals: Float64Array[];
  /** ∂J/∂W[l] (n_l, n_{l+1}) and ∂J/∂b[l] for this one sample. */
  dWeights: Matrix[];
  dBiases: Float64Array[];
  cost: number;
}

/**
 * The explanation of the sample that the network's buffers hold, forward and backward with a batch
 * of 1: a, z and residual per layer (z[0] and residual[0] unused), `parameters` with their gradients.
 */
export function explanation(layers: readonly number[], a: readonly FloatArray[], z: readonly FloatArray[], residual: readonly FloatArray[], parameters: readonly Parameter[], cost: number): Explanation {
  const copy = (v: FloatArray, n: number) => Float64Array.from(v.subarray(0, n));
  return {
    activations: layers.map((n, l) => copy(a[l], n)),
    z: layers.slice(1).map((n, l) => copy(z[l + 1], n)),
    residuals: layers.slice(1).map((n, l) => copy(residual[l + 1], n)),
    dWeights: parameters
      .filter((p) => p.kind === 'weight')
      .map((p) => new Matrix(p.shape[0], p.shape[1], Float64Array.from(p.gradient))),
    dBiases: parameters
      .filter((p) => p.kind === 'bias')
      .map((p) => Float64Array.from(p.gradient)),
    cost,
  };
}
