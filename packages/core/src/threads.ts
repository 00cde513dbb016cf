/**
 * Worker threads for the wasm backend. They share the network's WebAssembly memory and split one
 * kernel call at a time by its output rows (a GEMM's batch rows, a weight gradient's rows), so
 * that every output value is computed by one thread with the very same loop: training gives
 * bit-identical weights whatever the number of threads. Small calls run on the calling thread.
 * Threads are Node's worker_threads (process.getBuiltinModule, Node ≥ 20.16) or, in a browser,
 * Web Workers started from a Blob URL of the same source text (the memory is shared only on a
 * cross-origin isolated page); elsewhere the backend runs on one thread. Browser rules shape two
 * things: a Web Worker starts only once its creator is back in the event loop, so a pool is used
 * only once every worker has said it runs (`started`; fitAsync awaits `ready`); and a page's main
 * thread may not block in Atomics.wait, so there the caller polls for the workers to finish.
 */

import { clock } from './clock.js';

/** Kernel calls the threads know (the numbers are written into the shared control block). */
export const OP = { exit: 0, gemm: 1, gemmTransA: 2, adam: 3 } as const;

/** Control block layout, in 32-bit slots. */
const GENERATION = 0;
const PENDING = 1;
const OPCODE = 2;
const ARGS = 3; // up to 9 integer arguments
const FLOAT = 12; // up to 4 float arguments
const THREADS = 16;
export const CONTROL_SLOTS = 32;

/**
 * One thread's share of a call, as source text so that the calling thread and the workers run
 * exactly the same code. Work is split in units of 4 rows (the kernels' register tile).
 */
const PART_SOURCE = `
  const op = c[${OPCODE}], T = c[${THREADS}];
  const share = (total) => {
    const units = Math.ceil(total / 4);
    return [Math.min(4 * Math.floor((units * index) / T), total), Math.min(4 * Math.floor((units * (index + 1)) / T), total)];
  };
  if (op === ${OP.gemm}) {
    // c (rows, m) = a (rows, n) · b (n, m) + bias: this thread's band of rows.
    const [C, A, B, bias, rows, n, m] = [c[${ARGS}], c[${ARGS + 1}], c[${ARGS + 2}], c[${ARGS + 3}], c[${ARGS + 4}], c[${ARGS + 5}], c[${ARGS + 6}]];
    const [r0, r1] = share(rows);
    if (r1 > r0) k.gemm(C + r0 * m * 4, A + r0 * n * 4, B, bias, r1 - r0, n, m);
  } else if (op === ${OP.gemmTransA}) {
    // dw (n, m) = scale · aᵀ · d: this thread's band of dw's rows; thread 0 also sums db.
    const [dw, db, A, d, rows, n, m] = [c[${ARGS}], c[${ARGS + 1}], c[${ARGS + 2}], c[${ARGS + 3}], c[${ARGS + 4}], c[${ARGS + 5}], c[${ARGS + 6}]];
    const [i0, i1] = share(n);
    if (i1 > i0 || index === 0) k.gemmTransA(dw + i0 * m * 4, index === 0 ? db : 0, A + i0 * 4, d, rows, i1 - i0, m, f[${FLOAT}], n);
  } else if (op === ${OP.adam}) {
    // One Adam step over this thread's band of the parameters (each updated on its own).
    const [p, g, mo, v, count] = [c[${ARGS}], c[${ARGS + 1}], c[${ARGS + 2}], c[${ARGS + 3}], c[${ARGS + 4}]];
    const [i0, i1] = share(count);
    if (i1 > i0) k.adamStep(p + i0 * 4, g + i0 * 4, mo + i0 * 4, v + i0 * 4, i1 - i0, f[${FLOAT}], f[${FLOAT + 1}], f[${FLOAT + 2}], f[${FLOAT + 3}]);
  }
`;

/**
 * How long a worker polls for the next call before it sleeps (a few hundred microseconds): calls come every few
 * hundred microseconds during training, and a futex wake-up costs tens of microseconds.
 */
const SPINS = 20_000;

/** A worker's loop once it has its { module, memory, control, index }: wait, run its part, report. */
const WORKER_LOOP = `
  const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const c = new Int32Array(memory.buffer, control, ${CONTROL_SLOTS});
  const f = new Float32Array(memory.buffer, control, ${CONTROL_SLOTS});
  let seen = 0;
  for (;;) {
    for (let spin = 0; spin < ${SPINS} && Atomics.load(c, ${GENERATION}) === seen; spin++);
    Atomics.wait(c, ${GENERATION}, seen);
    seen = Atomics.load(c, ${GENERATION});
    if (c[${OPCODE}] === ${OP.exit}) break;
    ${PART_SOURCE}
    if (Atomics.sub(c, ${PENDING}, 1) === 1) Atomics.notify(c, ${PENDING});
  }
`;

/** A Node worker thread: its data comes as workerData; it runs as soon as it is created. */
const NODE_WORKER_SOURCE = `
  const { workerData } = require('node:worker_threads');
  const { module, memory, control, index } = workerData;
  ${WORKER_LOOP}
`;

/** A Web Worker: its data comes as the first message; it says it runs before it starts waiting. */
const WEB_WORKER_SOURCE = `
  self.onmessage = (event) => {
    self.onmessage = null;
    const { module, memory, control, index } = event.data;
    self.postMessage('running');
    ${WORKER_LOOP}
  };
`;

type Part = (k: unknown, c: Int32Array, f: Float32Array, index: number) => void;

