/**
 * The benchmark's workloads: their data, network shapes, optimisers and full sizes. Every
 * contender (bpnn and its peers) runs the same definitions; `Size` says how much of one it runs.
 *   W1   digits (1797 × 64, scaled /16), 64-32-10 sigmoid/softmax, cross-entropy, mini-batch 32, Adam, 50 epochs
 *   W2   synthetic 20,000 × 784 (seeded), 784-256-128-10 relu/softmax, mini-batch 64, Adam, 3 epochs
 *   W1p  W1's network predicting the 1797 digits one sample per call (single-sample latency)
 *   W2i  W2's network predicting all 20,000 rows in batches of 1024
 *   W3   XOR 2-3-1 sigmoid, mse, online SGD (batch 1, η 0.5), 10,000 epochs
 */
import { readFileSync } from 'node:fs';
import { Matrix, oneHot, Random } from '@bpnn/core';
import { readCsvDataset } from '@bpnn/serialize';

export type Task = 'train' | 'infer';

export interface Workload {
  id: 'W1' | 'W1p' | 'W2' | 'W2i' | 'W3';
  /** One line for the report. */
  title: string;
  task: Task;
  layers: number[];
  hidden: 'sigmoid' | 'relu';
  output: 'softmax' | 'sigmoid';
  loss: 'categorical-cross-entropy' | 'mse';
  optimizer: { name: 'adam' | 'sgd'; learningRate: number };
  /** Training: samples per gradient step. Inference: rows per forward call. */
  batchSize: number;
  /** Training: passes over the data. Inference: 1. */
  epochs: number;
  x: Matrix; // (rows, layers[0]), float32
  y: Matrix; // (rows, layers[L]), float32
  /**
   * Multiply-adds × 2 per sample. Training: the forward pass, the weight gradients and the residuals
   * of every layer but the input (no peer computes an input's residual): trainingFlops. Inference: the forward pass, 2 × weights.
   */
  flopsPerSample: number;
}

/** How much of a workload one run does: `epochs` passes over its first `rows` rows. */
export interface Size {
  rows: number;
  epochs: number;
}

export const samplesOf = (size: Size): number => size.rows * size.epochs;
export const fullSize = (w: Workload): Size => ({ rows: w.x.rows, epochs: w.epochs });

export function weightCount(layers: readonly number[]): number {
  return layers.slice(1).reduce((sum, m, l) => sum + layers[l] * m, 0);
}

/**
 * Floating-point operations of one training sample: 2 × weights for the forward pass, 2 × weights
 * for the weight gradients aᵀ·δ, and 2 × the weights of every layer but the first for the residuals
 * δ·Wᵀ (the input layer has none): W2's 784-256-128-10 is 1.01 MFLOP, not 6 × weights' 1.41.
 */
export function trainingFlops(layers: readonly number[]): number {
  return 6 * weightCount(layers) - 2 * layers[0] * layers[1];
}

/** The first `rows` rows of a matrix, as a view (no copy). */
export function firstRows(m: Matrix, rows: number): Matrix {
  return new Matrix(rows, m.cols, m.data.subarray(0, rows * m.cols));
}

/** Uniform [0, 1) inputs and uniformly drawn one-hot classes, from a seeded generator. */
export function synthetic(rows: number, inputs: number, classes: number, seed: number): { x: Matrix; y: Matrix } {
  const random = new Random(seed);
  const x = Matrix.zeros(rows, inputs, 'float32'); // (rows, inputs)
  for (let k = 0; k < x.data.length; k++) x.data[k] = random.next();
  const labels = Array.from({ length: rows }, () => random.int(classes));
  return { x, y: oneHot(labels, classes).as('float32') };
}

async function digits(): Promise<{ x: Matrix; y: Matrix }> {
  const file = new URL('../../../data/digits.csv', import.meta.url);
  const data = await readCsvDataset(readFileSync(file), { target: 'digit', source: 'digits.csv' });
  const x = (data.inputs as Matrix).as('float32'); // (1797, 64)
  for (let k = 0; k < x.data.length; k++) x.data[k] /= 16; // pixel values 0–16 into [0, 1]
  return { x, y: oneHot(data.targets.map(([d]) => Number(d)), 10).as('float32') };
}

function xor(): { x: Matrix; y: Matrix } {
  const x = new Matrix(4, 2, Float32Array.from([0, 0, 0, 1, 1, 0, 1, 1])); // (4, 2)
  const y = new Matrix(4, 1, Float32Array.from([0, 1, 1, 0])); // (4, 1)
  return { x, y };
}

/** W2's data: made first and on its own, so that its memory can be measured. */
export const W2_ROWS = 20_000;
export const w2Data = (): { x: Matrix; y: Matrix } => synthetic(W2_ROWS, 784, 10, 2);

export async function workloads(w2: { x: Matrix; y: Matrix }): Promise<Workload[]> {
  const w1Layers = [64, 32, 10];
  const w2Layers = [784, 256, 128, 10];
  const xorLayers = [2, 3, 1];
  const adam = { name: 'adam', learningRate: 0.001 } as const;
  const classifier = { output: 'softmax', loss: 'categorical-cross-entropy', optimizer: adam } as const;
  const digitsData = await digits();
  return [
    {
      id: 'W1',
      title: 'W1 train: digits 1797 × 64, 64-32-10 sigmoid/softmax, cross-entropy, Adam, mini-batch 32, 50 epochs',
      task: 'train',
      layers: w1Layers,
      hidden: 'sigmoid',
      ...classifier,
      batchSize: 32,
      epochs: 50,
      ...digitsData,
      flopsPerSample: trainingFlops(w1Layers),
    },
    {
      id: 'W1p',
      title: 'W1 single-sample predict: the 64-32-10 network on the 1797 digits, one sample per call (samples/s = calls/s)',
      task: 'infer',
      layers: w1Layers,
      hidden: 'sigmoid',
      ...classifier,
      batchSize: 1,
      epochs: 1,
      ...digitsData,
      flopsPerSample: 2 * weightCount(w1Layers),
    },
    {
      id: 'W2',
      title: `W2 train: synthetic ${W2_ROWS.toLocaleString('en-US')} × 784, 784-256-128-10 relu/softmax, cross-entropy, Adam, mini-batch 64, 3 epochs`,
      task: 'train',
      layers: w2Layers,
      hidden: 'relu',
      ...classifier,
      batchSize: 64,
      epochs: 3,
      ...w2,
      flopsPerSample: trainingFlops(w2Layers),
    },
    {
      id: 'W2i',
      title: `W2 inference: the 784-256-128-10 network on the ${W2_ROWS.toLocaleString('en-US')} rows, batches of 1024`,
      task: 'infer',
      layers: w2Layers,
      hidden: 'relu',
      ...classifier,
      batchSize: 1024,
      epochs: 1,
      ...w2,
      flopsPerSample: 2 * weightCount(w2Layers),
    },
    {
      id: 'W3',
      title: 'W3 train: XOR 2-3-1 sigmoid, mse, online SGD (batch 1, η 0.5), 10,000 epochs (samples/s = updates/s)',
      task: 'train',
      layers: xorLayers,
      hidden: 'sigmoid',
      output: 'sigmoid',
      loss: 'mse',
      optimizer: { name: 'sgd', learningRate: 0.5 },
      batchSize: 1,
      epochs: 10_000,
      ...xor(),
      flopsPerSample: trainingFlops(xorLayers),
    },
  ];
}
