/**
 * The memory high-water mark of bpnn's W2 training, against what such training cannot do without:
 * the data (x and y), the parameters, and one batch of activations (the issue's target: at most 2×
 * that). It runs first, before anything else has grown the process, and makes W2's data itself so
 * that the data counts: the caller holds a float32 matrix and calls `fit` on it, as a user would.
 */
import { fit, Network, type Matrix } from '@bpnn/core';
import { weightCount } from './workloads.js';

export interface MemoryReport {
  /** Bytes of data + parameters + one batch of activations. */
  needed: { data: number; parameters: number; batch: number; total: number };
  /** Peak resident set size (process.resourceUsage().maxRSS) − RSS before the data was made. */
  peakRssDelta: number;
  /** The caller's data plus the network's own memory: for the wasm backend, its WebAssembly
   * memory (parameters, gradients, optimiser state, activations and fit's copy of the data). */
  buffers: number;
  /** That WebAssembly memory alone (0 for the js backend). */
  networkMemory: number;
  batches: number;
  engine: string;
}

/** Makes the data with `makeData`, trains on it for `batches` batches, and measures. */
export function measureMemory(makeData: () => { x: Matrix; y: Matrix }, layers: number[], batchSize: number, batches: number): {
  report: MemoryReport;
  data: { x: Matrix; y: Matrix };
} {
  const rssBefore = process.memoryUsage.rss();
  const data = makeData();
  const network = new Network({ layers, activation: 'relu', loss: 'categorical-cross-entropy', dtype: 'float32', seed: 1 });
  let done = 0;
  const stop = {
    get aborted() {
      return ++done > batches; // fit checks this between batches
    },
  };
  fit(network, data.x, data.y, { epochs: 1, batchSize, signal: stop });
  const peakRss = process.resourceUsage().maxRSS * 1024;

  const parameterCount = weightCount(layers) + layers.slice(1).reduce((sum, n) => sum + n, 0);
  const needed = {
    data: data.x.data.byteLength + data.y.data.byteLength,
    parameters: parameterCount * 4,
    batch: batchSize * layers.reduce((sum, n) => sum + n, 0) * 4,
    total: 0,
  };
  needed.total = needed.data + needed.parameters + needed.batch;
  const { name, threads } = network.backend;
  // A fresh view's buffer is the memory as it is now (shared memory gets a new buffer object as it grows).
  const networkMemory = name === 'wasm' ? network.allocateBuffer(1).buffer.byteLength : 0;
  return {
    report: {
      needed,
      peakRssDelta: peakRss - rssBefore,
      buffers: needed.data + networkMemory,
      networkMemory,
      batches,
      engine: name === 'wasm' ? `wasm ${network.backend.kernels === 'fma' ? 'relaxed SIMD (fma)' : 'SIMD'}, threads auto (${threads})` : 'TypeScript loops',
    },
    data,
  };
}
