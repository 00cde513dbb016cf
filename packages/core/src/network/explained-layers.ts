/**
 * One sample's explanation (network.explain) layer by layer, as plain JSON: each layer's size,
 * activation, z, activations a and residuals δ = ∂J/∂z (layer 0 holds the scaled inputs only). It is
 * what `bpnn explain --json` prints and bpnn-server's explain route answers.
 */
import type { Explanation } from './explanation.js';
import type { Network } from './network.js';

/** One layer of an explanation; layer 0 has no activation, z or residual. */
export interface ExplainedLayer {
  layer: number;
  size: number;
  activation: string | null;
  z: number[] | null;
  a: number[];
  residual: number[] | null;
}

/** The layers of `e`, an explanation of one sample through `network`. */
export function explainedLayers(network: Network, e: Explanation): ExplainedLayer[] {
  return network.layers.map((size, l) => ({
    layer: l,
    size,
    activation: l === 0 ? null : network.activations[l - 1].name,
    z: l === 0 ? null : Array.from(e.z[l - 1]),
    a: Array.from(e.activations[l]),
    residual: l === 0 ? null : Array.from(e.residuals[l - 1]),
  }));
}
