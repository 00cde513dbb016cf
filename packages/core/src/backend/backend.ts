/**
 * Where a network's numbers live and which kernels run on them.
 *   js:   plain typed arrays and the TypeScript loops of kernels.ts (float32 and float64; the
 *         reference every other kernel is tested against);
 *   wasm: float32 or float64 buffers inside a WebAssembly memory and the SIMD kernels of
 *         assembly/kernels.ts (f32x4 for float32, f64x2 for float64; one of two builds: plain SIMD,
 *         or relaxed SIMD with fused multiply-adds; kernel-variants.ts).
 * A network asks its backend for every buffer once, so growing the wasm memory must never detach
 * a view handed out before: the memory is shared (SharedArrayBuffer, which worker threads can use
 * too) where the engine has SharedArrayBuffer, else (a browser page that is not cross-origin
 * isolated) a plain memory seen through a resizable ArrayBuffer (`toResizableBuffer`), on one thread.
 */
import { backwardLoop, forwardLoop } from '../activations/activation-loops.js';
import type { Activation } from '../activations/activations.js';
import { clock } from '../clock.js';
import { ConfigError, show } from '../errors.js';
import { linearBackwardInputs, linearBackwardParams, linearForward } from './kernels.js';
import { allocate as allocateArray, type DType, type FloatArray } from '../data/matrix.js';
import { kernelModule, NO_SHARED_MEMORY, type WasmKernels } from './kernel-modules.js';
import { checkKernelPreference, chooseKernels, type KernelPreference, type KernelVariant } from './kernel-variants.js';
import { CONTROL_SLOTS, OP } from './thread-code.js';
import { availableThreads } from './thread-workers.js';
import { startPool, type ThreadPool } from './threads.js';
import { PACK_MIN_B_BYTES, packs } from './pack-rule.js';
import { rowTrampoline } from './row-trampoline.js';

/** js: typed arrays and TypeScript loops; wasm: a WebAssembly memory and SIMD kernels. */
export type BackendName = 'js' | 'wasm';
/**
 * A network's `backend` option: one of the two, or auto (wasm for networks that are not tiny, when
 * the engine has WebAssembly SIMD; js otherwise).
 */
export type BackendPreference = BackendName | 'auto';

/**
 * Where a network's numbers live and the kernels that run on them (`network.backend`). Users
 * rarely need more than its `name` and `threads`; the rest is the contract with the network and
 * the optimisers.
 */
