/**
 * The three matrix products of a dense layer, over flat row-major typed arrays, as plain loops:
 * the reference every faster kernel is tested against. Names follow the layer:
 * inputs a (batchSize, n), weights W (n, m), biases b (m), z and residuals δ (batchSize, m).
 */
import type { FloatArray } from '../data/matrix.js';

/** z = a·W + b.  a (batchSize, n), W (n, m), b (m) → z (batchSize, m). */
export function linearForward(
  z: FloatArray,
  a: FloatArray,
  weights: FloatArray,
  weightsOffset: number,
  biases: FloatArray,
  biasesOffset: number,
  batchSize: number,
  n: number,
  m: number,
): void {
  for (let r = 0; r < batchSize; r++) {
    const zRow = r * m;
    for (let j = 0; j < m; j++) z[zRow + j] = biases[biasesOffset + j];
    const aRow = r * n;
    for (let i = 0; i < n; i++) {
      const ai = a[aRow + i];
      const wRow = weightsOffset + i * m;
      for (let j = 0; j < m; j++) z[zRow + j] += ai * weights[wRow + j];
    }
  }
}

/**
 * dW = scale·aᵀ·δ and db = scale·Σ_rows δ: the gradients of a layer's weights and biases.
 * a (batchSize, n), δ (batchSize, m) → dW (n, m), db (m); scale is 1/batchSize for a mean.
 */
export function linearBackwardParams(
  dWeights: FloatArray,
  dWeightsOffset: number,
  dBiases: FloatArray,
  dBiasesOffset: number,
  a: FloatArray,
  residual: FloatArray,
  batchSize: number,
  n: number,
  m: number,
  scale: number,
): void {
  // The first row assigns, the others accumulate: no separate pass to zero the gradients.
  for (let r = 0; r < batchSize; r++) {
    const dRow = r * m;
    const aRow = r * n;
    if (r === 0) {
      for (let j = 0; j < m; j++) dBiases[dBiasesOffset + j] = residual[j];
      for (let i = 0; i < n; i++) {
        const ai = a[i];
        const wRow = dWeightsOffset + i * m;
        for (let j = 0; j < m; j++) dWeights[wRow + j] = ai * residual[j];
      }
      continue;
    }
    for (let j = 0; j < m; j++) dBiases[dBiasesOffset + j] += residual[dRow + j];
    for (let i = 0; i < n; i++) {
      const ai = a[aRow + i];
      const wRow = dWeightsOffset + i * m;
      for (let j = 0; j < m; j++) dWeights[wRow + j] += ai * residual[dRow + j];
    }
  }
  if (scale !== 1) {
    for (let k = dWeightsOffset; k < dWeightsOffset + n * m; k++) dWeights[k] *= scale;
    for (let k = dBiasesOffset; k < dBiasesOffset + m; k++) dBiases[k] *= scale;
  }
}

/**
 * g = δ·Wᵀ: how the cost changes with the layer's inputs, the Σ_j W[i][j]·δ_j of a hidden residual.
 * δ (batchSize, m), W (n, m) → g (batchSize, n).
 */
export function linearBackwardInputs(
  g: FloatArray,
  residual: FloatArray,
  weights: FloatArray,
  weightsOffset: number,
  batchSize: number,
  n: number,
  m: number,
): void {
  for (let r = 0; r < batchSize; r++) {
    const dRow = r * m;
    for (let i = 0; i < n; i++) {
      const wRow = weightsOffset + i * m;
      let sum = 0;
      for (let j = 0; j < m; j++) sum += residual[dRow + j] * weights[wRow + j];
      g[r * n + i] = sum;
    }
  }
}
