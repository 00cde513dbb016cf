/**
 * Starting the workers of a thread pool (threads.ts): Node's worker_threads (Bun's and Deno's
 * too), which start while their creator runs, or a browser's Web Workers from a Blob URL, which
 * run only once their creator is back in the event loop and say so; and how many threads the
 * machine can run.
 */
import { clock } from '../clock.js';
import { NODE_WORKER_SOURCE, STARTED, WEB_WORKER_SOURCE } from './thread-code.js';

interface WorkerLike {
  unref(): void;
  terminate(): Promise<number>;
  on(event: 'error', listener: (error: unknown) => void): void;
}
interface WorkerThreads {
  Worker: new (code: string, options: { eval: true; workerData: unknown }) => WorkerLike;
}

/**
 * How long the first split call waits for Node's worker threads to run (they take tens of
 * milliseconds) before the pool counts as failed and the backend runs on one thread: a worker
 * that never starts (its source does not run in this runtime) must not leave the caller waiting.
 */
export const NODE_START_MS = 10_000;
interface NodeProcess {
  getBuiltinModule?: (name: string) => unknown;
}

/** How many threads the machine can run at once (1 where that cannot be known). */
export function availableThreads(): number {
  const os = nodeModule('node:os') as { availableParallelism?: () => number } | undefined;
  const browser = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return os?.availableParallelism?.() ?? browser ?? 1;
}

function nodeModule(name: string): unknown {
  const proc = (globalThis as { process?: NodeProcess }).process;
  try {
    return proc?.getBuiltinModule?.(name);
  } catch {
    return undefined;
  }
}

/** Started workers: whether all of them run yet, or failed to start; and how to stop them. */
export interface Workers {
  readonly started: boolean;
  readonly failed: boolean;
  readonly ready: Promise<void>;
  terminate(): void;
}

/**
 * Node's worker threads; null outside Node. They start while the caller runs, and each says so in
 * the control block (STARTED): the first time `started` is read, the caller waits for all of them
 * for up to `startMs`; a worker that has not started by then, or that fails, makes the pool
 * failed (its error is not thrown at the process). `source` is the workers' code (a test's own).
 */
export function startNodeWorkers(
  module: unknown,
  memory: unknown,
  block: Int32Array,
  count: number,
  pool: number,
  generation: number,
  source = NODE_WORKER_SOURCE,
  startMs = NODE_START_MS,
): Workers | null {
  const threads = nodeModule('node:worker_threads') as WorkerThreads | undefined;
  if (threads === undefined) return null;
  const state = { started: false, failed: false };
  const workers: WorkerLike[] = [];
  const control = block.byteOffset;
  for (let index = 1; index < count; index++) {
    const worker = new threads.Worker(source, { eval: true, workerData: { module, memory, control, index, pool, generation } });
    worker.on('error', () => {
      state.failed = true;
    });
    worker.unref(); // idle threads never keep the process alive
    workers.push(worker);
  }
  const waitForWorkers = () => {
    const deadline = clock.now() + startMs;
    for (let running = Atomics.load(block, STARTED); running < count - 1 && !state.failed; running = Atomics.load(block, STARTED)) {
      const left = deadline - clock.now();
      if (left <= 0) state.failed = true;
      else Atomics.wait(block, STARTED, running, left);
    }
    state.started = !state.failed;
  };
  return {
    get started() {
      if (!state.started && !state.failed) waitForWorkers();
      return state.started;
    },
    get failed() {
      return state.failed;
    },
    ready: Promise.resolve(),
    terminate: () => workers.forEach((w) => void w.terminate()),
  };
}

/** The part of a browser's Worker, Blob and URL used here. */
interface WebWorker {
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  postMessage(message: unknown): void;
  terminate(): void;
}
interface BrowserScope {
  Worker?: new (url: string) => WebWorker;
  Blob?: new (parts: string[], options: { type: string }) => unknown;
  URL: { createObjectURL?(blob: unknown): string; revokeObjectURL?(url: string): void };
}

/** Web Workers from a Blob URL; they run once the creator returns to the event loop. Null where there are none. */
export function startWebWorkers(module: unknown, memory: unknown, control: number, count: number, pool: number, generation: number): Workers | null {
  const scope = globalThis as unknown as BrowserScope;
  if (typeof scope.Worker !== 'function' || typeof scope.Blob !== 'function' || typeof scope.URL.createObjectURL !== 'function') return null;
  const url = scope.URL.createObjectURL(new scope.Blob([WEB_WORKER_SOURCE], { type: 'text/javascript' }));
  const workers: WebWorker[] = [];
  let running = 0;
  const state = { started: false, failed: false, ready: Promise.resolve(), terminate: () => workers.forEach((w) => w.terminate()) };
  state.ready = new Promise<void>((resolve) => {
    for (let index = 1; index < count; index++) {
      const worker = new scope.Worker!(url);
      worker.onmessage = () => {
        if (++running === count - 1) {
          state.started = true;
          scope.URL.revokeObjectURL?.(url);
          resolve();
        }
      };
      worker.onerror = () => {
        // Blocked (a Content-Security-Policy without blob: workers) or broken: one thread, then.
        state.failed = true;
        resolve();
      };
      worker.postMessage({ module, memory, control, index, pool, generation });
      workers.push(worker);
    }
  });
  return state;
}