export interface Backend {
  readonly name: BackendName;
  /** The wasm backend's build of the kernels (see KernelVariant); null for js. */
  readonly kernels: KernelVariant | null;
  /** A zero-filled buffer of `length` numbers that the kernels can work on. */
  allocate(length: number): FloatArray;
  /** z = a·W + b.  a (batchSize, n), W (n, m), b (m) → z (batchSize, m). */
  linearForward(z: FloatArray, a: FloatArray, weights: FloatArray, biases: FloatArray, batchSize: number, n: number, m: number): void;
  /** dW = scale·aᵀ·δ, db = scale·Σ_rows δ.  a (batchSize, n), δ (batchSize, m). */
  linearBackwardParams(dWeights: FloatArray, dBiases: FloatArray, a: FloatArray, residual: FloatArray, batchSize: number, n: number, m: number, scale: number): void;
  /** g = δ·Wᵀ.  δ (batchSize, m), W (n, m) → g (batchSize, n). */
  linearBackwardInputs(g: FloatArray, residual: FloatArray, weights: FloatArray, batchSize: number, n: number, m: number): void;
  /** a = f(z) over a (rows, width) buffer: the activation's own loop, or a native one. */
  activationForward(activation: Activation, z: FloatArray, a: FloatArray, rows: number, width: number): void;
  /** residual ← f′(z) ⊙ residual (for softmax, the Jacobian-vector product). */
  activationBackward(activation: Activation, z: FloatArray, a: FloatArray, residual: FloatArray, rows: number, width: number): void;
  /**
   * One sample through every layer in one native call (Network.predictOne): a runner that fills
   * each step's z and a as linearForward and activationForward with batchSize 1 would, bit for
   * bit, and returns −1; or, when a value of the first step's x is NaN or ±∞, computes nothing and
   * returns that value's index. null on the js backend, for more than MAX_ROW_LAYERS layers, or
   * when an activation has no native kernel. The steps' buffers must stay this backend's while the
   * runner is used.
   */
  forwardRow(steps: readonly RowStep[]): (() => number) | null;
  /** True when `array` is one of this backend's buffers (else inputs are copied in first). */
  owns(array: FloatArray): boolean;
  /** Copies `length` values from `from` to `to` (both this backend's buffers), start indices given. */
  copy(to: FloatArray, toStart: number, from: FloatArray, fromStart: number, length: number): void;
  /** Native twins of the optimisers' loops (src/optimizers/*.ts), or null where the backend has none. */
  readonly adamStep: ((params: FloatArray, grads: FloatArray, m: FloatArray, v: FloatArray, stepSize: number, beta1: number, beta2: number, epsilon: number) => void) | null;
  /** Likewise for SGD (see {@link SgdOptions}); null where the backend has none. */
  readonly sgdStep: ((params: FloatArray, grads: FloatArray, velocity: FloatArray | null, learningRate: number, momentum: number, nesterov: boolean) => void) | null;
  /** Makes sure working space for layers of up to `weights` weights exists (before any mark). */
  prepare(weights: number): void;
  /** The allocator's position: buffers allocated after it are freed by release(mark). */
  mark(): number;
  /** Frees every buffer allocated after `mark` was taken. */
  release(mark: number): void;
  /** Threads the kernels may split large calls over (1 for the js backend). */
  readonly threads: number;
  /** The most threads a kernel call has actually been split over so far (1 when none was). */
  readonly threadsUsed: number;
  /**
   * The threads running now, the caller's included: the pool's size while its workers live, 1
   * before the first split call and once the pool has been idle for POOL_IDLE_MS and closed.
   */
  readonly threadsRunning: number;
  /** Sets the thread count: a number ≥ 1, or auto (the machine's cores, at most 4, for wasm). */
  setThreads(threads: ThreadCount): void;
  /** What setThreads was last given (auto until then): what a training that sets its own restores. */
  readonly threadSetting: ThreadCount;
  /**
   * Starts the threads and resolves once they run. Until then kernel calls run on the calling
   * thread (a browser starts a Web Worker only once its creator is back in the event loop).
   */
  threadsReady(): Promise<void>;
}

/** Threads for the wasm kernels: a count from 1 to 256, or auto (up to 4, while the machine keeps up). */
export type ThreadCount = number | 'auto';

/** The fewest multiply-adds a kernel call must have before it is split over threads. */
const THREAD_THRESHOLD = 1 << 20;
const MAX_AUTO_THREADS = 4;

function checkThreads(threads: ThreadCount): number | 'auto' {
  if (threads === 'auto') return threads;
  if (!Number.isInteger(threads) || threads < 1 || threads > 256) {
    throw new ConfigError('threads', `must be auto or a whole number from 1 to 256, got ${show(threads)}`);
  }
  return threads;
}

/**
 * Networks of at most this many weights and biases run on the js backend under auto: there
 * online training (batch 1) takes a step compiled for the network's shape (online.ts, whose
 * MAX_COMPILED_PARAMETERS is this bound), twice as fast as wasm's calls on XOR's 2-3-1 and 4-8-2.
 * Above it wasm's SIMD kernels win at every batch size, from 1 up, in both dtypes (measured:
 * packages/core/README.md, "Backends and threads").
 */
const LARGEST_JS_NETWORK = 128;

/**
 * The backend for a dtype: auto is wasm for networks of more than LARGEST_JS_NETWORK parameters,
 * when WebAssembly SIMD is available; js otherwise. `kernels` picks the wasm build
 * (kernel-variants.ts).
 */
