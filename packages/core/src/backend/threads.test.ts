import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { fit } from '../training/train.js';
import { kernelModule } from './kernel-modules.js';
import { hasRelaxedSimd, type KernelVariant } from './kernel-variants.js';
import { oneHot } from '../data/labels.js';
import { Matrix, type DType } from '../data/matrix.js';
import { Network } from '../network/network.js';
import { Random } from '../random.js';
import { POOL_IDLE_MS } from './wasm-threads.js';
import { CONTROL_SLOTS, GENERATION, OP, PENDING } from './thread-code.js';
import { Lateness, startPool } from './threads.js';
import { packs } from './pack-rule.js';

if (!hasRelaxedSimd()) setFlagsFromString('--experimental-wasm-relaxed-simd'); // Node 20: the fma build behind a flag

describe('threads (wasm backend)', () => {
  // Large enough that the first layer's products (64 × 128 × 128 multiply-adds) are split.
  const random = new Random(5);
  const x = Matrix.zeros(256, 128);
  for (let k = 0; k < x.data.length; k++) x.data[k] = random.normal();
  const y = oneHot(Array.from({ length: 256 }, () => random.int(10)), 10);

  const train = (threads: number, wasmKernels: KernelVariant, dtype: DType = 'float32') => {
    const network = new Network({ layers: [128, 128, 64, 10], activation: 'relu', loss: 'categorical-cross-entropy', dtype, seed: 3, threads, wasmKernels });
    expect(network.backend.threads).toBe(threads);
    expect(network.backend.kernels).toBe(wasmKernels);
    const result = fit(network, x, y, { epochs: 3, batchSize: 64, seed: 3 });
    expect(network.backend.threadsUsed).toBe(threads); // the calls were really split
    return { params: Array.from(network.params), loss: result.loss, outputs: Array.from(network.predict(x).data) };
  };

  it.each([
    ['simd', 'float32'],
    ['fma', 'float32'],
    ['simd', 'float64'],
    ['fma', 'float64'],
  ] as const)('trains to bit-identical weights with 1, 2, 3 and 8 threads (%s build, %s)', { timeout: 60_000 }, (build, dtype) => {
    // 8 threads on a machine of fewer cores: the workers run in whatever order they are scheduled.
    const one = train(1, build, dtype);
    for (const threads of [2, 3, 8]) {
      const many = train(threads, build, dtype);
      expect(many.loss).toBe(one.loss);
      expect(many.params).toEqual(one.params);
      expect(many.outputs).toEqual(one.outputs);
    }
    // 13 workers start and train on 2 cores: 7 s in a full test run on a machine with a load of 16,
    // past vitest's 5 s default, without anything being wrong.
  });

  it.each([
    ['simd', 'float32'],
    ['fma', 'float32'],
    ['simd', 'float64'],
    ['fma', 'float64'],
  ] as const)('trains a wide layer whose weights are packed (pack-rule.ts) to bit-identical weights with 1, 2 and 3 threads (%s build, %s)', { timeout: 60_000 }, (build, dtype) => {
    // The 520 × 520 layer: z = a·W and δ·Wᵀ both pack their b (a stride of 2 KiB or more, over
    // 1 MiB, 64 rows) on the calling thread, and the split rows read the one packed copy.
    expect(packs(dtype === 'float32' ? 4 : 8, 64, 520, 520)).toBe(true);
    const wide = new Random(6);
    const xs = Matrix.zeros(192, 16);
    for (let k = 0; k < xs.data.length; k++) xs.data[k] = wide.normal();
    const ys = oneHot(Array.from({ length: 192 }, () => wide.int(4)), 4);
    const trainWide = (threads: number) => {
      const network = new Network({ layers: [16, 520, 520, 4], activation: 'relu', loss: 'categorical-cross-entropy', dtype, seed: 7, threads, wasmKernels: build });
      fit(network, xs, ys, { epochs: 2, batchSize: 64, seed: 7 });
      expect(network.backend.threadsUsed).toBe(threads);
      return { params: Array.from(network.params), outputs: Array.from(network.predict(xs).data) };
    };
    const one = trainWide(1);
    for (const threads of [2, 3]) {
      const many = trainWide(threads);
      expect(many.params).toEqual(one.params);
      expect(many.outputs).toEqual(one.outputs);
    }
  });

  it('can be set for one training only, and refuses bad counts', () => {
    const network = new Network({ layers: [4, 3], dtype: 'float32', backend: 'wasm', threads: 1 });
    fit(network, [[1, 2, 3, 4]], [[0.5, 0.5, 0.5]], { epochs: 1, threads: 2 });
    expect(network.backend.threads).toBe(1);
    // auto comes back as auto (not as the count it stood for, which would stop its pausing)
    const automatic = new Network({ layers: [4, 3], dtype: 'float32', backend: 'wasm' });
    fit(automatic, [[1, 2, 3, 4]], [[0.5, 0.5, 0.5]], { epochs: 1, threads: 1 });
    expect(automatic.backend.threadSetting).toBe('auto');
    expect(() => new Network({ layers: [4, 3], dtype: 'float32', backend: 'wasm', threads: 0 })).toThrow('threads must be auto or a whole number from 1 to 256, got 0');
    expect(() => new Network({ layers: [4, 3], dtype: 'float64', threads: 2 })).toThrow('threads above 1 needs the wasm backend; got 2 for a float64 network on the js backend');
  });

  it("pauses splitting ('auto') after 4 calls in a row that waited longer for the workers than the caller's own share took", () => {
    const lateness = new Lateness();
    let now = 0;
    const call = (own: number, waited: number) => lateness.record(own, waited, (now += own + waited));
    for (let i = 0; i < 32; i++) call(1, 5); // a new pool's workers are still starting: not judged
    expect(lateness.paused(now)).toBe(false);
    for (let i = 0; i < 3; i++) call(1, 5);
    call(1, 0.5); // on time: the streak starts again
    for (let i = 0; i < 3; i++) call(1, 5);
    expect(lateness.paused(now)).toBe(false);
    call(1, 5);
    expect(lateness.paused(now)).toBe(true);
    expect(lateness.paused(now + 249)).toBe(true);
    expect(lateness.paused(now + 251)).toBe(false); // then it tries the workers again
  });
});

