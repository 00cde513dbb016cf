/**
 * What the page trains, written once so that the browser test runs the very same code in Node and
 * compares the numbers: XOR, iris (4-16-3) and a wide float32 iris network (4-512-512-3, large
 * enough for the wasm backend to split its products over threads, and free of Math.exp and
 * Math.log, so bit-identical across engines), each trained by the `train`
 * function it is given (fitAsync on the page's thread, trainInWorker in a Web Worker), then a
 * Model trained on iris with Model.trainAsync, saved to the bytes of a .bpnn file and read back.
 */
import { Matrix, Model, Network, classesOf, encodeLabels, fitScaler, oneHot, scale, type Dataset, type FitOptions, type FitResult, type ThreadCount } from '@bpnn/core';
import { readCsvDataset, readModel, writeModel } from '@bpnn/serialize';

/** Trains `network` in place, as fitAsync does. */
export type Trainer = (network: Network, inputs: Matrix, targets: Matrix, options: FitOptions) => Promise<FitResult>;

export interface NetworkOutcome {
  /** The trained network's outputs, row by row, as plain numbers. */
  predictions: number[];
  epochs: number;
  backend: string;
  threads: number;
  /** The most threads a kernel call was split over. */
  threadsUsed: number;
}

export interface Outcomes {
  xor: NetworkOutcome;
  iris: NetworkOutcome;
  wide: NetworkOutcome;
}

/** iris.csv (four numeric columns and the species), read by @bpnn/serialize. */
export function readIris(csv: string): Promise<Dataset> {
  return readCsvDataset(csv, { target: 'species', source: 'iris.csv' });
}

/** iris's inputs scaled to mean 0 and variance 1, and its species one-hot. */
function irisMatrices(data: Dataset): { x: Matrix; y: Matrix } {
  const raw = Matrix.from(data.inputs, 'inputs');
  const x = scale(fitScaler('standard', raw), raw, 'float64');
  const species = data.targets.map((row) => String(row[0]));
  return { x, y: oneHot(encodeLabels(species, classesOf(species)), 3) };
}

async function trained(network: Network, train: Trainer, x: Matrix, y: Matrix, options: FitOptions): Promise<NetworkOutcome> {
  const result = await train(network, x, y, options);
  return {
    predictions: Array.from(network.predict(x).data),
    epochs: result.epochs,
    backend: network.backend.name,
    threads: network.backend.threads,
    threadsUsed: network.backend.threadsUsed,
  };
}

export async function runExperiments(csv: string, train: Trainer, threads: ThreadCount = 'auto'): Promise<Outcomes> {
  const xorX = Matrix.fromRows([[0, 0], [0, 1], [1, 0], [1, 1]]);
  const xorY = Matrix.fromRows([[0], [1], [1], [0]]);
  const xorNetwork = new Network({ layers: [2, 4, 1], activation: 'tanh', outputActivation: 'sigmoid', loss: 'binary-cross-entropy', seed: 1 });
  const xor = await trained(xorNetwork, train, xorX, xorY, { epochs: 500, batchSize: 4, optimizer: { name: 'adam', learningRate: 0.05 } });

  const { x, y } = irisMatrices(await readIris(csv));
  const irisNetwork = new Network({ layers: [4, 16, 3], activation: 'relu', loss: 'categorical-cross-entropy', seed: 7 });
  const iris = await trained(irisNetwork, train, x, y, { epochs: 100, batchSize: 16, validationSplit: 0.2, seed: 7 });

  // Only +, ·, max and sqrt (relu, linear, mse, SGD): no Math.exp or Math.log, whose last bits
  // differ between JavaScript engines, so this one is the same to the bit in every engine.
  // The plain SIMD build (wasmKernels 'simd') gives the same bits on every engine; auto would take the
  // fused multiply-add build where the engine has relaxed SIMD (Chromium, Node ≥ 22), whose rounding
  // depends on the engine and processor (core's kernel-variants.ts).
  const wideNetwork = new Network({ layers: [4, 512, 512, 3], activation: 'relu', outputActivation: 'linear', loss: 'mse', dtype: 'float32', seed: 7, threads, wasmKernels: 'simd' });
  const wide = await trained(wideNetwork, train, x, y, { epochs: 3, batchSize: 64, seed: 7, threads, optimizer: { name: 'sgd', learningRate: 0.01, momentum: 0.9 } });
  return { xor, iris, wide };
}

export interface ModelOutcome {
  /** The trained model's class probabilities for every iris row. */
  probabilities: number[];
  /** The model saved as a .bpnn file. */
  bytes: Uint8Array;
  /** The probabilities of the model read back from those bytes. */
  reloaded: number[];
}

/** A Model of iris (its scaling and labels inside), trained with Model.trainAsync, saved and read back. */
export async function irisModel(csv: string): Promise<ModelOutcome> {
  const data = await readIris(csv);
  const { model } = await Model.trainAsync(data, { hidden: [8], epochs: 40, seed: 5 });
  const bytes = writeModel(model);
  return { probabilities: probabilities(model, data), bytes, reloaded: probabilities(readModel(bytes), data) };
}

/** A model's class probabilities for a data set's rows, as plain numbers. */
export function probabilities(model: Model, data: Dataset): number[] {
  const prediction = model.predict(data.inputs);
  return prediction.task === 'classification' ? Array.from(prediction.probabilities.data) : [];
}