export function createBackend(dtype: DType, preference: BackendPreference = 'auto', parameters = Infinity, kernels: KernelPreference = 'auto'): Backend {
  if (preference !== 'auto' && preference !== 'js' && preference !== 'wasm') {
    throw new ConfigError('backend', `must be auto, js or wasm, got ${show(preference)}`);
  }
  checkKernelPreference(kernels); // checked on the js backend too, which runs no wasm kernels
  if (preference === 'js' || (preference === 'auto' && parameters <= LARGEST_JS_NETWORK)) return new JsBackend(dtype);
  const variant = chooseKernels(kernels);
  const compiled = kernelModule(variant);
  if (typeof compiled === 'string') {
    if (preference === 'wasm') throw new ConfigError('backend', `wasm ${compiled}`);
    return new JsBackend(dtype);
  }
  return wasmBackend(compiled, variant, dtype);
}

/** Plain typed arrays and the TypeScript loops: a class, so that every network shares its methods. */
class JsBackend implements Backend {
  readonly name = 'js';
  readonly kernels = null;
  readonly threads = 1;
  readonly threadsUsed = 1;
  readonly adamStep = null;
  readonly sgdStep = null;

  constructor(private readonly dtype: DType) {}

  allocate(length: number): FloatArray {
    return allocateArray(this.dtype, length);
  }
  linearForward(z: FloatArray, a: FloatArray, w: FloatArray, b: FloatArray, batchSize: number, n: number, m: number): void {
    linearForward(z, a, w, 0, b, 0, batchSize, n, m);
  }
  linearBackwardParams(dW: FloatArray, dB: FloatArray, a: FloatArray, d: FloatArray, batchSize: number, n: number, m: number, scale: number): void {
    linearBackwardParams(dW, 0, dB, 0, a, d, batchSize, n, m, scale);
  }
  linearBackwardInputs(g: FloatArray, d: FloatArray, w: FloatArray, batchSize: number, n: number, m: number): void {
    linearBackwardInputs(g, d, w, 0, batchSize, n, m);
  }
  activationForward(act: Activation, z: FloatArray, a: FloatArray, rows: number, width: number): void {
    if (!forwardLoop(act, z, a, rows * width)) act.forward(z, a, rows, width);
  }
  activationBackward(act: Activation, z: FloatArray, a: FloatArray, residual: FloatArray, rows: number, width: number): void {
    if (!backwardLoop(act, z, a, residual, rows * width)) act.backward(z, a, residual, rows, width);
  }
  /** Any array of the dtype: the loops read plain memory (another dtype is converted on the way in). */
  forwardRow(): null {
    return null; // the TypeScript loops make no crossings to save
  }
  owns(array: FloatArray): boolean {
    return array instanceof (this.dtype === 'float32' ? Float32Array : Float64Array);
  }
  copy(to: FloatArray, toStart: number, from: FloatArray, fromStart: number, length: number): void {
    for (let k = 0; k < length; k++) to[toStart + k] = from[fromStart + k];
  }
  prepare(): void {}
  mark(): number {
    return 0;
  }
  release(): void {}
  threadsReady(): Promise<void> {
    return Promise.resolve();
  }
  threadSetting: ThreadCount = 'auto';
  readonly threadsRunning = 1;
  setThreads(threads: ThreadCount): void {
    if (checkThreads(threads) !== 'auto' && threads !== 1) {
      throw new ConfigError('threads', `above 1 needs the wasm backend; got ${show(threads)} for a ${this.dtype} network on the js backend`);
    }
    this.threadSetting = threads;
  }
}

