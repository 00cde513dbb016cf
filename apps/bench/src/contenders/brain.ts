/**
 * brain.js 2.0.0-beta.24's CPU `NeuralNetwork`, the way its README shows: `net.train(data,
 * { iterations, … })` and `net.run(input)`. Its semantics differ from the workloads' where its API
 * has no equivalent (printed under the tables as NOTES):
 *   - it updates the weights after every sample (online); mini-batches do not exist in its API;
 *   - every layer, the output layer included, uses the one activation (sigmoid or relu): no
 *     softmax, and its deltas are those of squared error, not cross-entropy;
 *   - W1/W2 use its `praxis: 'adam'`; W3 its SGD, whose momentum must be > 0 (its default 0.1);
 *   - one `iterations` is one epoch, and each also computes the training error (errorCheckInterval 1);
 *   - inference is `net.run` per sample: it has no batch API.
 */
import { createRequire } from 'node:module';
import { NeuralNetwork } from 'brain.js';
import type { Contender, Prepared } from '../contender.js';
import type { Workload } from '../workloads.js';

type Datum = { input: number[]; output: number[] };

const version = (): string => (createRequire(import.meta.url)('brain.js/package.json') as { version: string }).version;

export function brain(): Contender {
  return {
    name: 'brain.js',
    role: 'peer',
    describe: () =>
      `brain.js ${version()} NeuralNetwork (CPU, Float32Array weights, 1 thread; loaded with gpu.js's headless-gl dependency stubbed out, see NOTES)`,
    async prepare(workload) {
      const net = new NeuralNetwork<number[], number[]>({
        inputSize: workload.layers[0],
        hiddenLayers: workload.layers.slice(1, -1),
        outputSize: workload.layers.at(-1),
        activation: workload.hidden,
        learningRate: workload.optimizer.learningRate,
        ...(workload.optimizer.name === 'adam' ? { praxis: 'adam' as const } : {}),
      });
      net.initialize(); // draws the weights (and Adam's state) for the sizes above
      return workload.task === 'train' ? trainer(net, workload) : predictor(net, workload);
    },
  };
}

/**
 * The first `rows` samples as brain.js data: plain arrays of numbers, as its README has them (a
 * typed array would be taken for an object of named values and go through its lookup tables).
 */
function data(w: Workload, rows: number): Datum[] {
  return Array.from({ length: rows }, (_, r) => ({ input: Array.from(w.x.row(r)), output: Array.from(w.y.row(r)) }));
}

function trainer(net: NeuralNetwork<number[], number[]>, w: Workload): Prepared {
  return {
    engine: 'JavaScript loops, 1 thread',
    api: 'net.train (online)',
    async at(size) {
      const samples = data(w, size.rows);
      const options = { iterations: size.epochs, errorThresh: 1e-12 }; // the threshold is never reached: every run does all its iterations
      return () => {
        const { iterations } = net.train(samples, options);
        if (iterations !== size.epochs) throw new Error(`brain.js stopped after ${iterations} of ${size.epochs} iterations`);
      };
    },
    dispose() {},
  };
}

function predictor(net: NeuralNetwork<number[], number[]>, w: Workload): Prepared {
  return {
    engine: 'JavaScript loops, 1 thread',
    api: 'net.run per sample',
    async at(size) {
      const samples = data(w, size.rows);
      return () => {
        for (const { input } of samples) net.run(input);
      };
    },
    dispose() {},
  };
}