/**
 * Calls in a row whose workers came in late before `auto` threads pause, and for how long; the
 * first calls of a pool are not judged (its workers are still starting).
 */
const LATE_CALLS = 4;
const PAUSE_MS = 250;
const UNJUDGED_CALLS = 32;

/**
 * Whether the workers keep the caller waiting: a machine that does not give them their cores (a
 * busy or oversubscribed one) makes every split call wait for a worker that was not scheduled, and
 * two threads then run slower than one. When, after finishing its own share, the caller waits
 * longer than that share took, LATE_CALLS calls in a row, splitting pauses for PAUSE_MS (threads
 * 'auto' only; an explicit count is obeyed). The weights do not depend on the thread count, so
 * this changes only the speed.
 */
export class Lateness {
  private calls = 0;
  private streak = 0;
  private pausedUntil = -Infinity;

  /** Records one split call: the caller's own share took `own` ms, then it waited `waited` ms. */
  record(own: number, waited: number, now: number): void {
    if (++this.calls <= UNJUDGED_CALLS || waited <= own) {
      this.streak = 0;
    } else if (++this.streak >= LATE_CALLS) {
      this.streak = 0;
      this.pausedUntil = now + PAUSE_MS;
    }
  }

  paused(now: number): boolean {
    return now < this.pausedUntil;
  }
}

export interface ThreadPool {
  readonly size: number;
  /** Whether every worker runs: calls must not wait on a worker that has not started. */
  readonly started: boolean;
  /** Whether a worker could not start (the pool is then never used). */
  readonly failed: boolean;
  /** Resolves once every worker runs. */
  readonly ready: Promise<void>;
  /** How late the workers have been (see Lateness). */
  readonly lateness: Lateness;
  /** Runs one call split over all threads (the caller's included) and returns when all are done. */
  run(op: number, args: readonly number[], floats?: readonly number[]): void;
  close(): void;
}

interface WorkerLike {
  unref(): void;
  terminate(): Promise<number>;
}
interface WorkerThreads {
  Worker: new (code: string, options: { eval: true; workerData: unknown }) => WorkerLike;
}
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

/**
 * Starts `count − 1` workers on the memory (the caller is thread 0), or returns null where worker
 * threads are not available. `control` is a CONTROL_SLOTS-slot block of that memory.
 */
export function startPool(
  module: unknown,
  memory: { buffer: ArrayBufferLike },
  kernels: unknown,
  control: number,
  count: number,
): ThreadPool | null {
  if (count < 2 || typeof SharedArrayBuffer !== 'function' || !(memory.buffer instanceof SharedArrayBuffer)) return null;
  const workers = startNodeWorkers(module, memory, control, count) ?? startWebWorkers(module, memory, control, count);
  if (workers === null) return null;
  const c = new Int32Array(memory.buffer, control, CONTROL_SLOTS);
  const f = new Float32Array(memory.buffer, control, CONTROL_SLOTS);
  const part = new Function('k', 'c', 'f', 'index', PART_SOURCE) as Part;
  // A page's main thread may not block: it polls (spins) instead.
  const mayBlock = typeof (globalThis as { document?: unknown }).document === 'undefined';
  let closed = false;
  const lateness = new Lateness();
  const signal = (op: number) => {
    c[OPCODE] = op;
    c[THREADS] = count;
    Atomics.store(c, PENDING, count - 1);
    Atomics.add(c, GENERATION, 1);
    Atomics.notify(c, GENERATION);
  };
  return {
    size: count,
    get started() {
      return workers.started;
    },
    get failed() {
      return workers.failed;
    },
    ready: workers.ready,
    lateness,
    run(op, args, floats = []) {
      for (let i = 0; i < args.length; i++) c[ARGS + i] = args[i];
      for (let i = 0; i < floats.length; i++) f[FLOAT + i] = floats[i];
      const start = clock.now();
      signal(op);
      part(kernels, c, f, 0);
      const own = clock.now();
      for (;;) {
        const pending = Atomics.load(c, PENDING);
        if (pending === 0) break;
        if (mayBlock) Atomics.wait(c, PENDING, pending, 1000);
      }
      const end = clock.now();
      lateness.record(own - start, end - own, end);
    },
    close() {
      if (closed) return;
      closed = true;
      signal(OP.exit);
      workers.terminate();
    },
  };
}

/** Started workers: whether all of them run yet, or failed to start; and how to stop them. */
interface Workers {
  readonly started: boolean;
  readonly failed: boolean;
  readonly ready: Promise<void>;
  terminate(): void;
}

/** Node's worker threads, which run at once; null outside Node. */
function startNodeWorkers(module: unknown, memory: unknown, control: number, count: number): Workers | null {
  const threads = nodeModule('node:worker_threads') as WorkerThreads | undefined;
  if (threads === undefined) return null;
  const workers: WorkerLike[] = [];
  for (let index = 1; index < count; index++) {
    const worker = new threads.Worker(NODE_WORKER_SOURCE, { eval: true, workerData: { module, memory, control, index } });
    worker.unref(); // idle threads never keep the process alive
    workers.push(worker);
  }
  return { started: true, failed: false, ready: Promise.resolve(), terminate: () => workers.forEach((w) => void w.terminate()) };
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
function startWebWorkers(module: unknown, memory: unknown, control: number, count: number): Workers | null {
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
      worker.postMessage({ module, memory, control, index });
      workers.push(worker);
    }
  });
  return state;
}
