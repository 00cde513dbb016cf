/**
 * Small models with every part a model file holds, built from fixed numbers so that tests (and
 * the fixtures made from them) are the same on every run.
 */
import { Model, Network, Random, type DType } from '@bpnn/core';

/** 3 inputs (names with a quote, a comma and a non-ASCII letter) → 4 tanh → 2 softmax classes. */
export function tinyClassifier(dtype: DType): Model {
  const network = new Network({ layers: [3, 4, 2], activation: 'tanh', loss: 'categorical-cross-entropy', dtype, seed: 7 });
  return new Model({
    task: 'classification',
    network,
    inputNames: ['height (cm)', 'say "hi", twice', 'größe'],
    targetNames: ['answer'],
    inputScaler: { kind: 'standard', offset: [170.5, 0.25, -3], scale: [9.75, 1, 0.125] },
    labels: ['no', 'yes'],
    training: { options: { epochs: 3, optimizer: { name: 'adam', learningRate: 0.01 } }, rows: 10, epochs: 3, bestEpoch: 3, stoppedBy: 'epochs', loss: 0.6931471805599453, seed: 7, seconds: 0.015 },
  });
}

/** 2 inputs → 3 leaky-relu (alpha 0.2) → 2 linear outputs, with target scaling. */
export function tinyRegressor(dtype: DType): Model {
  const network = new Network({ layers: [2, 3, 2], activation: { name: 'leaky-relu', alpha: 0.2 }, outputActivation: 'linear', loss: 'mse', dtype, seed: 11 });
  return new Model({
    task: 'regression',
    network,
    inputNames: ['a', 'b'],
    targetNames: ['price', 'tax'],
    inputScaler: { kind: 'minmax', offset: [0, -1], scale: [10, 2] },
    targetScaler: { kind: 'standard', offset: [1000.5, 12], scale: [250.25, 3.5] },
  });
}

/** Rows of inputs in [-5, 5) from a seeded generator: (rows, width). */
export function sampleInputs(rows: number, width: number, seed = 1): number[][] {
  const random = new Random(seed);
  return Array.from({ length: rows }, () => Array.from({ length: width }, () => random.uniform(-5, 5)));
}

/** The bytes of a typed array, for bit-for-bit comparison (NaN payloads and −0 included). */
export function bitsOf(array: Float32Array | Float64Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}