interface KernelExports {
  allocate(bytes: number): number;
  /** packed: 0, or b's full column strips as pack.ts copies them (packB / packBF64). */
  gemm(c: number, a: number, b: number, packed: number, bias: number, rows: number, n: number, m: number): void;
  packB(dst: number, b: number, n: number, m: number): void;
  /** packed: 0, or d's full column strips as packB / packBF64 copy them (d is rows × m). */
  gemmTransA(dw: number, db: number, a: number, d: number, packed: number, rows: number, n: number, m: number, scale: number, lda: number): void;
  transpose(dst: number, src: number, rows: number, cols: number): void;
  activationForward(kind: number, z: number, a: number, count: number, alpha: number): void;
  activationBackward(kind: number, z: number, a: number, residual: number, count: number, alpha: number): void;
  softmaxForward(z: number, a: number, rows: number, width: number): void;
  mark(): number;
  release(position: number): void;
  adamStep(p: number, g: number, m: number, v: number, count: number, stepSize: number, beta1: number, beta2: number, epsilon: number): void;
  sgdStep(p: number, g: number, velocity: number, count: number, learningRate: number, momentum: number, nesterov: number): void;
  gemmF64: KernelExports['gemm'];
  packBF64: KernelExports['packB'];
  gemmTransAF64: KernelExports['gemmTransA'];
  transposeF64: KernelExports['transpose'];
  activationForwardF64: KernelExports['activationForward'];
  activationBackwardF64: KernelExports['activationBackward'];
  softmaxForwardF64: KernelExports['softmaxForward'];
  setRowStep(plan: number, layer: number, z: number, x: number, weights: number, biases: number, n: number, m: number, kind: number, a: number, alpha: number): void;
  forwardRow(plan: number, layers: number): number;
  forwardRowF64(plan: number, layers: number): number;
  adamStepF64: KernelExports['adamStep'];
  sgdStepF64: KernelExports['sgdStep'];
}

/** The kernels of one dtype, under the float32 kernels' names, and their thread calls. */
type DtypeKernels = Pick<KernelExports, 'gemm' | 'packB' | 'gemmTransA' | 'transpose' | 'activationForward' | 'activationBackward' | 'softmaxForward' | 'adamStep' | 'sgdStep'>;

function dtypeKernels(k: KernelExports, dtype: DType): { kernels: DtypeKernels; op: { gemm: number; gemmTransA: number; adam: number } } {
  if (dtype === 'float32') return { kernels: k, op: OP };
  return {
    kernels: {
      gemm: k.gemmF64,
      packB: k.packBF64,
      gemmTransA: k.gemmTransAF64,
      transpose: k.transposeF64,
      activationForward: k.activationForwardF64,
      activationBackward: k.activationBackwardF64,
      softmaxForward: k.softmaxForwardF64,
      adamStep: k.adamStepF64,
      sgdStep: k.sgdStepF64,
    },
    op: { gemm: OP.gemmF64, gemmTransA: OP.gemmTransAF64, adam: OP.adamF64 },
  };
}

/** One layer of a forwardRow: z (1, m) = x (1, n) · weights (n, m) + biases (m), a (1, m) = f(z). */
export interface RowStep {
  z: FloatArray;
  x: FloatArray;
  weights: FloatArray;
  biases: FloatArray;
  a: FloatArray;
  n: number;
  m: number;
  activation: Activation;
}

/** The most layers a forwardRow plan holds (its records are reserved with the backend). */
export const MAX_ROW_LAYERS = 16;
/** Bytes of one layer's record in a forwardRow plan (assembly/forward-row.ts). */
const ROW_PLAN_BYTES = 48;
/** forwardRow's number for softmax (the others are KIND's). */
const SOFTMAX_KIND = 7;

/** The activations assembly/activations.ts computes natively, by the number it knows them by. */
const KIND: Partial<Record<string, number>> = { linear: 0, relu: 1, 'leaky-relu': 2, sigmoid: 3, tanh: 4, elu: 5, softplus: 6 };

/** The typed array of a dtype, made over a (shared) memory's buffer. */
interface FloatArrayType {
  new (length: number): FloatArray;
  new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): FloatArray;
  readonly BYTES_PER_ELEMENT: number;
}

