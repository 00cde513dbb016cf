/**
 * The largest weight gradients of one sample's explanation (network.explain): each
 * ∂J/∂W[layer][i][j] = a_i^(layer) · δ_j^(layer+1) with the activation and the residual whose
 * product it is, largest magnitude first, as `bpnn explain` and bpnn-server's explain route list them.
 */
import type { Explanation } from './explanation.js';

/** ∂J/∂W[layer][i][j] = activation (a_i of layer `layer`) · residual (δ_j of layer `layer + 1`). */
export interface WeightGradient {
  layer: number;
  i: number;
  j: number;
  activation: number;
  residual: number;
  gradient: number;
}

/** The k weight gradients of largest magnitude (ties in layer, i, j order). */
export function largestWeightGradients(e: Explanation, k: number): WeightGradient[] {
  const all: WeightGradient[] = [];
  e.dWeights.forEach((dW, l) => {
    for (let i = 0; i < dW.rows; i++) {
      for (let j = 0; j < dW.cols; j++) all.push({ layer: l, i, j, activation: e.activations[l][i], residual: e.residuals[l][j], gradient: dW.get(i, j) });
    }
  });
  return all.sort((a, b) => Math.abs(b.gradient) - Math.abs(a.gradient)).slice(0, k);
}
