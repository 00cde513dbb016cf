/**
 * The threads of one wasm backend: the count setThreads chose, the pool of threads.ts started when
 * the first call worth splitting comes and closed once it has been idle for POOL_IDLE_MS, and, under
 * auto, a call split only while the workers keep up (threads.ts Lateness).
 */
import { clock } from '../clock.js';
import { ConfigError, show } from '../errors.js';
import { checkThreads, type ThreadCount } from './backend-interface.js';
import { NO_SHARED_MEMORY } from './kernel-modules.js';
import { availableThreads } from './thread-workers.js';
import { startPool, type ThreadPool } from './threads.js';

/** The fewest multiply-adds a kernel call must have before it is split over threads. */
const THREAD_THRESHOLD = 1 << 20;
const MAX_AUTO_THREADS = 4;

/**
 * A pool whose threads have had no call for this long is closed (started again on the next large
 * call, in tens of milliseconds): a trained model kept for predictions, or a server's many models,
 * should not each hold idle worker threads, each with its own engine instance.
 */
export const POOL_IDLE_MS = 2000;

/** Stops a network's worker threads once the network is garbage. */
const poolsToClose = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry<ThreadPool>((pool) => pool.close()) : null;

/** A wasm backend's threads: what its kernel calls split over, and its `threads…` members (see Backend). */
export interface WasmThreads {
  /** The pool when a call of `work` multiply-adds is worth splitting and its threads run, else null. */
  parallel(work: number): ThreadPool | null;
  readonly threads: number;
  readonly threadsUsed: number;
  readonly threadsRunning: number;
  readonly threadSetting: ThreadCount;
  setThreads(count: ThreadCount): void;
  threadsReady(): Promise<void>;
}

/**
 * The threads of a backend whose kernels (`exports` of `module`, over `memory`, with their control
 * block at `control`) run on one thread until setThreads asks for more; a memory that is not
 * `shared` keeps them on one. `owner()` is the backend: once it is garbage, its pool is closed.
 */
export function wasmThreads(module: WebAssembly.Module, memory: WebAssembly.Memory, exports: unknown, control: number, shared: boolean, owner: () => object): WasmThreads {
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
      else poolsToClose?.register(owner(), pool, pool);
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
  return {
    parallel,
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
}
