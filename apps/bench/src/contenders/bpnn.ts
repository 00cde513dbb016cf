/**
 * bpnn itself: `fit(network, …)` for training and `Network.forward` over batches of rows for
 * inference, with the data already in the network's own memory (`ownMatrix`), as a tfjs tensor
 * already sits in its backend. (Given data elsewhere, fit copies it in first, on every call.)
 */
import { fit, hasRelaxedSimd, Network, type DType, type NetworkOptions } from '@bpnn/core';
import type { Contender, Prepared } from '../contender.js';
import { firstRows, type Workload } from '../workloads.js';

type ThreadCount = NonNullable<NetworkOptions['threads']>;

export function bpnn(dtype: DType, threads: ThreadCount): Contender {
  return {
    name: `bpnn ${dtype}${threads === 'auto' ? '' : `, threads: ${threads}`}`,
    role: 'bpnn',
    describe: () =>
      `@bpnn/core, ${dtype}, backend auto (WebAssembly SIMD, ${dtype === 'float32' ? 'f32x4' : 'f64x2'}, for networks of more than 128 parameters, else TypeScript loops), threads ${threads}`,
    async prepare(workload) {
      const network = new Network({
        layers: workload.layers,
        activation: workload.hidden,
        outputActivation: workload.output,
        loss: workload.loss,
        dtype,
        threads,
        seed: 1,
      });
      const prepare = workload.task === 'train' ? trainer : predictor;
      return prepare(network, workload, dtype, engine(network, threads, workload));
    },
  };
}

/** Which build of the WebAssembly kernels a network takes on this engine (float32 and float64 take the same), and why. */
export function kernelBuild(): string {
  const kernels = new Network({ layers: [64, 32, 10], dtype: 'float32' }).backend.kernels;
  if (kernels === null) return 'none: no WebAssembly SIMD in this engine (TypeScript loops)';
  if (kernels === 'fma') return 'fma: relaxed SIMD, f32x4.relaxed_madd and f64x2.relaxed_madd (fused multiply-add where the CPU has it)';
  const why = hasRelaxedSimd() ? `relaxed SIMD is there, but ${process.env.BPNN_WASM_KERNELS === 'simd' ? 'BPNN_WASM_KERNELS=simd' : 'not chosen'}` : 'this engine has no relaxed SIMD';
  return `simd: plain WebAssembly SIMD, mul then add (${why})`;
}

/** The backend auto chose and the threads it may split large kernel calls over. */
function engine(network: Network, threads: ThreadCount, w: Workload): string {
  // W3: fit runs online training of a network this small with plain SGD and mse in whole epochs
  // per call of WebAssembly written for its shape (core's online-epochs.ts)
  const onlineEpochs = w.task === 'train' && w.batchSize === 1 && w.loss === 'mse' && w.optimizer.name === 'sgd' && network.parameterCount <= 128;
  if (network.backend.name === 'js') return onlineEpochs ? 'WebAssembly written for the shape, 1 thread' : 'TypeScript loops, 1 thread';
  const lanes = network.dtype === 'float32' ? 'f32x4' : 'f64x2';
  const build = network.backend.kernels === 'fma' ? `relaxed SIMD ${lanes} (fma)` : `SIMD ${lanes}`;
  return `wasm ${build}, ${threads === 'auto' ? `threads auto (${network.backend.threads})` : `${threads} thread${threads === 1 ? '' : 's'}`}`;
}

function trainer(network: Network, w: Workload, dtype: DType, engine: string): Prepared {
  let seed = 1;
  return {
    engine,
    api: 'network.fit',
    async at(size) {
      // The data in the network's own memory: fit then gathers batches from it without a copy.
      const x = network.ownMatrix(firstRows(w.x, size.rows), 'inputs'); // (rows, n_0)
      const y = network.ownMatrix(firstRows(w.y, size.rows), 'targets', w.y.cols); // (rows, n_L)
      return () => {
        fit(network, x, y, { epochs: size.epochs, batchSize: w.batchSize, optimizer: w.optimizer, seed: seed++ });
      };
    },
    dispose() {}, // idle worker threads sleep, and stop once the network is garbage
  };
}

function predictor(network: Network, w: Workload, dtype: DType, engine: string): Prepared {
  if (w.batchSize === 1) return singlePredictor(network, w, engine);
  return {
    engine,
    api: 'network.forward',
    async at(size) {
      const cols = w.x.cols;
      const x = network.ownMatrix(firstRows(w.x, size.rows), 'inputs').data; // (rows, n_0)
      return () => {
        for (let start = 0; start < size.rows; start += w.batchSize) {
          const rows = Math.min(w.batchSize, size.rows - start);
          network.forward(x.subarray(start * cols, (start + rows) * cols), rows); // (rows, n_L)
        }
      };
    },
    dispose() {},
  };
}

/** One sample per call through the user-facing `predictOne` (it checks the input and returns a new array). */
function singlePredictor(network: Network, w: Workload, engine: string): Prepared {
  return {
    engine,
    api: 'network.predictOne',
    async at(size) {
      const cols = w.x.cols;
      const rows = Array.from({ length: size.rows }, (_, r) => w.x.data.subarray(r * cols, (r + 1) * cols)); // (n_0) each
      return () => {
        for (const row of rows) network.predictOne(row); // (n_L)
      };
    },
    dispose() {},
  };
}
