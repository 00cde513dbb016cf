/**
 * What a backend is: where a network's numbers live and the kernels that run on them, as the
 * network and the optimisers see it (backend.ts chooses one; js-backend.ts and wasm-backend.ts are
 * the two). The backends import this file, never backend.ts, which imports them.
 */
import type { Activation } from '../activations/activations.js';
import { ConfigError, show } from '../errors.js';
import type { FloatArray } from '../data/matrix.js';
import type { KernelVariant } from './kernel-variants.js';

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

/** A thread count as setThreads takes it, checked. */
export function checkThreads(threads: ThreadCount): number | 'auto' {
  if (threads === 'auto') return threads;
  if (!Number.isInteger(threads) || threads < 1 || threads > 256) {
    throw new ConfigError('threads', `must be auto or a whole number from 1 to 256, got ${show(threads)}`);
  }
  return threads;
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
