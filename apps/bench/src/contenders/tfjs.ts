/**
 * TensorFlow.js 4.22 on its WebAssembly backend, the way its docs show: a `tf.sequential` of dense
 * layers, compiled with the workload's optimiser and loss, trained by `model.fit` and run by
 * `model.predict` (per batch of 1024 rows, see `predictor`). Online training (W3) uses a loop of `optimizer.minimize` instead, because
 * `model.fit` with batchSize 1 spends its time in per-epoch and per-batch bookkeeping (callbacks,
 * shuffling, an awaited promise per batch), not in the arithmetic.
 * The .wasm files ship inside @tensorflow/tfjs-backend-wasm; `setWasmPaths` points at its dist folder.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { Matrix } from '@bpnn/core';
import type { Contender, Prepared } from '../contender.js';
import type { Workload } from '../workloads.js';

let started: Promise<string> | undefined;

/** Starts the wasm backend once (it picks its SIMD build where the engine has SIMD); returns how it runs. */
function start(): Promise<string> {
  started ??= (async () => {
    const packageMain = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
    setWasmPaths(`${dirname(packageMain)}/`);
    if (!(await tf.setBackend('wasm'))) throw new Error('tfjs: the wasm backend did not start');
    await tf.ready();
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'); // on where the engine has SIMD (Node 20 does)
    const threads = getThreadsCount();
    return `wasm${simd ? ' SIMD' : ' (no SIMD)'}, ${threads} thread${threads === 1 ? '' : 's'}`;
  })();
  return started;
}

export function tfjs(): Contender {
  return {
    name: 'tfjs',
    role: 'peer',
    describe: () =>
      `@tensorflow/tfjs ${tf.version.tfjs} with @tensorflow/tfjs-backend-wasm (float32; SIMD on; ` +
      'threads off: the package turns multithreading off under Node, and forcing it fails to start its workers)',
    async prepare(workload) {
      const engine = await start();
      const model = sequential(workload);
      if (workload.task === 'infer') return predictor(model, workload, engine);
      return workload.batchSize === 1 ? onlineTrainer(model, workload, engine) : fitTrainer(model, workload, engine);
    },
  };
}

function sequential(w: Workload): tf.Sequential {
  const last = w.layers.length - 2;
  const model = tf.sequential();
  w.layers.slice(1).forEach((units, l) => {
    const activation = l === last ? w.output : w.hidden;
    model.add(tf.layers.dense({ units, activation, ...(l === 0 ? { inputShape: [w.layers[0]] } : {}) }));
  });
  return model;
}

function optimizer(w: Workload): tf.Optimizer {
  return w.optimizer.name === 'adam' ? tf.train.adam(w.optimizer.learningRate) : tf.train.sgd(w.optimizer.learningRate);
}

const lossName = (w: Workload) => (w.loss === 'mse' ? 'meanSquaredError' : 'categoricalCrossentropy');

/** Rows [start, start + count) of a float32 matrix (as workloads.ts makes them) as a tensor. */
function rowsTensor(m: Matrix, start: number, count: number): tf.Tensor2D {
  return tf.tensor2d(m.data.subarray(start * m.cols, (start + count) * m.cols) as Float32Array, [count, m.cols]);
}

/** The first `rows` rows of x and y as tensors. */
function tensors(w: Workload, rows: number): [tf.Tensor2D, tf.Tensor2D] {
  return [rowsTensor(w.x, 0, rows), rowsTensor(w.y, 0, rows)];
}

function fitTrainer(model: tf.Sequential, w: Workload, engine: string): Prepared {
  model.compile({ optimizer: optimizer(w), loss: lossName(w) });
  const made: tf.Tensor[] = [];
  return {
    engine,
    api: 'model.fit',
    async at(size) {
      const [x, y] = tensors(w, size.rows);
      made.push(x, y);
      return async () => {
        await model.fit(x, y, { batchSize: w.batchSize, epochs: size.epochs, shuffle: true, verbose: 0 });
      };
    },
    dispose() {
      tf.dispose(made);
      model.dispose();
    },
  };
}

function onlineTrainer(model: tf.Sequential, w: Workload, engine: string): Prepared {
  const opt = optimizer(w);
  const made: tf.Tensor[] = [];
  return {
    engine,
    api: 'optimizer.minimize loop',
    async at(size) {
      const samples = Array.from({ length: size.rows }, (_, r) => [rowsTensor(w.x, r, 1), rowsTensor(w.y, r, 1)]); // (1, n_0), (1, n_L)
      made.push(...samples.flat());
      return () => {
        for (let epoch = 0; epoch < size.epochs; epoch++) {
          for (const [x, y] of samples) opt.minimize(() => tf.losses.meanSquaredError(y, model.predict(x) as tf.Tensor));
        }
      };
    },
    dispose() {
      tf.dispose(made);
      opt.dispose();
      model.dispose();
    },
  };
}

/**
 * Inference over batches of 1024 rows, each its own tensor (made before timing), each one
 * `model.predict` call. Not `model.predict(x, { batchSize: 1024 })` on all the rows at once: that
 * slices x once per batch, and the wasm backend's Slice reads the whole of x for every slice
 * (about 2,000–4,000 samples/s here, whatever the network).
 */
function predictor(model: tf.Sequential, w: Workload, engine: string): Prepared {
  const made: tf.Tensor[] = [];
  return {
    engine,
    api: w.batchSize === 1 ? 'model.predict per sample' : 'model.predict per batch',
    async at(size) {
      const batches: tf.Tensor[] = [];
      for (let start = 0; start < size.rows; start += w.batchSize) {
        batches.push(rowsTensor(w.x, start, Math.min(w.batchSize, size.rows - start))); // (≤ 1024, n_0)
      }
      made.push(...batches);
      return () => {
        for (const batch of batches) {
          const outputs = model.predict(batch, { batchSize: w.batchSize }) as tf.Tensor; // (≤ 1024, n_L)
          outputs.dataSync();
          outputs.dispose();
        }
      };
    },
    dispose() {
      tf.dispose(made);
      model.dispose();
    },
  };
}
