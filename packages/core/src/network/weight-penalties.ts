/**
 * The penalties on a network's weights (biases excluded) that the cost J may carry: L2,
 * ½·l2·ΣW², and L1, l1·Σ|W|; and their gradients, which back-propagation adds to ∂J/∂W.
 * `weightOffsets` and `layers` say where each layer's W[l] (n_l, n_{l+1}) lies in `params`.
 */

/** ΣW² over every weight (biases excluded): the L2 term of the cost J is ½·λ times this. */
export function sumSquaredWeights(params: ArrayLike<number>, layers: readonly number[], weightOffsets: readonly number[]): number {
  let sum = 0;
  for (let l = 0; l + 1 < layers.length; l++) {
    const w = weightOffsets[l];
    const end = w + layers[l] * layers[l + 1];
    for (let k = w; k < end; k++) sum += params[k] * params[k];
  }
  return sum;
}

/** Σ|W| over every weight (biases excluded): the L1 term of the cost J is λ₁ times this. */
export function sumAbsoluteWeights(params: ArrayLike<number>, layers: readonly number[], weightOffsets: readonly number[]): number {
  let sum = 0;
  for (let l = 0; l + 1 < layers.length; l++) {
    const w = weightOffsets[l];
    const end = w + layers[l] * layers[l + 1];
    for (let k = w; k < end; k++) sum += Math.abs(params[k]);
  }
  return sum;
}

/** grads += l2·W (when l2 > 0), then += l1·sign(W) (when l1 > 0), over every weight. */
export function addPenaltyGradients(grads: { [k: number]: number }, params: ArrayLike<number>, layers: readonly number[], weightOffsets: readonly number[], l2: number, l1: number): void {
  const last = layers.length - 1;
  if (l2 > 0) {
    for (let l = 0; l < last; l++) {
      const w = weightOffsets[l];
      const end = w + layers[l] * layers[l + 1];
      for (let k = w; k < end; k++) grads[k] += l2 * params[k];
    }
  }
  if (l1 > 0) {
    // ∂(l1·Σ|W|)/∂W = l1·sign(W): the subgradient 0 at W = 0, as PyTorch's sign takes it.
    for (let l = 0; l < last; l++) {
      const w = weightOffsets[l];
      const end = w + layers[l] * layers[l + 1];
      for (let k = w; k < end; k++) grads[k] += l1 * Math.sign(params[k]);
    }
  }
}