/** Pages of 64 KiB: a memory may grow to 4 GiB. */
const MAX_PAGES = 65536;

/**
 * A pool whose threads have had no call for this long is closed (started again on the next large
 * call, in tens of milliseconds): a trained model kept for predictions, or a server's many models,
 * should not each hold idle worker threads, each with its own engine instance.
 */
export const POOL_IDLE_MS = 2000;

/** Stops a network's worker threads once the network is garbage. */
const poolsToClose = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry<ThreadPool>((pool) => pool.close()) : null;

function wasmBackend({ module, shared }: WasmKernels, variant: KernelVariant, dtype: DType): Backend {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared });
  // A plain memory's buffer would be detached by growth; a resizable one is grown in place.
  if (!shared) memory.toResizableBuffer();
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  const { kernels, op } = dtypeKernels(exports, dtype);
  const Values = (dtype === 'float32' ? Float32Array : Float64Array) as FloatArrayType;
  const bytes = Values.BYTES_PER_ELEMENT;
  const control = exports.allocate(CONTROL_SLOTS * 4);
  // forwardRow's plan, reserved now so that no release(mark) can hand its bytes to another buffer.
  const rowPlan = exports.allocate(MAX_ROW_LAYERS * ROW_PLAN_BYTES);
  const forwardRowKernel = dtype === 'float32' ? exports.forwardRow : exports.forwardRowF64;
  let rowPlanOwner: readonly RowStep[] | null = null; // whose records rowPlan holds
  let rowCall: ReturnType<typeof rowTrampoline> | undefined; // the row kernel's slot in the shared function's table
  let pool: ThreadPool | null = null;
  let threads = 1;
  let automatic = false; // threads 'auto': split only while the workers keep up (threads.ts Lateness)
  let threadSetting: ThreadCount = 'auto';
  let threadsUsed = 1;
  /** Stops the pool's workers (they start again on the next split call). */
  const closePool = () => {
    if (pool === null) return;
    poolsToClose?.unregister(pool);
    pool.close();
    pool = null;
  };
  /** The pool of `threads` threads, started when first needed; null where there are none. */
  const threadPool = (): ThreadPool | null => {
    if (pool?.failed) {
      closePool(); // its workers could not start here: one thread from now on
      threads = 1;
      return null;
    }
    if (pool === null || pool.size !== threads) {
      closePool();
      pool = startPool(module, memory, exports, control, threads);
      if (pool === null) threads = 1; // no worker threads here
      else poolsToClose?.register(backend, pool, pool);
    }
    return pool;
  };
  let lastCall = 0;
  let idleCheck: ReturnType<typeof setTimeout> | null = null;
  /** Closes the pool once it has had no call for POOL_IDLE_MS (a timer that keeps no process alive). */
  const closeWhenIdle = (delay: number) => {
    idleCheck = setTimeout(() => {
      idleCheck = null;
      const idle = clock.now() - lastCall;
      if (pool !== null && idle < POOL_IDLE_MS) closeWhenIdle(POOL_IDLE_MS - idle);
      else closePool();
    }, delay);
    (idleCheck as { unref?: () => void }).unref?.();
  };
  /** The pool when a call of `work` multiply-adds is worth splitting and its threads run, else null. */
  const parallel = (work: number): ThreadPool | null => {
    if (threads < 2 || work < THREAD_THRESHOLD) return null;
    const running = threadPool();
    if (running === null || !running.started) return null;
    lastCall = clock.now();
    if (idleCheck === null) closeWhenIdle(POOL_IDLE_MS);
    if (automatic && running.lateness.paused(lastCall)) return null;
    threadsUsed = Math.max(threadsUsed, running.size);
    return running;
  };
  let scratch: FloatArray = new Values(0); // Wᵀ for δ·Wᵀ, grown to the largest layer
  let packScratch: FloatArray = new Values(0); // a GEMM's b in column strips (pack-rule.ts), as large (a larger δ is not packed)
  // memory.buffer is a new object after each growth, and reading it costs microseconds on a shared
  // memory (the engine looks for growth by other threads): the last one read is kept, and read
  // again only when a new buffer reaches past its end (only exports.allocate grows the memory).
  let buffer = memory.buffer;
  const buffers = new WeakSet<ArrayBufferLike>([buffer]); // every one read
  const allocate = (length: number): FloatArray => {
    const ptr = exports.allocate(Math.max(length, 1) * bytes);
    if (ptr + length * bytes > buffer.byteLength) {
      buffer = memory.buffer;
      buffers.add(buffer);
    }
    // A fresh view (shared memory only grows), zeroed: release() lets later buffers reuse memory.
    return new Values(buffer, ptr, length).fill(0);
  };
  const ptr = (array: FloatArray) => array.byteOffset;
  let heap: FloatArray = new Values(buffer);
  /**
   * b (k, m) copied into column strips in packScratch when pack-rule.ts says the copy pays for a
   * product whose `uses` rows (blocks of 4 that each read all of b) read it: once, on this thread,
   * before any split. Returns where the strips are, or 0 (b is read in place).
   */
  const packed = (b: number, uses: number, k: number, m: number): number => {
    if (packScratch.length < k * m || !packs(bytes, uses, k, m)) return 0;
    kernels.packB(ptr(packScratch), b, k, m);
    return ptr(packScratch);
  };
  /** c (rows, m) = a (rows, n) · b (n, m) + bias: each block of 4 rows reads all of b. */
  const gemm = (c: number, a: number, b: number, bias: number, rows: number, n: number, m: number) => {
    const packedB = packed(b, rows, n, m);
    const threadPool = parallel(rows * n * m);
    if (threadPool !== null) threadPool.run(op.gemm, [c, a, b, packedB, bias, rows, n, m]);
    else kernels.gemm(c, a, b, packedB, bias, rows, n, m);
  };
  const backend: Backend = {
    name: 'wasm',
    kernels: variant,
    allocate,
    linearForward: (z, a, w, b, batchSize, n, m) => gemm(ptr(z), ptr(a), ptr(w), ptr(b), batchSize, n, m),
    linearBackwardParams: (dW, dB, a, d, batchSize, n, m, scale) => {
      // dW (n, m) = aᵀ (n, batchSize) · δ (batchSize, m): each block of 4 rows of dW reads all of δ.
      const packedD = packed(ptr(d), n, batchSize, m);
      const threadPool = parallel(batchSize * n * m);
      if (threadPool !== null) threadPool.run(op.gemmTransA, [ptr(dW), ptr(dB), ptr(a), ptr(d), packedD, batchSize, n, m], [scale]);
      else kernels.gemmTransA(ptr(dW), ptr(dB), ptr(a), ptr(d), packedD, batchSize, n, m, scale, n);
    },
    linearBackwardInputs: (g, d, w, batchSize, n, m) => {
      // δ·Wᵀ as a plain product with Wᵀ: the transpose costs n·m, the product batchSize·n·m.
      if (scratch.length < n * m) throw new Error(`bpnn internal error: prepare(${n * m}) was not called`);
      kernels.transpose(ptr(scratch), ptr(w), n, m);
      gemm(ptr(g), ptr(d), ptr(scratch), 0, batchSize, m, n);
    },
    activationForward: (act, z, a, rows, width) => {
      const kind = KIND[act.name];
      if (kind !== undefined) kernels.activationForward(kind, ptr(z), ptr(a), rows * width, act.params.alpha ?? 0);
      else if (act.name === 'softmax') kernels.softmaxForward(ptr(z), ptr(a), rows, width);
      else act.forward(z, a, rows, width);
    },
    activationBackward: (act, z, a, residual, rows, width) => {
      const kind = KIND[act.name];
      if (kind !== undefined) kernels.activationBackward(kind, ptr(z), ptr(a), ptr(residual), rows * width, act.params.alpha ?? 0);
      else act.backward(z, a, residual, rows, width);
    },
    forwardRow: (steps) => {
      if (steps.length === 0 || steps.length > MAX_ROW_LAYERS) return null;
      const kinds = steps.map((s) => (s.activation.name === 'softmax' ? SOFTMAX_KIND : KIND[s.activation.name]));
      if (kinds.some((kind) => kind === undefined)) return null;
      const write = () => {
        steps.forEach((s, l) => {
          exports.setRowStep(rowPlan, l, ptr(s.z), ptr(s.x), ptr(s.weights), ptr(s.biases), s.n, s.m, kinds[l] as number, ptr(s.a), s.activation.params.alpha ?? 0);
        });
        rowPlanOwner = steps;
      };
      write();
      const layers = steps.length;
      if (rowCall === undefined) rowCall = rowTrampoline(forwardRowKernel, backend, buffer.byteLength);
      if (rowCall === null) {
        return () => {
          if (rowPlanOwner !== steps) write();
          return forwardRowKernel(rowPlan, layers);
        };
      }
      const { run, slot } = rowCall;
      return () => {
        if (rowPlanOwner !== steps) write();
        return run(slot, rowPlan, layers); // forwardRowKernel(rowPlan, layers), see row-trampoline.ts
      };
    },
    owns: (array) => array instanceof Values && buffers.has(array.buffer),
    copy: (to, toStart, from, fromStart, length) => {
      // Both live in the one memory: a move within a view of all of it allocates nothing.
      if (heap.buffer !== buffer) heap = new Values(buffer);
      const source = from.byteOffset / bytes + fromStart;
      heap.copyWithin(to.byteOffset / bytes + toStart, source, source + length);
    },
    adamStep: (p, g, m, v, stepSize, beta1, beta2, epsilon) => {
      // Memory-bound: worth splitting only for large networks (4 values move per parameter).
      const threadPool = parallel(p.length * 4 * bytes);
      if (threadPool !== null) threadPool.run(op.adam, [ptr(p), ptr(g), ptr(m), ptr(v), p.length], [stepSize, beta1, beta2, epsilon]);
      else kernels.adamStep(ptr(p), ptr(g), ptr(m), ptr(v), p.length, stepSize, beta1, beta2, epsilon);
    },
    sgdStep: (p, g, velocity, learningRate, momentum, nesterov) =>
      kernels.sgdStep(ptr(p), ptr(g), velocity === null ? 0 : ptr(velocity), p.length, learningRate, momentum, nesterov ? 1 : 0),
    prepare: (weights) => {
      if (scratch.length < weights) scratch = allocate(weights);
      // Only a b of more than PACK_MIN_B_BYTES is packed, and none larger than the largest layer.
      if (weights * bytes > PACK_MIN_B_BYTES && packScratch.length < weights) packScratch = allocate(weights);
    },
    mark: () => exports.mark(),
    release: (position) => exports.release(position),
    get threads() {
      return threads;
    },
    get threadsUsed() {
      return threadsUsed;
    },
    get threadsRunning() {
      return pool === null || !pool.started ? 1 : pool.size;
    },
    threadsReady: async () => {
      if (threads < 2) return;
      await threadPool()?.ready;
      threadPool(); // notices a pool whose workers failed to start
    },
    get threadSetting() {
      return threadSetting;
    },
    setThreads(count) {
      const checked = checkThreads(count);
      if (!shared && checked !== 'auto' && checked > 1) {
        throw new ConfigError('threads', `above 1 needs SharedArrayBuffer, which ${NO_SHARED_MEMORY}; got ${show(count)}`);
      }
      threadSetting = count;
      automatic = checked === 'auto';
      threads = !shared ? 1 : checked === 'auto' ? Math.min(availableThreads(), MAX_AUTO_THREADS) : checked;
    },
  };
  return backend;
}
