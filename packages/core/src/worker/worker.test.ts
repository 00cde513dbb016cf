import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, ShapeError } from '../errors.js';
import type { EpochInfo } from '../training/history.js';
import { Network, type NetworkOptions } from '../network/network.js';
import { Random } from '../random.js';
import { fit, type FitOptions } from '../training/train.js';
import { trainInWorker, type WorkerLike } from './train-in-worker.js';

// The worker runs the built entry (dist/worker, made by the build that `pnpm test` runs first),
// as a user's worker script would import it.
const script = fileURLToPath(new URL('../../test/training-worker.mjs', import.meta.url));

/** A Node worker thread seen through the Web Worker interface (what a page's Worker offers). */
function webWorker(worker: Worker): WorkerLike {
  const wrapped = new Map<string, Map<unknown, (value: unknown) => void>>();
  const of = (type: string) => wrapped.get(type) ?? wrapped.set(type, new Map()).get(type)!;
  return {
    postMessage: (message, transfer) => worker.postMessage(message, transfer),
    addEventListener(type, listener) {
      const wrap = (value: unknown) => listener(type === 'message' ? { data: value } : { message: (value as Error).message });
      of(type).set(listener, wrap);
      worker.on(type, wrap);
    },
    removeEventListener(type, listener) {
      const wrap = of(type).get(listener);
      if (wrap !== undefined) worker.off(type, wrap);
    },
  };
}

const workers: Worker[] = [];
function start(): WorkerLike {
  const worker = new Worker(script);
  workers.push(worker);
  return webWorker(worker);
}
afterAll(async () => {
  await Promise.all(workers.map((w) => w.terminate()));
});

function rings(n: number): { x: number[][]; y: number[][] } {
  const random = new Random(1);
  return Array.from({ length: n }).reduce<{ x: number[][]; y: number[][] }>(
    (set) => {
      const a = random.next() * 2 - 1;
      const b = random.next() * 2 - 1;
      set.x.push([a, b]);
      set.y.push(a * a + b * b < 0.5 ? [1, 0] : [0, 1]);
      return set;
    },
    { x: [], y: [] },
  );
}

const setup: NetworkOptions = { layers: [2, 16, 2], activation: 'tanh', loss: 'categorical-cross-entropy', seed: 3 };

describe('trainInWorker (a worker thread behind the Web Worker interface)', () => {
  it("trains to fit's weights, history and epoch reports, to the bit, in float64 and on wasm float32", async () => {
    const { x, y } = rings(120);
    const cases: [NetworkOptions, FitOptions][] = [
      [setup, { epochs: 40, batchSize: 8, validation: { inputs: x.slice(0, 30), targets: y.slice(0, 30) }, earlyStopping: { patience: 5 } }],
      [{ ...setup, layers: [2, 64, 64, 2], activation: 'relu', dtype: 'float32' }, { epochs: 10, batchSize: 16, optimizer: { name: 'sgd', learningRate: 0.1, momentum: 0.9 } }],
    ];
    for (const [networkOptions, options] of cases) {
      const reference = new Network(networkOptions);
      const expected = fit(reference, x, y, options);
      const network = new Network(networkOptions);
      const seen: EpochInfo[] = [];
      const result = await trainInWorker(start(), network, x, y, { ...options, onEpoch: (info) => void seen.push(info) });
      expect(network.backend.name).toBe(reference.backend.name);
      expect(Array.from(network.params)).toEqual(Array.from(reference.params));
      expect(result.history.map((e) => [e.loss, e.valLoss])).toEqual(expected.history.map((e) => [e.loss, e.valLoss]));
      expect([result.epochs, result.bestEpoch, result.stoppedBy]).toEqual([expected.epochs, expected.bestEpoch, expected.stoppedBy]);
      expect(seen.map((e) => e.loss)).toEqual(expected.history.map((e) => e.loss));
    }
  });

  it('stops on an AbortSignal with the weights of the last whole epoch, and when onEpoch says so', async () => {
    const { x, y } = rings(400);
    const options: FitOptions = { epochs: 100_000, batchSize: 4 };
    const controller = new AbortController();
    const network = new Network(setup);
    const aborted = await trainInWorker(start(), network, x, y, { ...options, signal: controller.signal, onEpoch: (info) => void (info.epoch === 3 && controller.abort()) });
    expect(aborted.stoppedBy).toBe('aborted');
    expect(aborted.epochs).toBeGreaterThanOrEqual(3);
    expect(aborted.epochs).toBeLessThan(100_000);
    const reference = new Network(setup);
    fit(reference, x, y, { ...options, epochs: aborted.epochs });
    expect(Array.from(network.params)).toEqual(Array.from(reference.params));

    const stopped = await trainInWorker(start(), new Network(setup), x, y, { ...options, onEpoch: (info) => info.epoch < 2 });
    expect(stopped.stoppedBy).toBe('callback');
    expect(stopped.epochs).toBeGreaterThanOrEqual(2);
  });

  it("rejects with the error of an async onProgress's rejected promise, and stops the worker's training (it was unhandled)", async () => {
    const { x, y } = rings(400);
    const error = await trainInWorker(start(), new Network(setup), x, y, { epochs: 100_000, batchSize: 4, onProgress: async () => {
      throw new Error('the log is full');
    } }).catch((e: unknown) => e);
    expect(error).toEqual(new Error('the log is full'));
  });

  it("rejects with the worker's own typed error, and bad data before anything is sent", async () => {
    const { x, y } = rings(20);
    const network = new Network(setup);
    const before = Array.from(network.params);
    const error = await trainInWorker(start(), network, x, y, { epochs: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe('epochs must be a whole number ≥ 1, got 0');
    expect((error as ConfigError).field).toBe('epochs');
    await expect(trainInWorker(start(), network, [[1, 2, 3]], [[1, 0]])).rejects.toThrow(ShapeError);
    await expect(trainInWorker({} as WorkerLike, network, x, y)).rejects.toThrow(/worker must be a Worker/);
    expect(Array.from(network.params)).toEqual(before);
  });
});
