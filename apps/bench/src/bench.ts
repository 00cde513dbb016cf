/**
 * `pnpm bench`: samples per second of bpnn's training and inference on fixed workloads, each the
 * median of three runs, in float32 and float64. It prints figures; it asserts nothing.
 *   W1  digits (1797 × 64), 64-32-10 sigmoid/softmax, mini-batch 32, Adam
 *   W2  synthetic 784-256-128-10 relu/softmax, mini-batch 64, Adam; inference at batch 1024
 *   W3  XOR 2-3-1 sigmoid, online SGD (updates per second)
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { Matrix, Network, oneHot, Random, type DType } from '@bpnn/core';
import { readCsvDataset } from '@bpnn/serialize';

const quick = process.argv.includes('--quick');

interface Row {
  workload: string;
  dtype: DType;
  samplesPerSecond: number;
  gflops: number;
}

/** The median of three timings of `run`, which returns how many samples it processed. */
function measure(run: () => number): number {
  const rates: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    const samples = run();
    rates.push(samples / ((performance.now() - start) / 1000));
  }
  return rates.sort((a, b) => a - b)[1];
}

function synthetic(rows: number, inputs: number, classes: number, seed: number): { x: Matrix; y: Matrix } {
  const random = new Random(seed);
  const x = Matrix.zeros(rows, inputs);
  for (let k = 0; k < x.data.length; k++) x.data[k] = random.next();
  return { x, y: oneHot(Array.from({ length: rows }, () => random.int(classes)), classes) };
}

async function digits(): Promise<{ x: Matrix; y: Matrix }> {
  const file = new URL('../../../data/digits.csv', import.meta.url);
  const data = await readCsvDataset(readFileSync(file), { target: 'digit', source: 'digits.csv' });
  const x = data.inputs as Matrix;
  for (let k = 0; k < x.data.length; k++) x.data[k] /= 16; // pixel values 0–16 into [0, 1]
  return { x, y: oneHot(data.targets.map(([d]) => Number(d)), 10) };
}

function trainRate(layers: number[], hidden: 'sigmoid' | 'relu', dtype: DType, batchSize: number, x: Matrix, y: Matrix, epochs: number): number {
  return measure(() => {
    const network = new Network({ layers, activation: hidden, loss: 'categorical-cross-entropy', dtype, seed: 1 });
    network.fit(x, y, { epochs, batchSize, optimizer: 'adam', seed: 1 });
    return x.rows * epochs;
  });
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const weights = (layers: number[]) => layers.slice(1).reduce((s, m, l) => s + layers[l] * m, 0);
  const add = (workload: string, dtype: DType, rate: number, flopsPerSample: number) =>
    rows.push({ workload, dtype, samplesPerSecond: rate, gflops: (rate * flopsPerSample) / 1e9 });

  const w1 = await digits();
  const w2 = synthetic(quick ? 1024 : 4096, 784, 10, 2); // at least one inference batch of 1024
  const w1Layers = [64, 32, 10];
  const w2Layers = [784, 256, 128, 10];
  for (const dtype of ['float32', 'float64'] as const) {
    add('W1 train digits 64-32-10, batch 32', dtype, trainRate(w1Layers, 'sigmoid', dtype, 32, w1.x, w1.y, quick ? 2 : 10), 6 * weights(w1Layers));
    add('W2 train 784-256-128-10, batch 64', dtype, trainRate(w2Layers, 'relu', dtype, 64, w2.x, w2.y, 1), 6 * weights(w2Layers));
    const network = new Network({ layers: w2Layers, activation: 'relu', loss: 'categorical-cross-entropy', dtype, seed: 1 });
    const batch = w2.x.as(dtype).data.subarray(0, 1024 * 784);
    add('W2 inference, batch 1024', dtype, measure(() => {
      const repeats = quick ? 1 : 3;
      for (let i = 0; i < repeats; i++) network.forward(batch, 1024);
      return 1024 * repeats;
    }), 2 * weights(w2Layers));
    const xor = new Network({ layers: [2, 3, 1], activation: 'sigmoid', dtype, seed: 1 });
    const xorX = [[0, 0], [0, 1], [1, 0], [1, 1]];
    const xorY = [[0], [1], [1], [0]];
    const xorEpochs = quick ? 1000 : 10_000;
    add('W3 XOR 2-3-1 online SGD (updates/s)', dtype, measure(() => {
      xor.fit(xorX, xorY, { epochs: xorEpochs, batchSize: 1, optimizer: { name: 'sgd', learningRate: 0.5 } });
      return 4 * xorEpochs;
    }), 6 * weights([2, 3, 1]));
  }

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`bpnn benchmark: Node ${process.version}, ${cpu}, ${availableParallelism()} cores available, one thread used${quick ? ' (--quick)' : ''}`);
  console.log('');
  const header = ['workload', 'dtype', 'samples/s', 'GFLOP/s'];
  const body = rows.map((r) => [r.workload, r.dtype, Math.round(r.samplesPerSecond).toLocaleString('en-US'), r.gflops.toFixed(2)]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((b) => b[c].length)));
  for (const line of [header, ...body]) {
    console.log(line.map((cell, c) => (c >= 2 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  '));
  }
  console.log('');
  console.log('GFLOP/s counts 6 × weights per training sample and 2 × weights per inference.');
}

await main();