describe('a network’s thread pool', () => {
  it(`closes after ${POOL_IDLE_MS} ms without a call and starts again for the next training, which trains as one thread does`, { timeout: 30_000 }, async () => {
    const random = new Random(8);
    const x = Matrix.zeros(128, 128);
    for (let k = 0; k < x.data.length; k++) x.data[k] = random.normal();
    const y = oneHot(Array.from({ length: 128 }, () => random.int(4)), 4);
    const make = (threads: number) => new Network({ layers: [128, 128, 4], activation: 'relu', loss: 'categorical-cross-entropy', dtype: 'float32', seed: 4, threads, backend: 'wasm' });
    const [pooled, alone] = [make(2), make(1)];
    const options = { epochs: 1, batchSize: 64, seed: 4 };
    fit(pooled, x, y, options);
    fit(alone, x, y, options);
    expect(pooled.backend.threadsRunning).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, POOL_IDLE_MS + 600));
    expect(pooled.backend.threadsRunning).toBe(1); // closed: no idle worker threads
    fit(pooled, x, y, options); // a new pool on the same control block
    fit(alone, x, y, options);
    expect(pooled.backend.threadsRunning).toBe(2);
    expect(pooled.backend.threadsUsed).toBe(2);
    expect(Array.from(pooled.params)).toEqual(Array.from(alone.params));
  });
});

describe('a thread pool woken without a new call', () => {
  it('does not run the last call again (a late notify of a descheduled caller): the caller is not left waiting', async () => {
    const kernels = kernelModule('simd');
    if (typeof kernels === 'string' || !kernels.shared) return; // no shared memory here: no pool to test
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 16, shared: true });
    const exports = new WebAssembly.Instance(kernels.module, { env: { memory } }).exports as { allocate(bytes: number): number };
    const control = exports.allocate(CONTROL_SLOTS * 4);
    const [c, a, b] = [exports.allocate(64 * 4), exports.allocate(64 * 4), exports.allocate(16 * 4)];
    const pool = startPool(kernels.module, memory, exports, control, 2);
    if (pool === null) return; // no worker threads here
    try {
      await pool.ready;
      const block = new Int32Array(memory.buffer, control, CONTROL_SLOTS);
      pool.run(OP.gemm, [c, a, b, 0, 0, 16, 4, 4]); // c (16, 4) = a (16, 4) · b (4, 4), split over the 2 threads
      const generation = Atomics.load(block, GENERATION);
      expect(Atomics.load(block, PENDING)).toBe(0);
      // The notify of that call arriving late, after the worker has finished it and gone to sleep
      // (it spins for well under a millisecond first).
      for (let late = 0; late < 5; late++) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        Atomics.notify(block, GENERATION);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(Atomics.load(block, GENERATION)).toBe(generation);
      expect(Atomics.load(block, PENDING)).toBe(0); // −1 when the worker ran the call again: the next run would never end
      pool.run(OP.gemm, [c, a, b, 0, 0, 16, 4, 4]);
      expect(Atomics.load(block, PENDING)).toBe(0);
    } finally {
      pool.close();
    }
  });
});
