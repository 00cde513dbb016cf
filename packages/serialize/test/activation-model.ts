/**
 * Test helper: a model whose every activation is exercised — a 3-6-4-3 network, weights enlarged
 * and biases spread so that neurons reach the flat parts of the saturating and piecewise
 * activations, with scaling on both sides (regression) or three labels (classification).
 */
import { Model, Network, type ActivationSpec, type DType } from '@bpnn/core';

/** Raw feature rows around the model's input scaling (offsets 10, −2, 0.5). */
export const rawInputs = [
  [10, -2, 0.5],
  [12.5, -1.2, 3],
  [3, -2.6, -1.5],
  [17, -1.9, 0.1],
  [9.3, -2.2, 1.7],
];

export function activationModel(hidden: ActivationSpec, output: ActivationSpec, dtype: DType, seed: number, task: 'regression' | 'classification' = 'regression'): Model {
  const network = new Network({ layers: [3, 6, 4, 3], activation: hidden, outputActivation: output, dtype, seed, init: 'glorot-normal' });
  for (const p of network.parameters()) {
    if (p.kind === 'weight') p.value.forEach((w, k) => (p.value[k] = 2.5 * w));
    else p.value.forEach((_, k) => (p.value[k] = 0.37 * (k - 2.5)));
  }
  return new Model({
    task,
    network,
    inputNames: ['a', 'b', 'c'],
    targetNames: task === 'regression' ? ['u', 'v', 'w'] : ['species'],
    labels: task === 'classification' ? ['setosa', 'versicolor', 'virginica'] : undefined,
    inputScaler: { kind: 'standard', offset: [10, -2, 0.5], scale: [4, 0.5, 2] },
    targetScaler: task === 'regression' ? { kind: 'standard', offset: [100, -1, 0], scale: [20, 3, 0.5] } : undefined,
  });
}
